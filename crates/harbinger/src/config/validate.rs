use std::net::SocketAddr;

use harbinger_auth::mailer::{SmtpEndpoint, SmtpSecurity};

use super::{Config, ConfigError, Mode, Secret};

/// Market-data providers this build knows.
pub const PROVIDERS: &[&str] = &["replay", "yahoo", "stooq", "alphavantage", "binance"];

/// Placeholder values that must never reach production as secrets.
const PLACEHOLDERS: &[&str] = &[
    "changeme",
    "change-me",
    "change_me",
    "secret",
    "password",
    "xxx",
    "todo",
    "replace-me",
    "your-api-key",
    "your_api_key",
    "sk_test_xxx",
    "sk_live_xxx",
    "whsec_xxx",
    "test",
    "example",
];

/// Checks every value a bad setting could break later, naming the first offender.
pub fn validate(c: &Config, name: &dyn Fn(&str) -> String) -> Result<(), ConfigError> {
    let bad = |key: &str, why: String| Err(ConfigError(format!("{}: {why}", name(key))));

    if c.listen.parse::<SocketAddr>().is_err() {
        return bad(
            "listen",
            format!(
                "{:?} is not HOST:PORT (e.g. 127.0.0.1:8080; port 0 picks a free port)",
                c.listen
            ),
        );
    }
    if c.data_dir.as_os_str().is_empty() {
        return bad("data_dir", "is empty".into());
    }
    if let Some(url) = &c.database_url
        && !(url.starts_with("sqlite:")
            || url.starts_with("postgres://")
            || url.starts_with("postgresql://"))
    {
        return bad(
            "database_url",
            "must start with sqlite:, postgres:// or postgresql://".into(),
        );
    }
    if let Some(url) = secret(c.redis_url.as_ref(), "redis_url", name)?
        && !(url.starts_with("redis://")
            || url.starts_with("rediss://")
            || url.starts_with("redis+unix://"))
    {
        return bad("redis_url", "must start with redis:// or rediss://".into());
    }
    if let Some(url) = &c.public_url {
        http_url(url, "public_url", name)?;
    }
    secret(c.sentry_dsn.as_ref(), "sentry_dsn", name)?;
    if c.log.trim().is_empty() {
        return bad(
            "log",
            "is empty; use e.g. info or info,harbinger=debug".into(),
        );
    }
    if c.http.request_timeout_secs == 0
        || c.http.body_limit_bytes == 0
        || c.http.stream_heartbeat_secs == 0
        || c.http.stream_poll_ms == 0
    {
        return bad(
            "http",
            "request_timeout_secs, body_limit_bytes, stream_heartbeat_secs and stream_poll_ms must be positive".into(),
        );
    }
    if let Err(why) = harbinger_web::TrustedProxies::parse(&c.http.trusted_proxies.0) {
        return bad("http.trusted_proxies", why);
    }
    for (key, value) in [
        (
            "http.operations_requests_per_minute",
            c.http.operations_requests_per_minute,
        ),
        (
            "stripe.rejections_per_minute",
            c.stripe.rejections_per_minute,
        ),
    ] {
        if value == 0 {
            return bad(key, "must be at least 1".into());
        }
    }
    secret(c.metrics.token.as_ref(), "metrics.token", name)?;

    let m = &c.market;
    if m.providers.0.is_empty() {
        return bad(
            "market.providers",
            format!("is empty; choose from {}", PROVIDERS.join(",")),
        );
    }
    for (i, p) in m.providers.0.iter().enumerate() {
        if !PROVIDERS.contains(&p.as_str()) {
            return bad(
                "market.providers",
                format!(
                    "unknown provider {p:?}; choose from {}",
                    PROVIDERS.join(",")
                ),
            );
        }
        if m.providers.0[..i].contains(p) {
            return bad("market.providers", format!("{p:?} is listed twice"));
        }
    }
    for (key, url) in [
        ("market.yahoo_base_url", &m.yahoo_base_url),
        ("market.stooq_base_url", &m.stooq_base_url),
        ("market.alphavantage_base_url", &m.alphavantage_base_url),
        ("market.binance_base_url", &m.binance_base_url),
        ("stripe.base_url", &c.stripe.base_url),
    ] {
        http_url(url, key, name)?;
    }
    let av_key = secret(
        m.alphavantage_api_key.as_ref(),
        "market.alphavantage_api_key",
        name,
    )?;
    if m.providers.0.iter().any(|p| p == "alphavantage") && av_key.is_none() {
        return bad(
            "market.alphavantage_api_key",
            "is required when alphavantage is a provider".into(),
        );
    }
    if !(m.replay_bar_seconds.is_finite()
        && m.replay_bar_seconds > 0.0
        && m.replay_bar_seconds <= 86_400.0)
    {
        return bad(
            "market.replay_bar_seconds",
            format!(
                "{} is not between 0 (exclusive) and 86400",
                m.replay_bar_seconds
            ),
        );
    }

    if !(m.cross_check_tolerance.is_finite()
        && m.cross_check_tolerance > 0.0
        && m.cross_check_tolerance < 1.0)
    {
        return bad(
            "market.cross_check_tolerance",
            format!(
                "{} is not between 0 and 1 (exclusive)",
                m.cross_check_tolerance
            ),
        );
    }
    for (key, value, max) in [
        ("market.fresh_secs", m.fresh_secs, 86_400),
        ("market.stale_limit_hours", m.stale_limit_hours, 24 * 30),
        ("market.quote_ttl_secs", m.quote_ttl_secs, 3_600),
        (
            "market.gap_fill_every_minutes",
            m.gap_fill_every_minutes,
            7 * 24 * 60,
        ),
    ] {
        if !(1..=max).contains(&value) {
            return bad(key, format!("{value} is not between 1 and {max}"));
        }
    }
    if m.cache_entries == 0 || m.gap_fill_days == 0 || m.gap_fill_days > 3_660 {
        return bad(
            if m.cache_entries == 0 {
                "market.cache_entries"
            } else {
                "market.gap_fill_days"
            },
            "must be at least 1 (and gap_fill_days at most 3660)".into(),
        );
    }

    let sk = secret(c.stripe.secret_key.as_ref(), "stripe.secret_key", name)?;
    let wh = secret(
        c.stripe.webhook_secret.as_ref(),
        "stripe.webhook_secret",
        name,
    )?;
    match (sk, wh) {
        (Some(_), None) => {
            return bad(
                "stripe.webhook_secret",
                "is required when stripe.secret_key is set".into(),
            );
        }
        (None, Some(_)) => {
            return bad(
                "stripe.secret_key",
                "is required when stripe.webhook_secret is set".into(),
            );
        }
        (Some(k), Some(w)) => {
            if !(k.starts_with("sk_") || k.starts_with("rk_")) {
                return bad(
                    "stripe.secret_key",
                    "does not look like a Stripe key (sk_… or rk_…)".into(),
                );
            }
            if !w.starts_with("whsec_") {
                return bad(
                    "stripe.webhook_secret",
                    "does not look like a Stripe webhook secret (whsec_…)".into(),
                );
            }
        }
        (None, None) => {}
    }

    let ai_key = secret(c.ai.api_key.as_ref(), "ai.api_key", name)?;
    match c.ai.provider.as_str() {
        "perplexity" if ai_key.is_none() => {
            return bad(
                "ai.api_key",
                "is required when ai.provider is perplexity".into(),
            );
        }
        "openai" if ai_key.is_none() && c.ai.base_url.is_none() => {
            return bad(
                "ai.base_url",
                "is required when ai.provider is openai (the server's URL)".into(),
            );
        }
        "local" | "perplexity" | "openai" => {}
        other => {
            return bad(
                "ai.provider",
                format!("unknown provider {other:?}; use local, perplexity or openai"),
            );
        }
    }
    if let Some(url) = &c.ai.base_url {
        http_url(url, "ai.base_url", name)?;
    }

    c.auth.validate(name)?;
    let smtp = match secret(c.smtp.url.as_ref(), "smtp.url", name)? {
        Some(url) => {
            let endpoint = SmtpEndpoint::parse(url)
                .map_err(|why| ConfigError(format!("{}: {why}", name("smtp.url"))))?;
            if c.smtp.from.as_deref().is_none_or(|f| !f.contains('@')) {
                return bad(
                    "smtp.from",
                    "is required when smtp.url is set (an address such as signals@example.com)"
                        .into(),
                );
            }
            Some(endpoint)
        }
        None => None,
    };
    if c.mode == Mode::Production {
        production(c, smtp.as_ref(), name)?;
    }
    Ok(())
}

