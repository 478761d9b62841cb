//! The core fence on real threads: which cores each thread may run on, read back from the
//! kernel. One test function, because the fence moves every thread of the process.
#![cfg(target_os = "linux")]

use std::sync::mpsc;
use std::time::{Duration, Instant};

use harbinger_auth::AuthSettings;
use harbinger_auth::fence::{CoreFence, LINGER};
use harbinger_auth::password::Passwords;
use nix::sched::{CpuSet, sched_getaffinity};
use nix::unistd::{Pid, gettid};

fn cores_of(tid: Pid) -> Vec<usize> {
    let mask = sched_getaffinity(tid).expect("the thread's affinity");
    (0..CpuSet::count())
        .filter(|&c| mask.is_set(c).unwrap_or(false))
        .collect()
}

/// A thread that does nothing but exist until the sender is dropped; its id.
fn bystander() -> (Pid, mpsc::Sender<()>, std::thread::JoinHandle<()>) {
    let (tid_tx, tid_rx) = mpsc::channel();
    let (stop_tx, stop_rx) = mpsc::channel::<()>();
    let handle = std::thread::spawn(move || {
        tid_tx.send(gettid()).expect("the test waits");
        let _ = stop_rx.recv();
    });
    (tid_rx.recv().expect("a thread id"), stop_tx, handle)
}

#[test]
fn hashing_threads_own_their_cores_only_while_they_hash() {
    let all = cores_of(Pid::from_raw(0));
    let Some(fence) = CoreFence::plan(all.len() - 1) else {
        assert_eq!(
            all.len(),
            1,
            "a fence is planned whenever a core is left over"
        );
        return;
    };
    assert!(
        CoreFence::plan(all.len()).is_none(),
        "no fence when every core hashes"
    );
    assert!(CoreFence::plan(0).is_none());
    let (hash, other) = fence.cores();
    assert_eq!(hash.len(), all.len() - 1);
    assert_eq!(other, all[..1].to_vec());

    let main = gettid();
    let (by, stop, by_thread) = bystander();
    // The hashing thread joins and then waits; enter, leave and lift work from any thread.
    let (hasher_tx, hasher_rx) = mpsc::channel();
    let (release, released) = mpsc::channel::<()>();
    let hasher = std::thread::spawn({
        let fence = CoreFence::plan(all.len() - 1).expect("planned as above");
        move || {
            fence.join();
            hasher_tx.send(gettid()).expect("the test waits");
            let _ = released.recv();
            fence
        }
    });
    let hasher_tid = hasher_rx.recv().expect("the hashing thread joined");
    drop(fence);
    assert_eq!(
        cores_of(hasher_tid),
        hash,
        "a hashing thread runs on its own cores"
    );
    drop(release);
    let fence = hasher.join().expect("the hashing thread ends");

    assert!(
        !fence.lift_if_idle(),
        "nothing to lift before the first hash"
    );
    fence.enter();
    assert_eq!(cores_of(by), other, "a hash keeps the others off its cores");
    assert_eq!(cores_of(main), other);
    // Overlapping hashes: the fence stays up until the last one ends.
    fence.enter();
    fence.leave();
    assert!(!fence.lift_if_idle(), "one hash still runs");
    assert_eq!(cores_of(by), other);
    // A thread started behind the fence inherits it; the lift frees it too.
    let (late, late_stop, late_thread) = bystander();
    assert_eq!(cores_of(late), other);
    fence.leave();
    assert!(fence.lift_if_idle());
    assert_eq!(cores_of(by), all, "idle, the others get every core back");
    assert_eq!(cores_of(late), all);
    assert_eq!(cores_of(main), all);
    drop(late_stop);
    late_thread.join().expect("the late thread ends");
    drop(stop);
    by_thread.join().expect("the bystander ends");

    // The same through the password pool: one hashing thread on a machine with more cores
    // fences this thread in while a hash runs and for LINGER after, then lets it go.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let passwords = Passwords::new(&AuthSettings {
        hash_concurrency: 1,
        ..AuthSettings::default()
    });
    let shared = CoreFence::shared(1).expect("the pool planned the process's fence");
    let (hash, other) = shared.cores();
    runtime.block_on(async {
        let stored = passwords
            .hash("a long and unusual passphrase".into())
            .await
            .expect("a hash");
        assert_eq!(cores_of(main), other, "fenced in after a hash");
        assert!(
            passwords
                .verify("a long and unusual passphrase".into(), Some(stored))
                .await
        );
    });
    let deadline = Instant::now() + LINGER * 20;
    while cores_of(main) != all {
        assert!(
            Instant::now() < deadline,
            "the fence never came down: {:?}",
            cores_of(main)
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(hash.len(), 1);

    // A pool that needs every core: one thread owns the fenced core, the other takes the
    // overflow; two hashes at once both finish, and both verify.
    let passwords = Passwords::new(&AuthSettings {
        hash_concurrency: all.len(),
        ..AuthSettings::default()
    });
    runtime.block_on(async {
        let (a, b) = tokio::join!(
            passwords.hash("the first of two passphrases".into()),
            passwords.hash("the second of two passphrases".into())
        );
        let (a, b) = (a.expect("a hash"), b.expect("a hash"));
        assert!(
            passwords
                .verify("the first of two passphrases".into(), Some(a))
                .await
        );
        assert!(
            !passwords
                .verify("the first of two passphrases".into(), Some(b))
                .await
        );
    });
}
