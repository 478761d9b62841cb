//! Behind a load balancer: the client's address comes from a trusted proxy's forwarding
//! header, so per-address limits, audit rows and sessions see each client, not the proxy;
//! from anyone else the header is ignored.

use serde_json::json;

use super::support::*;

/// A register attempt from `client` (the per-address auth quota covers register too).
async fn register_from(app: &harbinger_testkit::TestApp, header: (&str, &str), n: usize) -> u16 {
    app.client
        .post(format!("{}/api/v1/auth/register", app.url))
        .header(header.0, header.1)
        .json(&json!({"email": format!("new{n}@example.com"), "password": "x"}))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

both!(
    the_auth_limit_counts_each_client_behind_a_trusted_proxy,
    config = |c| {
        behind_proxy(c);
        c.auth.auth_requests_per_minute = 3;
    },
    |app, _clock| {
        let a = "198.51.100.1";
        let statuses: Vec<u16> = failures_from(&app, a, 4).await;
        assert_eq!(
            statuses,
            [401, 401, 401, 429],
            "client A spends its own quota"
        );
        // Client B behind the same proxy is not limited by A …
        let res = try_login_from(&app, "198.51.100.2", "b@example.com", "guess guess").await;
        assert_eq!(res.status(), 401, "one proxy is not one client");
        // … nor is C, named by RFC 7239 `Forwarded` (register is an auth route too).
        assert_eq!(
            register_from(
                &app,
                ("forwarded", "for=\"198.51.100.3:4711\";proto=https"),
                1
            )
            .await,
            422
        );
        // A forged left-most entry does not give A a fresh quota: the proxy appended A.
        let res = try_login_from(&app, &format!("6.6.6.6, {a}"), "a@example.com", "g g g").await;
        assert_eq!(res.status(), 429);
    }
);

/// Logs in `n` times from `client` with a wrong password; the statuses in order.
async fn failures_from(app: &harbinger_testkit::TestApp, client: &str, n: usize) -> Vec<u16> {
    let mut out = Vec::new();
    for _ in 0..n {
        let res = try_login_from(app, client, "a@example.com", "guess guess").await;
        out.push(res.status().as_u16());
    }
    out
}

both!(
    forwarding_headers_from_an_untrusted_peer_are_ignored,
    config = |c| {
        c.auth.auth_requests_per_minute = 3;
    },
    |app, _clock| {
        // No trusted proxies (the default): rotating the headers escapes nothing.
        let mut statuses = Vec::new();
        for i in 0..5 {
            let client = format!("203.0.113.{i}");
            let res = try_login_from(&app, &client, "x@example.com", "guess guess").await;
            statuses.push(res.status().as_u16());
        }
        assert_eq!(statuses, [401, 401, 401, 429, 429]);
        assert_eq!(
            register_from(&app, ("forwarded", "for=203.0.113.99"), 2).await,
            429
        );
    }
);

both!(
    audit_rows_and_sessions_record_the_forwarded_client,
    config = |c| {
        behind_proxy(c);
    },
    |app, _clock| {
        assert_eq!(register(&app, "fwd@example.com", PW).await.status(), 201);
        let res = try_login_from(&app, "203.0.113.77", "fwd@example.com", PW).await;
        assert_eq!(res.status(), 200);
        let cookie = cookie_of(&res);
        let sessions = json_of(get(&app, "/api/v1/me/sessions", Some(&cookie)).await).await;
        assert_eq!(sessions[0]["ip"], "203.0.113.77", "{sessions}");
        let rows = app
            .db
            .store
            .audit_rows(&harbinger_store::AuditQuery {
                after_seq: 0,
                limit: 100,
                action: Some("authn_login_success".into()),
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].ip.as_deref(), Some("203.0.113.77"));
    }
);
