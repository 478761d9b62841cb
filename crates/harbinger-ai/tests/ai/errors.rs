use std::time::Duration;

use harbinger_ai::{AiError, ProviderKind, Researcher};

use crate::llm::{Completion, Step, fake_llm};
use crate::{KEY, content, request, settings};

async fn first_error(kind: ProviderKind, step: Step) -> AiError {
    let fake = fake_llm(vec![step]).await;
    let r = Researcher::new(&settings(kind, &fake.base_url)).expect("settings");
    let err = r.note(&request()).await.expect_err("an error");
    assert!(!err.to_string().contains(KEY), "{err}");
    assert!(!format!("{err:?}").contains(KEY), "{err:?}");
    err
}

#[tokio::test]
async fn a_429_carries_retry_after() {
    let err = first_error(
        ProviderKind::Perplexity,
        Step::json(429, r#"{"error":{"message":"slow down"}}"#).header("retry-after", "7"),
    )
    .await;
    assert_eq!(
        err,
        AiError::RateLimited {
            retry_after: Some(Duration::from_secs(7))
        }
    );
    assert!(err.is_retryable());
    assert_eq!(err.retry_after(), Some(Duration::from_secs(7)));

    // The status decides even when the error body is too big to read.
    let huge = "x".repeat(2 << 20);
    let err = first_error(
        ProviderKind::OpenAi,
        Step::raw(429, "text/plain", huge).header("retry-after", "3"),
    )
    .await;
    assert_eq!(err.retry_after(), Some(Duration::from_secs(3)));
}

#[tokio::test]
async fn perplexitys_html_401_is_unauthorized() {
    let page = include_str!("../fixtures/perplexity/error_401_authorization_required.html");
    let err = first_error(ProviderKind::Perplexity, Step::html(401, page)).await;
    assert_eq!(err, AiError::Unauthorized);
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn a_500_is_retryable_and_a_400_carries_the_providers_message() {
    let err = first_error(ProviderKind::OpenAi, Step::raw(500, "text/plain", "oops")).await;
    assert!(matches!(err, AiError::Upstream { status: 500, .. }));
    assert!(err.is_retryable());

    let body = include_str!("../fixtures/perplexity/error_400_invalid_model.json");
    let err = first_error(ProviderKind::Perplexity, Step::json(400, body)).await;
    match &err {
        AiError::Upstream {
            status: 400,
            message,
        } => {
            assert!(
                message.starts_with("Invalid model 'sonar-pro '"),
                "{message}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(!err.is_retryable());

    let body = include_str!("../fixtures/openai/chat_reasoning-model-legacy-parameter-error.json");
    let err = first_error(ProviderKind::OpenAi, Step::json(400, body)).await;
    assert!(err.to_string().contains("max_completion_tokens"), "{err}");
}

#[tokio::test]
async fn a_stall_past_the_timeout_is_a_timeout() {
    let fake = fake_llm(vec![Step::Stall(Duration::from_secs(3))]).await;
    let mut s = settings(ProviderKind::OpenAi, &fake.base_url);
    s.timeout = Duration::from_millis(300);
    let r = Researcher::new(&s).expect("settings");
    let started = std::time::Instant::now();
    let err = r.note(&request()).await.expect_err("stalled");
    assert_eq!(err, AiError::Timeout);
    assert!(err.is_retryable());
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn truncated_oversized_or_unbilled_answers_are_malformed() {
    let good = Completion::new(&content("s", &[])).step();
    let err = first_error(ProviderKind::OpenAi, good.truncated()).await;
    assert!(matches!(err, AiError::Malformed(_)), "{err:?}");
    assert!(err.is_retryable());

    let huge = format!("{{\"pad\":\"{}\"}}", "a".repeat(1 << 20));
    let err = first_error(ProviderKind::OpenAi, Step::ok(huge)).await;
    assert!(
        matches!(&err, AiError::Malformed(m) if m.contains("larger")),
        "{err:?}"
    );

    let err = first_error(
        ProviderKind::OpenAi,
        Completion::new(&content("s", &[])).without_usage().step(),
    )
    .await;
    assert!(
        matches!(&err, AiError::Malformed(m) if m.contains("usage")),
        "{err:?}"
    );

    let err = first_error(
        ProviderKind::OpenAi,
        Step::ok(r#"{"choices":[],"usage":{"prompt_tokens":1,"completion_tokens":0}}"#),
    )
    .await;
    assert!(matches!(err, AiError::Malformed(_)), "{err:?}");
}

#[tokio::test]
async fn a_redirect_is_not_followed() {
    let elsewhere = fake_llm(vec![Completion::new(&content("s", &[])).step()]).await;
    let target = elsewhere.base_url.replace("127.0.0.1", "localhost") + "/chat/completions";
    let err = first_error(ProviderKind::OpenAi, Step::redirect(&target)).await;
    assert!(
        matches!(err, AiError::Upstream { status: 302, .. }),
        "{err:?}"
    );
    assert!(!err.is_retryable());
    assert_eq!(elsewhere.hits(), 0);
}

#[tokio::test]
async fn nothing_listening_is_a_retryable_transport_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    drop(listener);
    let r = Researcher::new(&settings(ProviderKind::OpenAi, &base)).expect("settings");
    let err = r.note(&request()).await.expect_err("refused");
    assert!(matches!(err, AiError::Transport(_)), "{err:?}");
    assert!(err.is_retryable());
}

#[tokio::test]
async fn bad_requests_never_reach_the_provider() {
    let fake = fake_llm(vec![Completion::new(&content("s", &[])).step()]).await;
    let r = Researcher::new(&settings(ProviderKind::OpenAi, &fake.base_url)).expect("settings");
    let mut bad_url = crate::doc(1);
    bad_url.url = "file:///etc/passwd".into();
    let err = r
        .note(&request().with_documents(vec![bad_url]))
        .await
        .expect_err("bad URL");
    assert!(matches!(err, AiError::InvalidRequest(_)));
    let err = r
        .note(&request().with_documents((0..9).map(crate::doc).collect()))
        .await
        .expect_err("too many");
    assert!(matches!(err, AiError::InvalidRequest(_)));
    let err = r
        .note(&request().with_max_tokens(0))
        .await
        .expect_err("zero cap");
    assert!(matches!(err, AiError::InvalidRequest(_)));
    assert_eq!(fake.hits(), 0);
}
