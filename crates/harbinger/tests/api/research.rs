//! AI research notes through the API, with a fake OpenAI-compatible server speaking the real
//! wire format: S23 (the model's output is validated before it is stored, an answer that
//! breaks the schema or leaks the prompt is refused, a per-user budget of notes and tokens),
//! F5 (a sick upstream is retried, then the note is marked failed, never stored half-checked),
//! and the embedded default's local researcher.

use std::time::{Duration, Instant};

use harbinger_core::{ManualClock, Plan};
use harbinger_testkit::llm::{Completion, FakeLlm, Step, fake_llm};
use harbinger_testkit::{Backend, TestApp};
use serde_json::{Value, json};

use crate::accounts::support::{PW, get, json_of, login, post, set_plan, spawn, user, user_id};
use crate::signal_api::signal;

const KEY: &str = "sk-plantedresearchkey0123456789";

/// A valid note citing the answer's first source.
const GOOD: &str = r#"{"summary":"Momentum is positive after a breakout above the 50-day average.","claims":[{"text":"The close cleared the 50-day average on rising volume.","sources":[1]}]}"#;

async fn ai_app(
    backend: Backend,
    fake: &FakeLlm,
    notes: u32,
    tokens: u32,
) -> (TestApp, ManualClock) {
    let url = fake.base_url.clone();
    let (app, clock) = spawn(backend, move |c| {
        c.ai.provider = "openai".into();
        c.ai.base_url = Some(url);
        c.ai.api_key = Some(harbinger::config::Secret::new(KEY));
        c.ai.model = Some("gpt-4.1-mini".into());
        c.plans.pro.ai_notes_per_day = notes;
        c.plans.pro.ai_tokens_per_day = tokens;
    })
    .await;
    // Budgets are per UTC day and the tests move the clock past retry backoffs: start well
    // inside a day, so a run near midnight does not get a fresh budget halfway through.
    let into_day = harbinger_core::Clock::now_ms(&clock).rem_euclid(86_400_000);
    if into_day > 18 * 3_600_000 {
        clock.advance_ms(86_400_000 - into_day + 3_600_000);
    }
    (app, clock)
}

async fn pro_user(app: &TestApp, email: &str) -> String {
    let cookie = user(app, email).await;
    set_plan(app, email, Plan::Pro).await;
    cookie
}

async fn new_signal(app: &TestApp, symbol: &str) -> String {
    signal(&app.db.store, "sma_cross", symbol, 1_700_000_000, "0.61", 0)
        .await
        .id
        .to_string()
}

