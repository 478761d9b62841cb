//! Login flood against a running `harbinger serve`: how many logins per second it sustains, and
//! what that does to the p99 of a cached API read (one year of market bars, served from the
//! cache).
//!
//! ```text
//! cargo run --release --example login_flood -- URL [SECONDS] [LOGIN_TASKS] [LOGINS_PER_S]
//! ```
//!
//! Phase 1 measures the read alone, 50 requests/s; phase 2 the same reads while LOGIN_TASKS
//! tasks log in with valid passwords, as fast as the server answers or paced to LOGINS_PER_S
//! in total, evenly spaced (the tasks' schedules are offset, so they do not arrive in bursts of
//! LOGIN_TASKS). The reader and the flood run on separate threads, each with its own runtime,
//! so the flood never delays the clock of the read it measures; being compiled, the generator
//! takes little of the cores it shares with the server. The flood thread runs at the lowest
//! normal priority (nice 19): a real flood's clients are other machines, and here their CPU bursts
//! (seen up to 3.7 ms in `perf sched`) would otherwise queue the server's request handlers
//! behind the generator. Prints JSON lines: name, points, seconds, points_per_s, p50_ms,
//! p99_ms, and the p99 ratio.

#![allow(clippy::print_stdout, clippy::print_stderr)] // a benchmark prints its JSON lines

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde_json::json;

const PASSWORD: &str = "flood-benchmark-violet-sextant-42";
const READ: &str = "/api/v1/market/AAPL/bars?interval=1d&from=2016-01-01&to=2016-12-31";
const READ_EVERY: Duration = Duration::from_millis(20);

struct Args {
    url: String,
    seconds: f64,
    tasks: usize,
    rate: f64,
}

fn args() -> Result<Args, String> {
    let mut it = std::env::args().skip(1);
    let url = it
        .next()
        .ok_or("usage: login_flood URL [SECONDS] [LOGIN_TASKS] [LOGINS_PER_S]")?;
    let num = |v: Option<String>, default: f64, name: &str| -> Result<f64, String> {
        v.map_or(Ok(default), |s| {
            s.parse::<f64>()
                .ok()
                .filter(|x| x.is_finite() && *x >= 0.0)
                .ok_or(format!("{name}: not a number: {s}"))
        })
    };
    let seconds = num(it.next(), 15.0, "SECONDS")?;
    let tasks = num(it.next(), 8.0, "LOGIN_TASKS")?.max(1.0) as usize;
    let rate = num(it.next(), 0.0, "LOGINS_PER_S")?;
    Ok(Args {
        url: url.trim_end_matches('/').to_owned(),
        seconds,
        tasks,
        rate,
    })
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .pool_max_idle_per_host(64)
        .build()
        .expect("an HTTP client")
}

/// Reads every 20 ms until `stop`; each request's latency in seconds.
fn reads(url: String, stop: Arc<AtomicBool>) -> std::thread::JoinHandle<Vec<f64>> {
    std::thread::spawn(move || {
        runtime().block_on(async move {
            let http = client();
            let mut out = Vec::new();
            let mut tick = tokio::time::interval(READ_EVERY);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            while !stop.load(Ordering::Relaxed) {
                tick.tick().await;
                let t = Instant::now();
                let res = http.get(format!("{url}{READ}")).send().await;
                if let Ok(r) = res {
                    let ok = r.status().is_success();
                    let _ = r.bytes().await;
                    if ok {
                        out.push(t.elapsed().as_secs_f64());
                    }
                }
            }
            out
        })
    })
}

