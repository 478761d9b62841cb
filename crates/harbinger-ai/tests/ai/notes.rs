use harbinger_ai::{AiError, ProviderKind, Researcher, Usage};

use crate::llm::{Completion, fake_llm};
use crate::{KEY, content, doc, request, settings};

#[tokio::test]
async fn a_perplexity_answer_becomes_a_note_with_its_citations() {
    let urls = [
        "https://a.example/one",
        "https://b.example/two",
        "https://c.example/3",
    ];
    let fake = fake_llm(vec![
        Completion::perplexity(&content("Chip demand is strong.", &[1, 2]), &urls)
            .usage(321, 45, 366)
            .step(),
    ])
    .await;
    let r = Researcher::new(&settings(ProviderKind::Perplexity, &fake.base_url)).expect("settings");
    let note = r
        .note(&request().with_max_tokens(200))
        .await
        .expect("a note");

    assert_eq!(note.summary, "Chip demand is strong.");
    let cited: Vec<_> = note.claims[0]
        .sources
        .iter()
        .map(|c| c.url.as_str())
        .collect();
    assert_eq!(cited, ["https://a.example/one", "https://b.example/two"]);
    assert_eq!(note.claims[0].sources[1].title.as_deref(), Some("Result 2"));
    assert_eq!(note.citations.len(), 3);
    assert_eq!(
        note.usage,
        Usage {
            prompt_tokens: 321,
            completion_tokens: 45,
            total_tokens: 366
        }
    );
    assert_eq!(
        (note.provider.as_str(), note.model.as_str()),
        ("perplexity", "sonar")
    );

    // What went over the wire.
    assert_eq!(fake.hits(), 1);
    let sent = fake.last_request_body().expect("a request");
    assert_eq!(sent["model"], "sonar");
    assert_eq!(
        sent["max_tokens"], 200,
        "the smaller of the call's and the settings' cap"
    );
    assert_eq!(sent["temperature"], 0);
    assert_eq!(sent["messages"][0]["role"], "system");
    assert_eq!(sent["messages"][1]["role"], "user");
    assert_eq!(sent["response_format"]["type"], "json_schema");
    assert_eq!(
        sent["response_format"]["json_schema"]["name"],
        "research_note"
    );
    assert_eq!(
        sent["response_format"]["json_schema"]["schema"]["additionalProperties"],
        false
    );
    assert_eq!(
        fake.last_request_header("authorization").as_deref(),
        Some(&*format!("Bearer {KEY}"))
    );
    assert_eq!(
        fake.last_request_header("user-agent").as_deref(),
        Some(concat!("harbinger/", env!("CARGO_PKG_VERSION")))
    );

    // The note round-trips through JSON (the web layer stores it so).
    let json = serde_json::to_string(&note).expect("serialises");
    assert_eq!(
        serde_json::from_str::<harbinger_ai::Note>(&json).expect("reads back"),
        note
    );
}

#[tokio::test]
async fn without_citations_in_the_answer_claims_cite_the_documents() {
    let fake = fake_llm(vec![
        Completion::new(&content("Guidance raised.", &[2])).step(),
    ])
    .await;
    let mut s = settings(ProviderKind::OpenAi, &format!("{}/", fake.base_url));
    s.api_key = None;
    let r = Researcher::new(&s).expect("settings");
    let note = r
        .note(&request().with_documents(vec![doc(1), doc(2)]))
        .await
        .expect("a note");
    assert_eq!(note.claims[0].sources[0].url, "https://news.example/2");
    assert_eq!(
        note.claims[0].sources[0].title.as_deref(),
        Some("Article 2")
    );
    assert_eq!(note.provider, "openai");
    let sent = fake.last_request_body().expect("a request");
    assert_eq!(sent["max_tokens"], 800);
    assert_eq!(sent["response_format"]["json_schema"]["strict"], true);
    assert!(
        fake.last_request_header("authorization").is_none(),
        "no key, no header"
    );
}

#[tokio::test]
async fn fenced_content_is_accepted_and_control_characters_are_handled_as_documented() {
    let fenced = format!("```json\n{}\n```", content("Fenced.", &[1]));
    let tabbed = r#"{"summary":"line one\r\nline\ttwo","claims":[]}"#;
    let bell = r#"{"summary":"ring \u0007 bell","claims":[]}"#;
    let fake = fake_llm(vec![
        Completion::perplexity(&fenced, &["https://a.example/"]).step(),
        Completion::new(tabbed).step(),
        Completion::new(bell).step(),
    ])
    .await;
    let r = Researcher::new(&settings(ProviderKind::Perplexity, &fake.base_url)).expect("settings");
    let req = request();
    assert_eq!(r.note(&req).await.expect("fenced").summary, "Fenced.");
    assert_eq!(
        r.note(&req).await.expect("normalised").summary,
        "line one\nline two"
    );
    let err = r.note(&req).await.expect_err("a bell is not text");
    assert!(matches!(err, AiError::Rejected { .. }), "{err:?}");
}

#[tokio::test]
async fn a_citation_index_out_of_range_is_rejected_and_charged() {
    let fake = fake_llm(vec![
        Completion::perplexity(
            &content("s", &[3]),
            &["https://a.example/", "https://b.example/"],
        )
        .usage(10, 20, 30)
        .step(),
    ])
    .await;
    let r = Researcher::new(&settings(ProviderKind::Perplexity, &fake.base_url)).expect("settings");
    let err = r.note(&request()).await.expect_err("index 3 of 2");
    assert!(matches!(&err, AiError::Rejected { reason, .. } if reason.contains("does not exist")));
    assert!(!err.is_retryable());
    assert_eq!(err.usage().map(|u| u.total_tokens), Some(30));
}

#[tokio::test]
async fn an_answer_cut_at_the_cap_is_rejected() {
    let fake = fake_llm(vec![
        Completion::new("{\"summary\":\"abc")
            .finish_reason("length")
            .step(),
    ])
    .await;
    let r = Researcher::new(&settings(ProviderKind::OpenAi, &fake.base_url)).expect("settings");
    let err = r.note(&request()).await.expect_err("cut");
    assert!(matches!(&err, AiError::Rejected { reason, .. } if reason.contains("token cap")));
}
