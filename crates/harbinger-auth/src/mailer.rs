//! Outgoing mail. Only the dev mailbox exists today: mail is stored in the database and
//! admins read it through `GET /api/v1/admin/mailbox`. SMTP delivery arrives with the
//! notifications work; until then start-up refuses `smtp.url` with a clear message.

use harbinger_store::Store;

/// Where mail goes.
#[derive(Debug, Clone)]
pub enum Mailer {
    /// Stored in `dev_mailbox`.
    DevMailbox(Store),
}

impl Mailer {
    /// Sends (stores) one mail. The body may hold a one-time link: never log it.
    pub async fn send(&self, to: &str, subject: &str, body: &str) -> Result<(), crate::AuthError> {
        match self {
            Self::DevMailbox(store) => {
                store.deliver_dev_mail(to, subject, body).await?;
                tracing::info!(subject, "mail stored in the dev mailbox");
                Ok(())
            }
        }
    }
}