/// Logs in from `tasks` tasks until `stop`; the number of successful logins.
fn flood(
    url: String,
    emails: Vec<String>,
    rate: f64,
    stop: Arc<AtomicBool>,
) -> std::thread::JoinHandle<u64> {
    std::thread::spawn(move || {
        if let Err(e) =
            thread_priority::set_current_thread_priority(thread_priority::ThreadPriority::Min)
        {
            eprintln!("the flood keeps the normal priority: {e:?}");
        }
        runtime().block_on(async move {
            let http = client();
            let count = Arc::new(AtomicU64::new(0));
            let every = if rate > 0.0 {
                Duration::from_secs_f64(emails.len() as f64 / rate)
            } else {
                Duration::ZERO
            };
            // Paced, the tasks' schedules are spread over one period, so the logins arrive
            // evenly, one every 1/rate seconds, rather than in bursts of one per task.
            let spread = every.checked_div(emails.len() as u32).unwrap_or_default();
            let begin = tokio::time::Instant::now();
            let mut tasks = Vec::new();
            for (i, email) in emails.into_iter().enumerate() {
                let (http, url, stop, count) =
                    (http.clone(), url.clone(), stop.clone(), count.clone());
                let first = begin + spread * i as u32;
                tasks.push(tokio::spawn(async move {
                    let body = json!({"email": email, "password": PASSWORD});
                    let mut tick = (!every.is_zero()).then(|| {
                        let mut t = tokio::time::interval_at(first, every);
                        t.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                        t
                    });
                    while !stop.load(Ordering::Relaxed) {
                        if let Some(tick) = tick.as_mut() {
                            tick.tick().await;
                        }
                        let res = http
                            .post(format!("{url}/api/v1/auth/login"))
                            .json(&body)
                            .send()
                            .await;
                        if res.is_ok_and(|r| r.status().is_success()) {
                            count.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }));
            }
            for t in tasks {
                let _ = t.await;
            }
            count.load(Ordering::Relaxed)
        })
    })
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((p * sorted.len() as f64) as usize).min(sorted.len() - 1);
    sorted[i] * 1000.0
}

/// Prints one JSON line; returns the p99 in ms (NaN without latencies).
fn line(name: &str, points: u64, seconds: f64, mut lat: Option<Vec<f64>>) -> f64 {
    let mut row = json!({
        "name": name,
        "points": points,
        "seconds": (seconds * 1000.0).round() / 1000.0,
        "points_per_s": (points as f64 / seconds * 10.0).round() / 10.0,
    });
    let mut p99 = f64::NAN;
    if let Some(l) = lat.as_mut() {
        l.sort_by(f64::total_cmp);
        p99 = percentile(l, 0.99);
        row["p50_ms"] = json!((percentile(l, 0.5) * 1000.0).round() / 1000.0);
        row["p99_ms"] = json!((p99 * 1000.0).round() / 1000.0);
    }
    println!("{row}");
    p99
}

fn main() {
    let a = match args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let emails: Vec<String> = (0..a.tasks)
        .map(|i| format!("flood{i}@example.net"))
        .collect();
    runtime().block_on(async {
        let http = client();
        for e in &emails {
            let _ = http
                .post(format!("{}/api/v1/auth/register", a.url))
                .json(&json!({"email": e, "password": PASSWORD}))
                .send()
                .await;
        }
        for _ in 0..20 {
            let _ = http.get(format!("{}{READ}", a.url)).send().await;
        }
    });
    let period = Duration::from_secs_f64(a.seconds);

    let stop = Arc::new(AtomicBool::new(false));
    let reader = reads(a.url.clone(), stop.clone());
    std::thread::sleep(period);
    stop.store(true, Ordering::Relaxed);
    let base = reader.join().expect("reader");
    let base_p99 = line(
        "harbinger.cached_read.unloaded",
        base.len() as u64,
        a.seconds,
        Some(base),
    );

    let stop = Arc::new(AtomicBool::new(false));
    let start = Instant::now();
    let logins = flood(a.url.clone(), emails, a.rate, stop.clone());
    let reader = reads(a.url.clone(), stop.clone());
    std::thread::sleep(period);
    stop.store(true, Ordering::Relaxed);
    let loaded = reader.join().expect("reader");
    let count = logins.join().expect("flood");
    let took = start.elapsed().as_secs_f64();
    line("harbinger.login.flood", count, took, None);
    let loaded_p99 = line(
        "harbinger.cached_read.during_login_flood",
        loaded.len() as u64,
        took,
        Some(loaded),
    );
    println!(
        "{}",
        json!({
            "name": "ratio.cached_read_p99.loaded_over_unloaded",
            "ratio": (loaded_p99 / base_p99 * 100.0).round() / 100.0,
        })
    );
}
