use std::io::{BufRead as _, Write as _};

use harbinger_core::{Email, Plan};
use harbinger_store::{AuditEvent, NewUser, Role, StoreError};

use super::Failure;
use crate::cli::{PlanArg, RoleArg, UsersCommand};
use crate::config::Loaded;

/// Shortest accepted password, in characters (NIST SP 800-63B).
const MIN_PASSWORD_CHARS: usize = 8;
/// Longest accepted password; long enough for passphrases, short enough to bound hashing.
const MAX_PASSWORD_CHARS: usize = 1024;

pub async fn run(loaded: Loaded, cmd: UsersCommand) -> Result<(), Failure> {
    let _telemetry = super::telemetry(&loaded)?;
    match cmd {
        UsersCommand::Create { email, role, json } => {
            let email =
                Email::parse(&email).map_err(|e| Failure::usage(format!("--email: {e}")))?;
            let password = read_password()?;
            let hash =
                tokio::task::spawn_blocking(move || harbinger_auth::password::hash_now(&password))
                    .await
                    .map_err(|e| Failure::failed(format!("password hashing failed: {e}")))?
                    .map_err(|e| Failure::failed(format!("password hashing failed: {e}")))?;
            let store = super::store(&loaded.config).await?;
            let role = match role {
                RoleArg::User => Role::User,
                RoleArg::Admin => Role::Admin,
            };
            let audit = AuditEvent::system("user_created")
                .meta(serde_json::json!({"role": role.as_str(), "via": "cli"}));
            let user = store
                .create_user(
                    &NewUser {
                        email: email.to_string(),
                        password_hash: Some(hash),
                        role,
                        plan: Plan::Free,
                        email_verified: true,
                    },
                    &audit,
                )
                .await
                .map_err(|e| match e {
                    StoreError::Conflict(_) => {
                        Failure::usage(format!("an account with email {email} already exists"))
                    }
                    other => Failure::failed(format!("cannot create the account: {other}")),
                })?;
            print(
                json,
                &serde_json::json!({
                    "id": user.id,
                    "email": user.email,
                    "role": role.as_str(),
                    "plan": "free",
                    "email_verified": user.email_verified_at.is_some(),
                }),
                || {
                    format!(
                        "created {} account {} ({})",
                        role.as_str(),
                        user.email,
                        user.id
                    )
                },
            );
            Ok(())
        }
        UsersCommand::SetPlan { email, plan, json } => {
            let email =
                Email::parse(&email).map_err(|e| Failure::usage(format!("--email: {e}")))?;
            let plan = match plan {
                PlanArg::Free => Plan::Free,
                PlanArg::Pro => Plan::Pro,
                PlanArg::Quant => Plan::Quant,
            };
            let store = super::store(&loaded.config).await?;
            let found = store
                .set_user_plan(
                    email.as_str(),
                    plan,
                    &AuditEvent::system("plan_change")
                        .meta(serde_json::json!({"plan": plan.as_str(), "via": "cli"})),
                )
                .await
                .map_err(|e| Failure::failed(format!("cannot set the plan: {e}")))?;
            if !found {
                return Err(Failure::failed(format!(
                    "no account with email {email}; create it with `harbinger users create --email {email}`"
                )));
            }
            print(
                json,
                &serde_json::json!({"email": email.as_str(), "plan": plan.as_str()}),
                || format!("{email} is now on the {plan} plan"),
            );
            Ok(())
        }
    }
}

/// Reads the first line of stdin as the password (a trailing newline is not part of it).
fn read_password() -> Result<String, Failure> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(|e| {
        Failure::usage(format!("cannot read the password from standard input: {e}"))
    })?;
    let password = line.strip_suffix('\n').unwrap_or(&line);
    let password = password.strip_suffix('\r').unwrap_or(password).to_owned();
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS {
        return Err(Failure::usage(format!(
            "the password on standard input has {n} characters; at least {MIN_PASSWORD_CHARS} are required"
        )));
    }
    if n > MAX_PASSWORD_CHARS {
        return Err(Failure::usage(format!(
            "the password is longer than {MAX_PASSWORD_CHARS} characters"
        )));
    }
    Ok(password)
}

fn print(json: bool, value: &serde_json::Value, text: impl FnOnce() -> String) {
    let mut out = std::io::stdout().lock();
    let _ = if json {
        writeln!(out, "{value}")
    } else {
        writeln!(out, "{}", text())
    };
}
