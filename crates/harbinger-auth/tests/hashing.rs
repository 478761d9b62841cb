//! Password hashing on real threads: stored hashes keep verifying across implementations, and
//! hashing leaves the scheduling of every thread of the process as it found it.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use harbinger_auth::AuthSettings;
use harbinger_auth::password::Passwords;

/// PHC strings written by the previous implementation (the `argon2-rust` crate computing the
/// tag, the `argon2` crate writing the string), generated before it was replaced, with their
/// passwords. Accounts stored then must still sign in.
const STORED_BEFORE: &[(&str, &str)] = &[
    (
        "correct horse battery staple",
        "$argon2id$v=19$m=19456,t=2,p=1$WR+wmumIQiENkTcCjbxmCQ$RsJq7VXwOcrCjN+sm3wXBNf8w+F4gZz2vtmd3EzhSFQ",
    ),
    (
        "Zq8!vW3p",
        "$argon2id$v=19$m=19456,t=2,p=1$jtRjmwDyRploiEt0rByQhg$N/ghcdqRlqX6NRh8m1uFE4cYE48WK43U06EbnMkSz8g",
    ),
    (
        "пароль очень длинный и странный 🙂 ключ",
        "$argon2id$v=19$m=19456,t=2,p=1$hCZvX0195a6r3l7esuvu5A$DuofftSz8ZbNAUMz5R1+RGv4ieZPSswNtqK3JFZNoq8",
    ),
    (
        "x7!x7!x7!x7!x7!x7!x7!x7!x7!x7!x7!x7!x7!x7!x7!x7!x7!x7!x7!x7!x7!x7!x7!x7!x7!x7!x7!x7!x7!x7!x7!x7!x7!x7!x7!x7!x7!x7!x7!x7!",
        "$argon2id$v=19$m=19456,t=2,p=1$QLLu6DWGUqaJvSD+JAh8Lg$4q4dhmfImYybDi3vi01cvB0Gw16TGQO1w+5JwvsbpsY",
    ),
    (
        "a long and unusual passphrase",
        "$argon2id$v=19$m=19456,t=2,p=1$RmPXV4KAan0DS2SasrjjHQ$aKgkZgMLjrWqSUVtSfTFfFw+mNVjBKWC5Z2+s9/qPFE",
    ),
];

#[tokio::test]
async fn hashes_stored_by_the_previous_implementation_still_verify() {
    let passwords = Passwords::new(&AuthSettings {
        hash_concurrency: 2,
        ..AuthSettings::default()
    });
    for (password, stored) in STORED_BEFORE {
        let right = passwords
            .verify((*password).to_owned(), Some((*stored).to_owned()))
            .await;
        assert_eq!(right.ok(), Some(true), "{stored}");
        let wrong = passwords
            .verify(format!("{password}!"), Some((*stored).to_owned()))
            .await;
        assert_eq!(wrong.ok(), Some(false), "{stored}");
    }
}

/// What the kernel says about how one thread is scheduled.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Scheduling {
    /// `Cpus_allowed_list` in `/proc/self/task/<tid>/status`.
    cpus: String,
    /// The scheduling policy (0 is the normal class, 5 `SCHED_IDLE`) and the nice value,
    /// fields 41 and 19 of `/proc/self/task/<tid>/stat`.
    policy: String,
    nice: String,
}

/// Every thread of the process: its name and scheduling. Threads that end while being read
/// are skipped.
fn threads() -> BTreeMap<u32, (String, Scheduling)> {
    let mut out = BTreeMap::new();
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return out;
    };
    for task in tasks.flatten() {
        let dir = task.path();
        let Some(tid) = task.file_name().to_str().and_then(|t| t.parse().ok()) else {
            continue;
        };
        let (Ok(status), Ok(stat), Ok(comm)) = (
            std::fs::read_to_string(dir.join("status")),
            std::fs::read_to_string(dir.join("stat")),
            std::fs::read_to_string(dir.join("comm")),
        ) else {
            continue;
        };
        let cpus = status
            .lines()
            .find_map(|l| l.strip_prefix("Cpus_allowed_list:"))
            .map(|v| v.trim().to_owned())
            .unwrap_or_default();
        // Fields after the command name, which may hold spaces: the first is field 3.
        let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
        let fields: Vec<&str> = after.split_whitespace().collect();
        let field = |n: usize| fields.get(n - 3).copied().unwrap_or("?").to_owned();
        out.insert(
            tid,
            (
                comm.trim().to_owned(),
                Scheduling {
                    cpus,
                    policy: field(41),
                    nice: field(19),
                },
            ),
        );
    }
    out
}

/// Hashing changes no thread's CPU affinity, scheduling class or priority: not the hashing
/// threads', not the request handlers', not this one's. Checked by sampling every thread of
/// the process from the kernel while hashes run and after.
#[cfg(target_os = "linux")]
#[test]
fn hashing_leaves_every_threads_scheduling_alone() {
    let process = std::fs::read_to_string("/proc/self/status").unwrap();
    let all_cpus = process
        .lines()
        .find_map(|l| l.strip_prefix("Cpus_allowed_list:"))
        .unwrap()
        .trim()
        .to_owned();
    // This thread's class and priority (the normal class, unless the tests run under `nice`),
    // with the whole process's cores: every thread should look like this throughout.
    let me: u32 = std::fs::read_link("/proc/thread-self")
        .unwrap()
        .file_name()
        .and_then(|t| t.to_str()?.parse().ok())
        .unwrap();
    let mine = threads().remove(&me).unwrap().1;
    assert_eq!(mine.policy, "0", "the tests run in the normal class");
    let normal = Scheduling {
        cpus: all_cpus,
        ..mine
    };
    for (tid, (name, s)) in threads() {
        assert_eq!(s, normal, "before any hash: thread {tid} ({name})");
    }

    // A sampler reads every thread while hashes run on a pool of one thread (fewer threads than
    // cores on a multi-core machine) and on a pool of one per core.
    let stop = Arc::new(AtomicBool::new(false));
    let sampler = std::thread::spawn({
        let stop = Arc::clone(&stop);
        let normal = normal.clone();
        move || {
            let mut seen_hashers = 0;
            let mut wrong = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                for (tid, (name, s)) in threads() {
                    if name.starts_with("harbinger-hash") {
                        seen_hashers += 1;
                    }
                    if s != normal {
                        wrong.push(format!("thread {tid} ({name}): {s:?}"));
                    }
                }
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
            (seen_hashers, wrong)
        }
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let cores = std::thread::available_parallelism().unwrap().get();
    for threads in [1, cores] {
        let passwords = Passwords::new(&AuthSettings {
            hash_concurrency: threads,
            ..AuthSettings::default()
        });
        runtime.block_on(async {
            let hashes: Vec<_> = (0..6)
                .map(|i| {
                    let passwords = passwords.clone();
                    tokio::spawn(
                        async move { passwords.hash(format!("passphrase number {i}")).await },
                    )
                })
                .collect();
            for h in hashes {
                assert!(h.await.unwrap().is_ok());
            }
        });
        // And once the pool is idle again.
        std::thread::sleep(std::time::Duration::from_millis(300));
    }
    stop.store(true, Ordering::Relaxed);
    let (seen_hashers, wrong) = sampler.join().unwrap();
    assert!(seen_hashers > 0, "the sampler saw the hashing threads");
    assert!(wrong.is_empty(), "scheduling changed: {wrong:#?}");
    for (tid, (name, s)) in threads() {
        assert_eq!(s, normal, "after hashing: thread {tid} ({name})");
    }
}