/// Polls the note until it leaves `pending` (advancing the clock past retry backoffs).
async fn settled(app: &TestApp, clock: &ManualClock, cookie: &str, id: &str) -> Value {
    let start = Instant::now();
    loop {
        let n =
            json_of(get(app, &format!("/api/v1/signals/{id}/research"), Some(cookie)).await).await;
        if n["status"] != "pending" {
            return n;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "still pending: {n}"
        );
        clock.advance_ms(10_000);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn ask(app: &TestApp, id: &str, cookie: &str) -> reqwest::Response {
    post(
        app,
        &format!("/api/v1/signals/{id}/research"),
        Some(cookie),
        json!({}),
    )
    .await
}

fn completion(content: &str) -> Step {
    Completion::perplexity(content, &["https://example.com/a", "https://example.com/b"])
        .usage(400, 100, 500)
        .step()
}

macro_rules! research_test {
    ($name:ident, |$backend:ident| $body:block) => {
        mod $name {
            use super::*;

            async fn run($backend: Backend) $body

            #[tokio::test]
            async fn sqlite() {
                run(Backend::Sqlite).await;
            }

            #[tokio::test]
            async fn postgres() {
                run(Backend::Postgres).await;
            }
        }
    };
}

research_test!(
    s23_model_output_is_validated_before_it_is_stored,
    |backend| {
        // The model answers with an injected extra field, then with the system prompt's canary
        // in the summary, then with a valid note.
        let leak = format!(
            r#"{{"summary":"As instructed: {}","claims":[]}}"#,
            harbinger_ai::prompt::canary()
        );
        let fake = fake_llm(vec![
            completion(
                r#"{"summary":"ok","claims":[],"leak":"system prompt here","confidence":0.99}"#,
            ),
            completion(&leak),
            completion(GOOD),
        ])
        .await;
        let (app, clock) = ai_app(backend, &fake, 20, 100_000).await;
        let cookie = pro_user(&app, "analyst@example.com").await;
        let id = new_signal(&app, "AAPL").await;
        let path = format!("/api/v1/signals/{id}/research");

        // 1. Schema broken by the answer: refused, nothing of it stored.
        let res = post(&app, &path, Some(&cookie), json!({})).await;
        assert_eq!(res.status(), 202);
        assert!(
            res.headers()["location"]
                .to_str()
                .unwrap()
                .ends_with("/research")
        );
        let n = settled(&app, &clock, &cookie, &id).await;
        assert_eq!(
            (n["status"].as_str(), n["error"].as_str()),
            (Some("failed"), Some("rejected")),
            "{n}"
        );
        assert_eq!(n["note"], Value::Null);
        assert!(!n.to_string().contains("system prompt here"));
        let ex = json_of(
            get(
                &app,
                &format!("/api/v1/signals/{id}/explanation"),
                Some(&cookie),
            )
            .await,
        )
        .await;
        assert_eq!(
            (ex["research_note_status"].as_str(), &ex["research_note"]),
            (Some("failed"), &Value::Null)
        );

        // 2. A leak of the system prompt: refused too.
        assert_eq!(
            post(&app, &path, Some(&cookie), json!({})).await.status(),
            202
        );
        let n = settled(&app, &clock, &cookie, &id).await;
        assert_eq!(n["error"], "rejected", "{n}");
        assert!(!n.to_string().contains(harbinger_ai::prompt::canary()));

        // 3. A valid answer: stored with its citations, shown in the explanation.
        assert_eq!(
            post(&app, &path, Some(&cookie), json!({})).await.status(),
            202
        );
        let n = settled(&app, &clock, &cookie, &id).await;
        assert_eq!(n["status"], "ready", "{n}");
        assert_eq!(
            n["note"]["claims"][0]["sources"][0]["url"],
            "https://example.com/a"
        );
        assert_eq!(
            n["tokens"], 1_500,
            "three answers of 500 tokens each were charged"
        );
        let ex = json_of(
            get(
                &app,
                &format!("/api/v1/signals/{id}/explanation"),
                Some(&cookie),
            )
            .await,
        )
        .await;
        assert_eq!(ex["research_note_status"], "ready");
        assert_eq!(ex["research_note"]["summary"], n["note"]["summary"]);
        // Asking again returns the note and calls nobody.
        let hits = fake.hits();
        let res = post(&app, &path, Some(&cookie), json!({})).await;
        assert_eq!(res.status(), 200);
        assert_eq!(fake.hits(), hits);

        // What went to the model: the fixed system prompt, the facts as data, a token cap.
        let sent = fake.last_request_body().unwrap();
        assert_eq!(sent["messages"][0]["role"], "system");
        assert_eq!(
            sent["messages"][0]["content"],
            harbinger_ai::prompt::system_prompt()
        );
        assert!(
            sent["messages"][1]["content"]
                .as_str()
                .unwrap()
                .contains("AAPL")
        );
        assert!(sent["max_tokens"].as_u64().unwrap() <= 800);
        assert_eq!(
            fake.last_request_header("authorization").as_deref(),
            Some(format!("Bearer {KEY}").as_str())
        );
        // The key is in no answer and no log line.
        assert!(!n.to_string().contains(KEY) && !ex.to_string().contains(KEY));
        assert!(
            !crate::logs::text().contains(KEY),
            "the AI key reached the logs"
        );
    }
);

research_test!(
    s23_notes_and_tokens_are_budgeted_per_user_and_day,
    |backend| {
        // Three notes and 900 tokens a day. Two answers of 500 tokens, then cheap ones of 10.
        let cheap = Completion::perplexity(GOOD, &["https://example.com/a"])
            .usage(8, 2, 10)
            .step();
        let fake = fake_llm(vec![completion(GOOD), completion(GOOD), cheap]).await;
        let (app, clock) = ai_app(backend, &fake, 3, 900).await;
        let a = pro_user(&app, "budget-a@example.com").await;
        let mut ids = Vec::new();
        for symbol in ["AAPL", "MSFT", "IBM", "GOOG", "FB", "ORCL"] {
            ids.push(new_signal(&app, symbol).await);
        }
        // a: 500 tokens, then a note capped at the 400 left, then the tokens are spent.
        assert_eq!(ask(&app, &ids[0], &a).await.status(), 202);
        assert_eq!(settled(&app, &clock, &a, &ids[0]).await["status"], "ready");
        assert_eq!(ask(&app, &ids[1], &a).await.status(), 202);
        assert_eq!(settled(&app, &clock, &a, &ids[1]).await["status"], "ready");
        assert_eq!(fake.last_request_body().unwrap()["max_tokens"], 400);
        let res = ask(&app, &ids[2], &a).await;
        assert_eq!(res.status(), 429);
        let wait: i64 = res.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=86_400).contains(&wait));
        let p = json_of(res).await;
        assert!(p["type"].as_str().unwrap().ends_with("/ai-budget"), "{p}");
        assert!(
            p["detail"].as_str().unwrap().contains("1000 of 900 tokens"),
            "{p}"
        );
        // Reading a note someone else asked for costs nothing; b has a budget of their own, and
        // the third note of the day is the last.
        let b = pro_user(&app, "budget-b@example.com").await;
        assert_eq!(ask(&app, &ids[0], &b).await.status(), 200);
        for id in &ids[2..5] {
            assert_eq!(ask(&app, id, &b).await.status(), 202);
            assert_eq!(settled(&app, &clock, &b, id).await["status"], "ready");
        }
        let res = ask(&app, &ids[5], &b).await;
        assert_eq!(res.status(), 429);
        assert!(
            json_of(res).await["detail"]
                .as_str()
                .unwrap()
                .contains("3 of 3 notes")
        );
        let day = {
            use harbinger_core::Clock as _;
            clock.now_ms().div_euclid(86_400_000)
        };
        let usage = app
            .db
            .store
            .ai_usage(user_id(&app, "budget-b@example.com").await, day)
            .await
            .unwrap();
        assert_eq!((usage.notes, usage.tokens), (3, 30));
        // The next UTC day renews the allowance (the old session has expired by then).
        clock.advance_ms(86_400_000);
        let a = login(&app, "budget-a@example.com", PW).await;
        assert_eq!(ask(&app, &ids[5], &a).await.status(), 202);
        // Free has no notes.
        let free = user(&app, "free-reader@example.com").await;
        assert_eq!(ask(&app, &ids[5], &free).await.status(), 403);
    }
);

