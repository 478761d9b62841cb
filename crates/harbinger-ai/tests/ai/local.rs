use harbinger_ai::{AiSettings, Researcher, Usage};

use crate::{doc, request};

#[tokio::test]
async fn the_local_researcher_is_deterministic_and_free() {
    // The default settings mean no provider: the local researcher, whatever the base URL says.
    let settings = AiSettings {
        base_url: "http://127.0.0.1:1".into(),
        ..AiSettings::default()
    };
    let r = Researcher::new(&settings).expect("local");
    assert!(matches!(r, Researcher::Local(_)));
    let req = request().with_documents(vec![doc(1)]);
    let a = r.note(&req).await.expect("a note");
    let b = Researcher::local().note(&req).await.expect("a note");
    assert_eq!(a, b);
    assert_eq!(a.usage, Usage::default());
    assert_eq!(a.provider, "local");
    assert!(a.citations.is_empty());
    assert!(a.claims.iter().all(|c| c.sources.is_empty()));
    assert_eq!(a.claims.len(), 2);
    assert!(
        a.summary.contains("NVDA") && a.summary.contains("mom_20"),
        "{}",
        a.summary
    );
    // It states no price, stop, target or confidence of the signal.
    let text = serde_json::to_string(&a).expect("serialises");
    for figure in ["120.5", "114", "133", "0.64"] {
        assert!(!text.contains(figure), "{figure} in {text}");
    }
}
