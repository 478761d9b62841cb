//! The bounded pool passwords are hashed on: a fixed number of dedicated threads and a
//! bounded queue in front of them. A hash that finds the threads busy and the queue full is
//! refused at once ([`Refused::Busy`]) instead of waiting: a login flood is answered with 503 and
//! `Retry-After`, and never takes the threads the rest of the server needs.
//!
//! The threads are ordinary threads: the kernel schedules them like any other (no pinning,
//! no scheduling class of their own).

use std::sync::{Arc, Mutex, PoisonError, mpsc};

use tokio::sync::Semaphore;

type Job = Box<dyn FnOnce() + Send>;

/// Why a job did not run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refused {
    /// Every thread is busy and the queue is full.
    Busy,
    /// The job panicked, or no thread is left to run it.
    Stopped,
}

/// `threads` hashing threads behind a queue of `queue` waiting jobs.
#[derive(Debug)]
pub(crate) struct HashPool {
    jobs: mpsc::Sender<Job>,
    /// One permit per job admitted (running or waiting): `threads + queue` in all.
    admitted: Arc<Semaphore>,
    threads: usize,
}

impl HashPool {
    /// Starts `threads` threads (at least one) named `harbinger-hash-<n>`.
    pub(crate) fn start(threads: usize, queue: usize) -> Self {
        let threads = threads.max(1);
        let (jobs, rx) = mpsc::channel::<Job>();
        let rx = Arc::new(Mutex::new(rx));
        for i in 0..threads {
            let rx = Arc::clone(&rx);
            let spawned = std::thread::Builder::new()
                .name(format!("harbinger-hash-{i}"))
                .spawn(move || {
                    loop {
                        // The lock is held only while waiting for the next job.
                        let next = rx.lock().unwrap_or_else(PoisonError::into_inner).recv();
                        match next {
                            // A panicking job reports itself to its caller (its answer is
                            // dropped); the thread stays in the pool.
                            Ok(job) => {
                                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                            }
                            // Every sender is gone: the service shut down.
                            Err(mpsc::RecvError) => break,
                        }
                    }
                });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "cannot start a password-hashing thread");
            }
        }
        Self {
            jobs,
            admitted: Arc::new(Semaphore::new(threads + queue)),
            threads,
        }
    }

    pub(crate) fn threads(&self) -> usize {
        self.threads
    }

    /// Runs `f` on a hashing thread, or refuses at once when every thread is busy and the
    /// queue is full.
    pub(crate) async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, Refused> {
        let permit = Arc::clone(&self.admitted)
            .try_acquire_owned()
            .map_err(|_| Refused::Busy)?;
        let (tx, rx) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let out = f();
            // The slot frees before the answer goes out, so the caller's next hash finds it.
            drop(permit);
            let _ = tx.send(out);
        });
        self.jobs.send(job).map_err(|_| Refused::Stopped)?;
        rx.await.map_err(|_| Refused::Stopped)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// A job that holds its thread until the returned sender is dropped or sent to.
    fn blocker() -> (mpsc::Sender<()>, impl FnOnce() -> u8 + Send + 'static) {
        let (release, wait) = mpsc::channel::<()>();
        (release, move || {
            let _ = wait.recv();
            1
        })
    }

    #[tokio::test]
    async fn one_thread_no_queue_refuses_the_second_job_at_once() {
        let pool = Arc::new(HashPool::start(1, 0));
        let (release, job) = blocker();
        let running = tokio::spawn({
            let pool = Arc::clone(&pool);
            async move { pool.run(job).await }
        });
        // Wait until the first job holds the only slot.
        while pool.admitted.available_permits() > 0 {
            tokio::task::yield_now().await;
        }
        let refused = tokio::time::timeout(std::time::Duration::from_secs(1), pool.run(|| 2u8))
            .await
            .expect("a full pool answers at once");
        assert_eq!(refused, Err(Refused::Busy));
        drop(release);
        assert_eq!(running.await.unwrap(), Ok(1));
        // The slot is free again.
        assert_eq!(pool.run(|| 3u8).await, Ok(3));
    }

    #[tokio::test]
    async fn a_queue_of_one_holds_one_more_job_then_refuses() {
        let pool = Arc::new(HashPool::start(1, 1));
        let (release, job) = blocker();
        let first = tokio::spawn({
            let pool = Arc::clone(&pool);
            async move { pool.run(job).await }
        });
        let second = tokio::spawn({
            let pool = Arc::clone(&pool);
            async move { pool.run(|| 2u8).await }
        });
        while pool.admitted.available_permits() > 0 {
            tokio::task::yield_now().await;
        }
        assert_eq!(pool.run(|| 3u8).await, Err(Refused::Busy));
        assert!(!second.is_finished(), "the queued job waits for the thread");
        drop(release);
        assert_eq!(first.await.unwrap(), Ok(1));
        assert_eq!(second.await.unwrap(), Ok(2));
    }

    #[tokio::test]
    async fn a_panicking_job_is_reported_and_frees_its_slot() {
        let pool = HashPool::start(2, 0);
        assert_eq!(pool.threads(), 2);
        let out: Result<u8, _> = pool.run(|| panic!("in a job")).await;
        assert_eq!(out, Err(Refused::Stopped));
        // The slot is free and the threads still take jobs.
        assert_eq!(pool.admitted.available_permits(), 2);
        assert_eq!(pool.run(|| 5u8).await, Ok(5));
    }
}
