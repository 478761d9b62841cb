use harbinger_core::Plan;
use harbinger_store::{AuditEvent, NewUser, Role, StoreError};

fn alice() -> NewUser {
    NewUser {
        email: "alice@example.com".into(),
        password_hash: None,
        role: Role::User,
        plan: Plan::Free,
        email_verified: false,
    }
}

both_backends!(create_and_find_user, |store| {
    let created = store
        .create_user(&alice(), &AuditEvent::system("user_created"))
        .await
        .unwrap();
    let found = store
        .user_by_email("alice@example.com")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found, created);
    assert_eq!(found.id.get_version_num(), 7, "ids are UUIDv7");
    assert!(
        store
            .user_by_email("bob@example.com")
            .await
            .unwrap()
            .is_none()
    );
});

both_backends!(an_operator_created_account_is_verified, |store| {
    let new = NewUser {
        email_verified: true,
        ..alice()
    };
    let created = store
        .create_user(&new, &AuditEvent::system("user_created"))
        .await
        .unwrap();
    let found = store
        .user_by_email("alice@example.com")
        .await
        .unwrap()
        .unwrap();
    assert!(found.email_verified_at.is_some());
    assert_eq!(found, created);
});

both_backends!(duplicate_email_is_a_named_conflict, |store| {
    store
        .create_user(&alice(), &AuditEvent::system("user_created"))
        .await
        .unwrap();
    let err = store
        .create_user(&alice(), &AuditEvent::system("user_created"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Conflict("users_email_key")),
        "{err:?}"
    );
});

both_backends!(set_plan_changes_only_that_user, |store| {
    store
        .create_user(&alice(), &AuditEvent::system("user_created"))
        .await
        .unwrap();
    assert!(
        store
            .set_user_plan(
                "alice@example.com",
                Plan::Quant,
                &AuditEvent::system("plan_changed")
            )
            .await
            .unwrap()
    );
    assert!(
        !store
            .set_user_plan(
                "nobody@example.com",
                Plan::Pro,
                &AuditEvent::system("plan_changed")
            )
            .await
            .unwrap()
    );
    let a = store
        .user_by_email("alice@example.com")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a.plan, Plan::Quant);
});
