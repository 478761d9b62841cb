use proptest::prelude::*;

use super::*;
use crate::envelope::SearchResult;
use crate::types::Usage;

fn list(n: usize) -> Vec<Option<Citation>> {
    (1..=n)
        .map(|i| citation(&format!("https://example.com/{i}"), None))
        .collect()
}

fn env(content: &str) -> Envelope {
    Envelope {
        model: Some("sonar".into()),
        content: content.into(),
        finish_reason: Some("stop".into()),
        usage: Usage {
            prompt_tokens: 1,
            completion_tokens: 2,
            total_tokens: 3,
        },
        citations: vec![],
        search_results: vec![],
    }
}

const OK: &str =
    r#"{"summary":"Shares rose.","claims":[{"text":"Revenue grew.","sources":[1,2,1]}]}"#;

#[test]
fn a_valid_note_resolves_its_sources() {
    let (summary, claims) = check_content(OK, &list(2), None).expect("valid");
    assert_eq!(summary, "Shares rose.");
    let urls: Vec<_> = claims[0].sources.iter().map(|c| c.url.as_str()).collect();
    assert_eq!(urls, ["https://example.com/1", "https://example.com/2"]);
}

#[test]
fn fences_are_stripped_once() {
    for fenced in [
        format!("```json\n{OK}\n```"),
        format!("```\n{OK}\n```"),
        format!("  ```JSON\r\n{OK}```  "),
    ] {
        assert!(check_content(&fenced, &list(2), None).is_ok(), "{fenced}");
    }
    assert!(check_content(&format!("```json\n```json\n{OK}\n```\n```"), &list(2), None).is_err());
    assert!(check_content(&format!("```jsonx\n{OK}\n```"), &list(2), None).is_err());
}