/// What production mode requires beyond a valid configuration: the shortcuts development
/// allows are refused.
fn production(
    c: &Config,
    smtp: Option<&SmtpEndpoint>,
    name: &dyn Fn(&str) -> String,
) -> Result<(), ConfigError> {
    let bad = |key: &str, why: &str| Err(ConfigError(format!("{}: {why}", name(key))));
    if !c
        .public_url
        .as_deref()
        .is_some_and(|u| u.starts_with("https://"))
    {
        return bad(
            "public_url",
            "production mode needs an https:// public URL (mailed links, Stripe return URLs and Secure cookies use it)",
        );
    }
    let Some(smtp) = smtp else {
        return bad(
            "smtp.url",
            "production mode sends mail over SMTP; set it (the dev mailbox is for development only)",
        );
    };
    if smtp.security == SmtpSecurity::Plain && !smtp.is_loopback() {
        return bad(
            "smtp.url",
            "plain smtp:// to another host would send passwords and links in clear; add ?tls=starttls or use smtps://",
        );
    }
    if c.smtp.dev_mailbox_show_links {
        return bad(
            "smtp.dev_mailbox_show_links",
            "is for development only; unset it in production",
        );
    }
    Ok(())
}

/// A set secret must be non-empty and not a placeholder; returns its value.
fn secret<'a>(
    s: Option<&'a Secret>,
    key: &str,
    name: &dyn Fn(&str) -> String,
) -> Result<Option<&'a str>, ConfigError> {
    let Some(s) = s else { return Ok(None) };
    let v = s.expose().trim();
    if v.is_empty() {
        return Err(ConfigError(format!(
            "{}: is empty; set a value or unset it",
            name(key)
        )));
    }
    if PLACEHOLDERS.contains(&v.to_ascii_lowercase().as_str()) {
        return Err(ConfigError(format!(
            "{}: is a placeholder value; set the real secret",
            name(key)
        )));
    }
    Ok(Some(s.expose()))
}

fn http_url(url: &str, key: &str, name: &dyn Fn(&str) -> String) -> Result<(), ConfigError> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(host)
            if !host.is_empty() && !host.starts_with('/') && !url.contains(char::is_whitespace) =>
        {
            Ok(())
        }
        _ => Err(ConfigError(format!(
            "{}: {url:?} is not an http(s) URL",
            name(key)
        ))),
    }
}