research_test!(
    f5_a_sick_upstream_is_retried_then_the_note_fails_cleanly,
    |backend| {
        // 429, then 500, then a good answer: the job retries and the note is written.
        let fake = fake_llm(vec![
            Step::json(
                429,
                r#"{"error":{"message":"rate limited","type":"rate_limit"}}"#,
            )
            .header("retry-after", "1"),
            Step::json(
                500,
                r#"{"error":{"message":"upstream broke","type":"server_error"}}"#,
            ),
            completion(GOOD),
            // Then, for the second signal: garbage for good.
            Step::ok("{\"choices\": [ {\"message\": "),
        ])
        .await;
        let (app, clock) = ai_app(backend, &fake, 20, 100_000).await;
        let cookie = pro_user(&app, "sick@example.com").await;
        let id = new_signal(&app, "AAPL").await;
        assert_eq!(ask(&app, &id, &cookie).await.status(), 202);
        let n = settled(&app, &clock, &cookie, &id).await;
        assert_eq!(n["status"], "ready", "{n}");
        assert_eq!(fake.hits(), 3);
        // Truncated JSON on every try: after the attempts, failed, with nothing stored.
        let id2 = new_signal(&app, "MSFT").await;
        assert_eq!(ask(&app, &id2, &cookie).await.status(), 202);
        let n = settled(&app, &clock, &cookie, &id2).await;
        assert_eq!(
            (n["status"].as_str(), n["error"].as_str(), &n["note"]),
            (Some("failed"), Some("malformed"), &Value::Null),
            "{n}"
        );
        assert_eq!(fake.hits(), 3 + 4, "four attempts, no more");
    }
);

#[tokio::test]
async fn the_embedded_default_writes_notes_locally() {
    let (app, clock) = spawn(Backend::Sqlite, |_| {}).await;
    let cookie = pro_user(&app, "local@example.com").await;
    let id = new_signal(&app, "AAPL").await;
    assert_eq!(ask(&app, &id, &cookie).await.status(), 202);
    let n = settled(&app, &clock, &cookie, &id).await;
    assert_eq!(
        (
            n["status"].as_str(),
            n["provider"].as_str(),
            n["tokens"].as_i64()
        ),
        (Some("ready"), Some("local"), Some(0)),
        "{n}"
    );
    assert!(
        n["note"]["summary"].as_str().unwrap().contains("AAPL"),
        "{n}"
    );
    // Unknown signals and notes nobody asked for are 404.
    let other = new_signal(&app, "MSFT").await;
    assert_eq!(
        get(
            &app,
            &format!("/api/v1/signals/{other}/research"),
            Some(&cookie)
        )
        .await
        .status(),
        404
    );
    let unknown = uuid::Uuid::now_v7().to_string();
    assert_eq!(ask(&app, &unknown, &cookie).await.status(), 404);
}