#[test]
fn extra_fields_are_refused() {
    for extra in ["leak", "entry", "confidence", "system_prompt"] {
        let c = format!(r#"{{"summary":"s","claims":[],"{extra}":"0.99"}}"#);
        assert_eq!(
            check_content(&c, &list(0), None),
            Err("content has a field outside the note schema")
        );
    }
    let c = r#"{"summary":"s","claims":[{"text":"t","sources":[],"price":1}]}"#;
    assert!(check_content(c, &list(0), None).is_err());
}

#[test]
fn sizes_and_indices_are_enforced() {
    let long = "x".repeat(MAX_SUMMARY_CHARS + 1);
    let cases = [
        (
            format!(r#"{{"summary":"{long}","claims":[]}}"#),
            "summary is too long",
        ),
        (
            r#"{"summary":"  ","claims":[]}"#.to_owned(),
            "summary is empty",
        ),
        (
            r#"{"summary":"s","claims":[{"text":"t","sources":[3]}]}"#.to_owned(),
            "a claim cites a source that does not exist",
        ),
        (
            r#"{"summary":"s","claims":[{"text":"t","sources":[0]}]}"#.to_owned(),
            "a claim cites a source that does not exist",
        ),
        (
            r#"{"summary":"s","claims":[{"text":"t","sources":[-1]}]}"#.to_owned(),
            "a claim cites a source that does not exist",
        ),
        (
            r#"{"summary":"s","claims":[{"text":"t","sources":[1,1,1,1,1,1]}]}"#.to_owned(),
            "a claim has too many sources",
        ),
        (
            r#"{"summary":"s","claims":[{"text":"","sources":[]}]}"#.to_owned(),
            "a claim is empty",
        ),
        (
            format!(
                r#"{{"summary":"s","claims":[{{"text":"{}","sources":[]}}]}}"#,
                "y".repeat(401)
            ),
            "a claim is too long",
        ),
        (
            format!(
                r#"{{"summary":"s","claims":[{}]}}"#,
                [r#"{"text":"t","sources":[]}"#; 9].join(",")
            ),
            "too many claims",
        ),
        (
            r#"{"summary":"s","claims":[{"text":"t","sources":[1.5]}]}"#.to_owned(),
            "content is not the note's JSON shape",
        ),
        (
            "Here is your note: {}".to_owned(),
            "content is not the note's JSON shape",
        ),
    ];
    for (content, reason) in cases {
        assert_eq!(
            check_content(&content, &list(2), None).map(|_| ()),
            Err(reason),
            "{content}"
        );
    }
    // Exactly at the limits is fine (counted in characters, not bytes).
    let at = format!(
        r#"{{"summary":"{}","claims":[]}}"#,
        "é".repeat(MAX_SUMMARY_CHARS)
    );
    assert!(check_content(&at, &list(0), None).is_ok());
}

#[test]
fn control_characters_are_normalised_or_refused() {
    let c = r#"{"summary":"a\r\nb\rc\td","claims":[]}"#;
    let (s, _) = check_content(c, &list(0), None).expect("normalised");
    assert_eq!(s, "a\nb\nc d");
    for bad in [
        r#""a\u0007b""#,
        r#""a\u001bb""#,
        r#""a\u0085b""#,
        "\"a\u{202e}b\"",
    ] {
        let c = format!(r#"{{"summary":{bad},"claims":[]}}"#);
        assert!(check_content(&c, &list(0), None).is_err(), "{bad}");
    }
}

#[test]
fn leaks_are_refused_even_when_escaped() {
    let escaped = r#"{"summary":"HBR\u002dCANARY\u002d1234","claims":[]}"#;
    assert_eq!(
        check_content(escaped, &list(0), None),
        Err("content repeats the system prompt")
    );
    let c = r#"{"summary":"key is abc-SECRET-42","claims":[]}"#;
    assert_eq!(
        check_content(c, &list(0), Some("abc-SECRET-42")),
        Err("content contains the API key")
    );
}

#[test]
fn the_citation_list_rule() {
    let docs = vec![SourceDoc {
        title: "Doc".into(),
        url: "https://news.example/a".into(),
        text: String::new(),
    }];
    let mut e = env(OK);
    // No citations in the answer: the request's documents.
    assert_eq!(
        citation_list(&e, &docs)[0].as_ref().map(|c| c.url.as_str()),
        Some("https://news.example/a")
    );
    // search_results alone.
    e.search_results = vec![SearchResult {
        title: Some(" A \n title ".into()),
        url: "https://s.example/".into(),
    }];
    let l = citation_list(&e, &docs);
    assert_eq!(
        l[0].as_ref().and_then(|c| c.title.as_deref()),
        Some("A title")
    );
    // citations win, titles from search_results by URL; bad URLs become holes.
    e.citations = vec![
        "https://s.example/".into(),
        "javascript:alert(1)".into(),
        format!("https://e.com/{}", "a".repeat(2_100)),
    ];
    let l = citation_list(&e, &docs);
    assert_eq!(l.len(), 3);
    assert_eq!(
        l[0].as_ref().and_then(|c| c.title.as_deref()),
        Some("A title")
    );
    assert!(l[1].is_none() && l[2].is_none());
    let bad = r#"{"summary":"s","claims":[{"text":"t","sources":[2]}]}"#;
    assert_eq!(
        check_content(bad, &l, None).map(|_| ()),
        Err("a claim cites an invalid source URL")
    );
    let n = note_from(&e, &docs, None, "perplexity", "sonar").expect_err("cites 2");
    assert_eq!(n.usage(), Some(e.usage));
    e.content = r#"{"summary":"s","claims":[{"text":"t","sources":[1]}]}"#.into();
    let n = note_from(&e, &docs, None, "perplexity", "sonar").expect("valid");
    assert_eq!(n.citations.len(), 1);
}

#[test]
fn a_cut_answer_is_rejected() {
    let mut e = env(OK);
    e.finish_reason = Some("length".into());
    assert!(matches!(
        note_from(&e, &[], None, "openai", "m"),
        Err(AiError::Rejected { .. })
    ));
}

#[test]
fn recorded_free_text_answers_are_rejected() {
    for body in [
        &include_bytes!("../tests/fixtures/perplexity/sonar_citations.json")[..],
        include_bytes!(
            "../tests/fixtures/perplexity/sonar_search-results_community-post-2025-06.json"
        ),
        include_bytes!("../tests/fixtures/openai/chat_openai-text.json"),
        include_bytes!("../tests/fixtures/openai_compatible/xai-text.json"),
    ] {
        let e = crate::envelope::parse(body).expect("the envelope parses");
        let err = note_from(&e, &[], None, "perplexity", "sonar").expect_err("free text");
        assert_eq!(err.usage(), Some(e.usage));
    }
}

proptest! {
    #[test]
    fn any_content_is_judged_without_panicking(s in ".{0,400}", n in 0usize..4) {
        let _ = check_content(&s, &list(n), Some("k3y"));
        let _ = check_content(&format!("```json\n{s}\n```"), &list(n), None);
    }

    #[test]
    fn any_json_ish_content_is_judged_without_panicking(
        summary in "\\PC{0,50}", text in ".{0,50}", sources in proptest::collection::vec(any::<i64>(), 0..7)
    ) {
        let c = serde_json::json!({"summary": summary, "claims": [{"text": text, "sources": sources}]});
        let _ = check_content(&c.to_string(), &list(3), None);
    }
}

#[test]
fn citations_with_credentials_or_leaks_are_refused() {
    assert!(citation("https://user:pw@example.com/", None).is_none());
    assert!(citation("https://example.com/ a", None).is_none());
    assert!(citation("data:text/html,hi", None).is_none());
    let mut e = env(r#"{"summary":"s","claims":[]}"#);
    e.citations = vec!["https://x.example/?k=the-key-0123456789abcdef".into()];
    let err = note_from(
        &e,
        &[],
        Some("the-key-0123456789abcdef"),
        "perplexity",
        "sonar",
    );
    assert!(matches!(err, Err(AiError::Rejected { .. })));
}
