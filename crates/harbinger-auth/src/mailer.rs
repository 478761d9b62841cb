//! Outgoing mail: over SMTP (`lettre`, rustls) when `smtp.url` is set, otherwise, in
//! development only, into the dev mailbox (stored in the database, read by admins with the
//! links' tokens masked). Mail is sent in the request that causes it; a delivery outbox with
//! retries is not built yet, so an SMTP failure fails that request with 503.

use std::time::Duration;

use harbinger_store::Store;
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// Where mail goes.
#[derive(Debug, Clone)]
pub enum Mailer {
    /// Stored in `dev_mailbox` (development mode without SMTP).
    DevMailbox(Store),
    Smtp(SmtpMailer),
}

impl Mailer {
    /// Sends (or stores) one mail. The body may hold a one-time link: never log it.
    pub async fn send(&self, to: &str, subject: &str, body: &str) -> Result<(), crate::AuthError> {
        match self {
            Self::DevMailbox(store) => {
                store.deliver_dev_mail(to, subject, body).await?;
                tracing::info!(subject, "mail stored in the dev mailbox");
                Ok(())
            }
            Self::Smtp(smtp) => smtp.send(to, subject, body).await,
        }
    }

    /// True when mail is kept in the dev mailbox rather than sent.
    pub fn is_dev_mailbox(&self) -> bool {
        matches!(self, Self::DevMailbox(_))
    }
}

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// `smtp://` without `tls`: plain text (a relay on this machine).
    Plain,
    /// `smtp://…?tls=starttls` (or `tls=required`): upgraded with STARTTLS, refused without it.
    StartTls,
    /// `smtps://`: TLS from the first byte.
    Implicit,
}

/// A parsed `smtp.url`.
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpEndpoint {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    user: Option<String>,
    password: Option<String>,
}

impl std::fmt::Debug for SmtpEndpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpEndpoint")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("user", &self.user)
            .finish_non_exhaustive()
    }
}

impl SmtpEndpoint {
    /// Parses `smtp://[user:pass@]host[:port][?tls=starttls]` or `smtps://…`; the reason
    /// it is refused otherwise. User and password are percent-decoded.
    pub fn parse(url: &str) -> Result<Self, String> {
        let (scheme, rest) = url.split_once("://").ok_or(
            "is not a URL; use smtp://host:port, smtp://host?tls=starttls or smtps://host",
        )?;
        let (authority, query) = match rest.split_once('?') {
            Some((a, q)) => (a, Some(q)),
            None => (rest, None),
        };
        let authority = authority.trim_end_matches('/');
        let tls = match query {
            None => None,
            Some(q) => {
                let mut tls = None;
                for pair in q.split('&').filter(|p| !p.is_empty()) {
                    match pair.split_once('=') {
                        Some(("tls", v)) => tls = Some(v.to_ascii_lowercase()),
                        _ => {
                            return Err(format!(
                                "unknown parameter {pair:?}; only tls=starttls is understood"
                            ));
                        }
                    }
                }
                tls
            }
        };
        let security = match (scheme, tls.as_deref()) {
            ("smtp", None) => SmtpSecurity::Plain,
            ("smtp", Some("starttls" | "required")) => SmtpSecurity::StartTls,
            ("smtps", None | Some("implicit")) => SmtpSecurity::Implicit,
            ("smtp" | "smtps", Some(other)) => {
                return Err(format!(
                    "tls={other} is not understood; use tls=starttls or smtps://"
                ));
            }
            (other, _) => return Err(format!("scheme {other:?} is not smtp:// or smtps://")),
        };
        let (userinfo, hostport) = match authority.rsplit_once('@') {
            Some((u, h)) => (Some(u), h),
            None => (None, authority),
        };
        let (user, password) = match userinfo {
            None => (None, None),
            Some(u) => {
                let (name, pass) = u.split_once(':').unwrap_or((u, ""));
                (
                    Some(decode(name)?),
                    (!pass.is_empty()).then(|| decode(pass)).transpose()?,
                )
            }
        };
        let (host, port) = split_host_port(hostport)?;
        let port = port.unwrap_or(match security {
            SmtpSecurity::Plain => 25,
            SmtpSecurity::StartTls => 587,
            SmtpSecurity::Implicit => 465,
        });
        Ok(Self {
            host,
            port,
            security,
            user,
            password,
        })
    }

    /// True when the host is this machine (`localhost` or a loopback address).
    pub fn is_loopback(&self) -> bool {
        self.host.eq_ignore_ascii_case("localhost")
            || self
                .host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback())
    }
}

fn split_host_port(hostport: &str) -> Result<(String, Option<u16>), String> {
    let (host, port) = if let Some(v6) = hostport.strip_prefix('[') {
        let (h, after) = v6.split_once(']').ok_or("has an unclosed [ in the host")?;
        (h, after.strip_prefix(':'))
    } else {
        match hostport.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (hostport, None),
        }
    };
    if host.is_empty() {
        return Err("names no host".into());
    }
    let port = port
        .map(|p| {
            p.parse::<u16>()
                .map_err(|_| format!("port {p:?} is not a number from 1 to 65535"))
        })
        .transpose()?;
    if port == Some(0) {
        return Err("port 0 is not a port".into());
    }
    Ok((host.to_owned(), port))
}

