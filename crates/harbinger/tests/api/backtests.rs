//! `POST /api/v1/backtests` runs a backtest as a job; `GET /api/v1/backtests/{id}` shows its
//! progress and report. The report equals the engine's own on the same bars.

use std::time::Duration;

use harbinger_core::Plan;
use serde_json::{Value, json};

use crate::accounts::support::{both, get, json_of, post, set_plan, user};

/// Polls until the backtest is final.
async fn wait_final(app: &harbinger_testkit::TestApp, cookie: &str, id: &str) -> Value {
    for _ in 0..600 {
        let run = json_of(get(app, &format!("/api/v1/backtests/{id}"), Some(cookie)).await).await;
        if run["status"] == "done" || run["status"] == "failed" {
            return run;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("backtest {id} did not finish in 60 s");
}

both!(
    backtest_runs_as_a_job_and_reports_every_symbol,
    |app, _clock| {
        let cookie = user(&app, "quant@example.com").await;
        set_plan(&app, "quant@example.com", Plan::Quant).await;
        let res = post(
            &app,
            "/api/v1/backtests",
            Some(&cookie),
            json!({
                "strategy": "sma_cross",
                "symbols": ["msft", "AAPL", "MSFT"],
                "from": "2005-01-01",
                "to": "2010-12-31",
                "fees_bps": 5,
                "params": {"fast": 5, "slow": 20}
            }),
        )
        .await;
        assert_eq!(res.status(), 202);
        let location = res.headers()["location"].to_str().unwrap().to_owned();
        let accepted = json_of(res).await;
        let id = accepted["id"].as_str().unwrap().to_owned();
        assert_eq!(location, format!("/api/v1/backtests/{id}"));
        // Symbols upper-cased and de-duplicated; defaults filled in.
        assert_eq!(accepted["request"]["symbols"], json!(["AAPL", "MSFT"]));
        assert_eq!(accepted["request"]["fill"], "next_open");
        assert_eq!(accepted["progress"]["total"], 2);

        let run = wait_final(&app, &cookie, &id).await;
        assert_eq!(run["status"], "done", "{run}");
        assert_eq!(run["progress"]["done"], 2);
        let report = &run["result"];
        assert_eq!(report["strategy"], "sma_cross");
        assert_eq!(report["params"]["fast"], 5.0);
        for sym in ["AAPL", "MSFT"] {
            let m = &report["symbols"][sym];
            assert!(m["trades"].as_f64().unwrap() > 5.0, "{sym}: {m}");
            // 2005-01-03 .. 2010-12-31: six years of trading days.
            let bars = m["bars"].as_f64().unwrap();
            assert!((1500.0..1520.0).contains(&bars), "{sym}: {bars} bars");
        }
        assert!(
            report["calibration"]["predictions"].as_u64().unwrap() > 10,
            "{report}"
        );
        for key in ["total_return", "sharpe", "max_drawdown", "win_rate"] {
            assert!(report["mean"][key].is_number(), "mean.{key}: {report}");
        }

        // Listed newest first, without the report.
        let list = json_of(get(&app, "/api/v1/backtests", Some(&cookie)).await).await;
        assert_eq!(list[0]["id"], id.as_str());
        assert!(list[0]["result"].is_null());
    }
);

both!(
    a_request_that_cannot_run_fails_with_the_reason,
    |app, _clock| {
        let cookie = user(&app, "pro@example.com").await;
        set_plan(&app, "pro@example.com", Plan::Pro).await;
        // A valid ticker with no stored or bundled bars: accepted, then failed with a hint.
        let res = post(
            &app,
            "/api/v1/backtests",
            Some(&cookie),
            json!({"strategy": "ml", "symbols": ["ZZZZ"]}),
        )
        .await;
        assert_eq!(res.status(), 202);
        let id = json_of(res).await["id"].as_str().unwrap().to_owned();
        let run = wait_final(&app, &cookie, &id).await;
        assert_eq!(run["status"], "failed");
        let error = run["error"].as_str().unwrap();
        assert!(
            error.contains("ZZZZ") && error.contains("backfill"),
            "{error}"
        );
        assert!(run["result"].is_null());
    }
);

both!(
    bad_backtest_requests_are_refused_before_anything_runs,
    |app, _clock| {
        let free = user(&app, "free@example.com").await;
        let body = json!({"strategy": "sma_cross", "symbols": ["AAPL"]});
        // The free plan sees public results only.
        let res = post(&app, "/api/v1/backtests", Some(&free), body.clone()).await;
        assert_eq!(res.status(), 403);
        assert!(
            json_of(res).await["detail"]
                .as_str()
                .unwrap()
                .contains("Pro")
        );
        // Signed out.
        assert_eq!(
            post(&app, "/api/v1/backtests", None, body).await.status(),
            401
        );

        let pro = user(&app, "pro@example.com").await;
        set_plan(&app, "pro@example.com", Plan::Pro).await;
        let many: Vec<String> = (0..21).map(|i| format!("S{i}")).collect();
        for (body, status, says) in [
            (
                json!({"strategy": "momentum", "symbols": ["AAPL"]}),
                400,
                "unknown strategy",
            ),
            (
                json!({"strategy": "sma_cross", "symbols": ["AAPL"], "params": {"fast": 50}}),
                400,
                "slow",
            ),
            (
                json!({"strategy": "sma_cross", "symbols": ["AAPL"], "params": {"speed": 3}}),
                400,
                "speed",
            ),
            (
                json!({"strategy": "sma_cross", "symbols": []}),
                400,
                "at least one",
            ),
            (
                json!({"strategy": "sma_cross", "symbols": ["not a ticker!"]}),
                400,
                "symbols",
            ),
            (
                json!({"strategy": "sma_cross", "symbols": ["AAPL"], "fees_bps": -1}),
                400,
                "commission",
            ),
            (
                json!({"strategy": "sma_cross", "symbols": ["AAPL"], "from": "2010-01-01", "to": "2009-01-01"}),
                400,
                "after",
            ),
            (
                json!({"strategy": "sma_cross", "symbols": ["AAPL"], "fill": "tomorrow"}),
                400,
                "fill",
            ),
            (
                json!({"strategy": "sma_cross", "symbols": ["AAPL"], "leverage": 10}),
                400,
                "leverage",
            ),
            (
                json!({"strategy": "sma_cross", "symbols": many}),
                403,
                "at most 20",
            ),
        ] {
            let res = post(&app, "/api/v1/backtests", Some(&pro), body.clone()).await;
            assert_eq!(res.status(), status, "{body}");
            assert_eq!(
                res.headers()["content-type"],
                "application/problem+json",
                "{body}"
            );
            let detail = json_of(res).await["detail"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            assert!(detail.contains(says), "{body}: {detail}");
        }
        // Nothing was stored for any of them.
        let list = json_of(get(&app, "/api/v1/backtests", Some(&pro)).await).await;
        assert_eq!(list.as_array().unwrap().len(), 0);
        // A malformed id is a problem, not a crash.
        let res = get(&app, "/api/v1/backtests/not-a-uuid", Some(&pro)).await;
        assert_eq!(res.status(), 400);
    }
);
