//! The core fence: while a password hash runs, the process's other threads are kept off the
//! cores the hashing threads own, so a request handler never waits behind a hash.
//!
//! Why: hashing threads in the idle CPU class do not stop the kernel from putting a request
//! handler's thread on the core a hash is running on, and once queued there it can wait for the
//! next scheduler tick (4 ms at 250 Hz) while another core sits idle (`perf sched timehist`,
//! BENCHMARKS.md). Pinning the hashing threads alone does not help; the request threads must
//! stay off the hashing cores. Kept off for good, they would lose those cores when nobody logs
//! in, so the fence goes up when a hash starts and comes down when the pool has been idle for
//! [`LINGER`].
//!
//! The hashing threads own at most all cores but one. A pool that needs every core (the
//! automatic choice on a slow machine, [`crate::password::automatic_threads`]) keeps its last
//! thread on the request cores and gives it a hash only while the owning threads are all busy
//! (`password.rs`), so reads share a core with hashing only for the excess. Linux only (`sched_setaffinity` on each thread of the process);
//! elsewhere [`CoreFence::plan`] returns `None`.

use std::time::Duration;

/// How long the hashing pool stays idle before the fence comes down. A flood's gaps between
/// hashes are shorter, so the fence stays up through it instead of moving every thread twice a
/// login.
pub const LINGER: Duration = Duration::from_millis(200);

/// Hashing cores and the rest, and whether the rest are fenced in now.
#[derive(Debug)]
pub struct CoreFence {
    imp: imp::Fence,
}

impl CoreFence {
    /// The fence for a pool of `hash_threads` threads: they own the last `hash_threads` of
    /// the cores this process may use, the other threads the rest. `None` when no core would be
    /// left for the rest, or the platform cannot pin threads.
    pub fn plan(hash_threads: usize) -> Option<Self> {
        imp::Fence::plan(hash_threads).map(|imp| Self { imp })
    }

    /// The process's fence, planned by its first hashing pool (one per process).
    pub fn shared(hash_threads: usize) -> Option<&'static Self> {
        static SHARED: std::sync::OnceLock<Option<CoreFence>> = std::sync::OnceLock::new();
        SHARED.get_or_init(|| Self::plan(hash_threads)).as_ref()
    }

    /// The cores the hashing threads own, and those left to the rest while fenced.
    pub fn cores(&self) -> (Vec<usize>, Vec<usize>) {
        self.imp.cores()
    }

    /// Makes the calling thread a hashing thread: pinned to the hashing cores, never fenced.
    pub fn join(&self) {
        self.imp.join();
    }

    /// A hash starts: the first one puts the fence up.
    pub fn enter(&self) {
        self.imp.enter();
    }

    /// A hash ended.
    pub fn leave(&self) {
        self.imp.leave();
    }

    /// Takes the fence down if no hash is running. True when it was up.
    pub fn lift_if_idle(&self) -> bool {
        self.imp.lift_if_idle()
    }
}

#[cfg(target_os = "linux")]
mod imp {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicBool, Ordering};

    use nix::sched::{CpuSet, sched_getaffinity, sched_setaffinity};
    use nix::unistd::{Pid, gettid};

    #[derive(Debug)]
    pub(super) struct Fence {
        hash_cores: Vec<usize>,
        other_cores: Vec<usize>,
        all_cores: Vec<usize>,
        state: Mutex<State>,
        warned: AtomicBool,
    }

    #[derive(Debug, Default)]
    struct State {
        hashers: Vec<Pid>,
        running: usize,
        fenced: bool,
    }

    fn set_of(cores: &[usize]) -> CpuSet {
        let mut set = CpuSet::new();
        for &c in cores {
            // Every core here came from the process's own affinity mask, so it fits.
            let _ = set.set(c);
        }
        set
    }

    impl Fence {
        pub(super) fn plan(hash_threads: usize) -> Option<Self> {
            let mask = sched_getaffinity(Pid::from_raw(0)).ok()?;
            let all: Vec<usize> = (0..CpuSet::count())
                .filter(|&c| mask.is_set(c).unwrap_or(false))
                .collect();
            if hash_threads == 0 || hash_threads >= all.len() {
                return None;
            }
            let (other, hash) = all.split_at(all.len() - hash_threads);
            Some(Self {
                hash_cores: hash.to_vec(),
                other_cores: other.to_vec(),
                all_cores: all.clone(),
                state: Mutex::default(),
                warned: AtomicBool::new(false),
            })
        }

        pub(super) fn cores(&self) -> (Vec<usize>, Vec<usize>) {
            (self.hash_cores.clone(), self.other_cores.clone())
        }

        fn state(&self) -> std::sync::MutexGuard<'_, State> {
            self.state
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        }

        pub(super) fn join(&self) {
            let me = gettid();
            self.state().hashers.push(me);
            if let Err(e) = sched_setaffinity(me, &set_of(&self.hash_cores)) {
                self.warn(e);
            }
        }

        pub(super) fn enter(&self) {
            let mut state = self.state();
            state.running += 1;
            if !state.fenced {
                self.move_others(&state.hashers, &self.other_cores);
                state.fenced = true;
            }
        }

        pub(super) fn leave(&self) {
            let mut state = self.state();
            state.running = state.running.saturating_sub(1);
        }

        pub(super) fn lift_if_idle(&self) -> bool {
            let mut state = self.state();
            if state.running > 0 || !state.fenced {
                return false;
            }
            self.move_others(&state.hashers, &self.all_cores);
            state.fenced = false;
            true
        }

        /// Gives every thread of the process but the hashers `cores`. A thread started while
        /// the fence is up inherits the fenced mask from its parent; the next lift frees it.
        fn move_others(&self, hashers: &[Pid], cores: &[usize]) {
            let set = set_of(cores);
            let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
                return;
            };
            for task in tasks.flatten() {
                let Some(tid) = task
                    .file_name()
                    .to_str()
                    .and_then(|t| t.parse::<i32>().ok())
                else {
                    continue;
                };
                let tid = Pid::from_raw(tid);
                if hashers.contains(&tid) {
                    continue;
                }
                match sched_setaffinity(tid, &set) {
                    // The thread ended since the listing.
                    Ok(()) | Err(nix::errno::Errno::ESRCH) => {}
                    Err(e) => self.warn(e),
                }
            }
        }

        fn warn(&self, e: nix::errno::Errno) {
            if !self.warned.swap(true, Ordering::Relaxed) {
                tracing::warn!(error = %e, "cannot pin threads to cores; login floods may slow other requests");
            }
        }
    }
}

#[cfg(not(target_os = "linux"))]
mod imp {
    #[derive(Debug)]
    pub(super) enum Fence {}

    impl Fence {
        pub(super) fn plan(_hash_threads: usize) -> Option<Self> {
            None
        }
        pub(super) fn cores(&self) -> (Vec<usize>, Vec<usize>) {
            match *self {}
        }
        pub(super) fn join(&self) {
            match *self {}
        }
        pub(super) fn enter(&self) {
            match *self {}
        }
        pub(super) fn leave(&self) {
            match *self {}
        }
        pub(super) fn lift_if_idle(&self) -> bool {
            match *self {}
        }
    }
}
