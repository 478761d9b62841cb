//! Signed-in sessions spend their plan's `requests_per_minute`, as API keys do, with the same
//! IETF RateLimit headers; past the limit, 429 with `Retry-After`.

use harbinger_core::Plan;

use super::support::*;

/// The plans' own limits (`spawn` relaxes them for every other test).
fn plan_rates(c: &mut harbinger::config::Config) {
    let defaults = harbinger::config::PlansConfig::default();
    c.plans.free.requests_per_minute = defaults.free.requests_per_minute;
    c.plans.pro.requests_per_minute = defaults.pro.requests_per_minute;
    c.plans.quant.requests_per_minute = defaults.quant.requests_per_minute;
}

both!(
    sessions_get_their_plan_s_requests_per_minute,
    config = |c| {
        plan_rates(c);
    },
    |app, _clock| {
        for (plan, rpm) in [(Plan::Free, 30), (Plan::Pro, 60), (Plan::Quant, 600)] {
            let email = format!("{plan}-session@example.com");
            let cookie = user(&app, &email).await;
            if plan != Plan::Free {
                set_plan(&app, &email, plan).await;
            }
            let res = get(&app, "/api/v1/me", Some(&cookie)).await;
            assert_eq!(res.status(), 200);
            assert_eq!(
                res.headers()["ratelimit-policy"],
                format!("\"session\";q={rpm};w=60").as_str(),
                "{plan}"
            );
            let state = res.headers()["ratelimit"].to_str().unwrap().to_owned();
            assert!(
                state.starts_with(&format!("\"session\";r={};t=", rpm - 1)),
                "{plan}: {state}"
            );
            for i in 1..rpm {
                let res = get(&app, "/api/v1/me", Some(&cookie)).await;
                assert_eq!(res.status(), 200, "{plan}: request {i}");
            }
            let res = get(&app, "/api/v1/me", Some(&cookie)).await;
            assert_eq!(res.status(), 429, "{plan}: request {rpm} is over the limit");
            assert!(retry_after(&res) >= 1);
            assert!(res.headers().contains_key("ratelimit"));
            assert_eq!(res.headers()["content-type"], "application/problem+json");
        }
    }
);