fn decode(s: &str) -> Result<String, String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3).ok_or("has a broken %-escape")?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| "has a broken %-escape")?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| "has a %-escape that is not UTF-8".into())
}

/// Sends over one SMTP server with a small connection pool.
#[derive(Clone)]
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl std::fmt::Debug for SmtpMailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpMailer")
            .field("from", &self.from.to_string())
            .finish_non_exhaustive()
    }
}

impl SmtpMailer {
    /// A mailer for `endpoint` sending as `from`; the reason when `from` is not an address.
    pub fn new(endpoint: &SmtpEndpoint, from: &str) -> Result<Self, String> {
        let from: Mailbox = from
            .parse()
            .map_err(|e| format!("smtp.from {from:?} is not an address: {e}"))?;
        let tls = |host: &str| {
            TlsParameters::new(host.to_owned())
                .map_err(|e| format!("smtp.url: TLS set-up failed: {e}"))
        };
        let security = match endpoint.security {
            SmtpSecurity::Plain => Tls::None,
            SmtpSecurity::StartTls => Tls::Required(tls(&endpoint.host)?),
            SmtpSecurity::Implicit => Tls::Wrapper(tls(&endpoint.host)?),
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&endpoint.host)
            .port(endpoint.port)
            .tls(security)
            .timeout(Some(Duration::from_secs(10)));
        if let Some(user) = &endpoint.user {
            builder = builder.credentials(Credentials::new(
                user.clone(),
                endpoint.password.clone().unwrap_or_default(),
            ));
        }
        Ok(Self {
            transport: builder.build(),
            from,
        })
    }

    async fn send(&self, to: &str, subject: &str, body: &str) -> Result<(), crate::AuthError> {
        let to: Mailbox = to
            .parse()
            .map_err(|e| crate::AuthError::Internal(format!("recipient is not an address: {e}")))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(lettre::message::header::ContentType::TEXT_PLAIN)
            .body(body.to_owned())
            .map_err(|e| crate::AuthError::Internal(format!("mail not built: {e}")))?;
        match self.transport.send(message).await {
            Ok(_) => {
                tracing::info!(subject, "mail sent over SMTP");
                Ok(())
            }
            Err(e) => {
                tracing::warn!(subject, error = %e, "SMTP delivery failed");
                Err(crate::AuthError::Unavailable)
            }
        }
    }
}

/// The body with the value of every `token=` parameter in its links replaced, so reading the
/// dev mailbox does not hand out working reset or verification links.
pub fn mask_link_tokens(body: &str) -> String {
    const KEY: &str = "token=";
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(at) = rest.find(KEY) {
        let (head, tail) = rest.split_at(at + KEY.len());
        out.push_str(head);
        let len = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '%'))
            .unwrap_or(tail.len());
        if len > 0 {
            out.push_str("[hidden]");
        }
        rest = &tail[len..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn smtp_urls_parse_with_their_security_and_default_ports() {
        let e = SmtpEndpoint::parse("smtp://127.0.0.1:2525").unwrap();
        assert_eq!(
            (e.host.as_str(), e.port, e.security),
            ("127.0.0.1", 2525, SmtpSecurity::Plain)
        );
        assert!(e.is_loopback());
        let e =
            SmtpEndpoint::parse("smtp://me%40x.com:p%3Ass@mail.example.com?tls=starttls").unwrap();
        assert_eq!((e.port, e.security), (587, SmtpSecurity::StartTls));
        assert_eq!(
            (e.user.as_deref(), e.password.as_deref()),
            (Some("me@x.com"), Some("p:ss"))
        );
        assert!(!e.is_loopback());
        let e = SmtpEndpoint::parse("smtps://[::1]").unwrap();
        assert_eq!(
            (e.host.as_str(), e.port, e.security),
            ("::1", 465, SmtpSecurity::Implicit)
        );
        assert!(!format!("{e:?}").contains("p:ss"));
        for bad in [
            "mail.example.com",
            "http://x",
            "smtp://",
            "smtp://x:0",
            "smtp://x:99999",
            "smtp://x?tls=maybe",
            "smtp://x?foo=1",
            "smtp://u:%zz@x",
        ] {
            assert!(SmtpEndpoint::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn mailbox_view_hides_every_link_token() {
        let body = "Reset: http://h/reset-password?token=AbC-12_3x\nVerify: http://h/verify-email?token=zz.\nno token= here";
        assert_eq!(
            mask_link_tokens(body),
            "Reset: http://h/reset-password?token=[hidden]\nVerify: http://h/verify-email?token=[hidden].\nno token= here"
        );
    }
}
