//! One hub per process between the bus and the open streams, so a thousand sockets cost one
//! reader of the ledger and one bus subscription per symbol, not a thousand.
//!
//! **Signals.** The signal ledger is the stream's log: its seq is the stream's seq, so a
//! client that reconnects with `?after_seq=N` misses nothing that was recorded. The hub wakes
//! on the bus's `signals` channel (fast) and also polls the ledger head (so an event the bus
//! lost, or a replica without Redis, costs at most one poll interval), reads every new entry
//! once with the signal it concerns, and hands it to the open streams.
//!
//! **Bars.** One bus subscription per symbol while at least one stream wants it, shared
//! through a local broadcast; it ends when the last stream lets go.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use futures::StreamExt as _;
use harbinger_core::Symbol;
use harbinger_marketdata::{BarBus, BarEvent};
use harbinger_store::{IndexedSignal, LedgerRow, Store, StoreError};
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

/// Entries held for a slow stream before it must re-read from the database.
const SIGNAL_BACKLOG: usize = 1_024;
/// Bars held per symbol for a slow stream before the oldest are dropped.
const BAR_BACKLOG: usize = 256;
/// Ledger entries read per query.
pub(super) const PAGE: i64 = 500;
/// How often an idle bar topic checks whether anyone still listens.
const TOPIC_IDLE_CHECK: Duration = Duration::from_secs(30);
/// Wait before subscribing again after the bus failed.
const BUS_RETRY: Duration = Duration::from_secs(5);

/// How the streams behave; from configuration.
#[derive(Debug, Clone, Copy)]
pub struct StreamSettings {
    /// A heartbeat goes out this often, and the caller's credentials are checked again.
    pub heartbeat: Duration,
    /// The ledger head is read this often, besides every bus event.
    pub poll: Duration,
}

impl Default for StreamSettings {
    fn default() -> Self {
        Self {
            heartbeat: Duration::from_secs(15),
            poll: Duration::from_secs(1),
        }
    }
}

/// A ledger entry with the signal it records or grades, as the index has it now.
#[derive(Debug, Clone)]
pub struct LedgerItem {
    pub seq: i64,
    /// `signal` or `outcome`.
    pub kind: &'static str,
    pub signal: IndexedSignal,
}

/// Reads `row`'s signal; `None` when the index has no such signal (never for a sound database).
pub(super) async fn load_item(
    store: &Store,
    row: &LedgerRow,
) -> Result<Option<LedgerItem>, StoreError> {
    let (kind, id) = if row.kind == "outcome" {
        ("outcome", row.signal_id.unwrap_or(row.id))
    } else {
        ("signal", row.id)
    };
    Ok(store.signal_by_id(id).await?.map(|signal| LedgerItem {
        seq: row.seq,
        kind,
        signal,
    }))
}

/// The process's hub; cheap to clone.
#[derive(Clone)]
pub struct StreamHub {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    bus: Arc<dyn BarBus>,
    settings: StreamSettings,
    signals: broadcast::Sender<Arc<LedgerItem>>,
    /// The last seq handed to the streams.
    head: AtomicI64,
    bars: Mutex<HashMap<String, broadcast::Sender<Arc<BarEvent>>>>,
    /// Open streams per user on this replica.
    open: Mutex<HashMap<Uuid, u32>>,
    closing: CancellationToken,
}

impl std::fmt::Debug for StreamHub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StreamHub")
            .field("settings", &self.inner.settings)
            .field("head", &self.head())
            .finish_non_exhaustive()
    }
}

/// A stream's place in the per-user count; gives it back when dropped.
#[derive(Debug)]
pub struct Slot {
    hub: StreamHub,
    user: Uuid,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self
            .hub
            .inner
            .open
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(n) = open.get_mut(&self.user) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                open.remove(&self.user);
            }
        }
        metrics::gauge!("harbinger_stream_connections").decrement(1.0);
    }
}

impl StreamHub {
    /// A hub that hands out nothing until [`StreamHub::run`] is running.
    pub fn new(store: Store, bus: Arc<dyn BarBus>, settings: StreamSettings) -> Self {
        Self {
            inner: Arc::new(Inner {
                store,
                bus,
                settings,
                signals: broadcast::channel(SIGNAL_BACKLOG).0,
                head: AtomicI64::new(0),
                bars: Mutex::default(),
                open: Mutex::default(),
                closing: CancellationToken::new(),
            }),
        }
    }

    pub fn settings(&self) -> StreamSettings {
        self.inner.settings
    }

    pub(super) fn store(&self) -> &Store {
        &self.inner.store
    }

    /// The last seq handed to the streams.
    pub fn head(&self) -> i64 {
        self.inner.head.load(Ordering::Acquire)
    }

    /// Cancelled when the server shuts down: streams then close with 1001 (going away).
    pub(super) fn closing(&self) -> CancellationToken {
        self.inner.closing.clone()
    }

    /// New ledger entries from now on, in seq order (a lagging receiver re-reads the gap).
    pub(super) fn signals(&self) -> broadcast::Receiver<Arc<LedgerItem>> {
        self.inner.signals.subscribe()
    }

    /// Takes one of `user`'s `max` stream slots on this replica, if one is free.
    pub(super) fn take_slot(&self, user: Uuid, max: u32) -> Option<Slot> {
        let mut open = self
            .inner
            .open
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let n = open.entry(user).or_insert(0);
        if *n >= max {
            if *n == 0 {
                open.remove(&user);
            }
            return None;
        }
        *n += 1;
        metrics::gauge!("harbinger_stream_connections").increment(1.0);
        Some(Slot {
            hub: self.clone(),
            user,
        })
    }

    /// New bars of `symbol`, sharing one bus subscription with every other stream.
    pub(super) fn bars(&self, symbol: &Symbol) -> broadcast::Receiver<Arc<BarEvent>> {
        let key = symbol.to_string();
        let mut topics = self
            .inner
            .bars
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(tx) = topics.get(&key) {
            return tx.subscribe();
        }
        let (tx, rx) = broadcast::channel(BAR_BACKLOG);
        topics.insert(key, tx.clone());
        tokio::spawn(forward_bars(self.clone(), symbol.clone(), tx));
        rx
    }

    /// Follows the ledger until `shutdown`, then tells every stream to close.
    pub async fn run(self, shutdown: CancellationToken) {
        // Streams start at the head as it is now; until it is known nothing is handed out.
        let mut started = false;
        let mut wake = None;
        let mut poll = tokio::time::interval(self.inner.settings.poll);
        poll.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            if wake.is_none() {
                wake = self.inner.bus.subscribe_ledger().await.ok();
            }
            let woken = async {
                match wake.as_mut() {
                    Some(events) => events.next().await.is_some(),
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                () = shutdown.cancelled() => break,
                alive = woken => if !alive { wake = None },
                _ = poll.tick() => {}
            }
            if !started {
                match self.inner.store.ledger_head().await {
                    Ok((seq, _)) => {
                        self.inner.head.store(seq, Ordering::Release);
                        started = true;
                    }
                    Err(e) => tracing::warn!(error = %e, "stream hub: cannot read the ledger head"),
                }
                continue;
            }
            if let Err(e) = self.catch_up().await {
                tracing::warn!(error = %e, "stream hub: cannot read new ledger entries");
            }
        }
        self.inner.closing.cancel();
    }

    /// Hands every entry past the head to the streams, in order.
    async fn catch_up(&self) -> Result<(), StoreError> {
        let store = &self.inner.store;
        loop {
            let after = self.head();
            let rows = store.ledger_rows(after, PAGE).await?;
            let Some(last) = rows.last().map(|r| r.seq) else {
                return Ok(());
            };
            for row in &rows {
                if let Some(item) = load_item(store, row).await? {
                    // No stream open is not an error.
                    let _ = self.inner.signals.send(Arc::new(item));
                }
                self.inner.head.store(row.seq, Ordering::Release);
            }
            if i64::try_from(rows.len()).unwrap_or(i64::MAX) < PAGE {
                debug_assert!(self.head() == last);
                return Ok(());
            }
        }
    }
}

/// Copies `symbol`'s bus events into `tx` while anyone listens.
async fn forward_bars(hub: StreamHub, symbol: Symbol, tx: broadcast::Sender<Arc<BarEvent>>) {
    let closing = hub.closing();
    let mut events = None;
    let mut idle = tokio::time::interval(TOPIC_IDLE_CHECK);
    idle.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        if events.is_none() {
            match hub.inner.bus.subscribe(&symbol).await {
                Ok(s) => events = Some(s),
                Err(e) => {
                    tracing::warn!(%symbol, error = %e, "stream hub: bar subscription failed; retrying");
                }
            }
        }
        let next = async {
            if let Some(s) = events.as_mut() {
                s.next().await
            } else {
                tokio::time::sleep(BUS_RETRY).await;
                None
            }
        };
        tokio::select! {
            () = closing.cancelled() => break,
            event = next => match event {
                Some(e) => { let _ = tx.send(Arc::new(e)); }
                None => events = None,
            },
            _ = idle.tick() => {
                let mut topics = hub.inner.bars.lock().unwrap_or_else(PoisonError::into_inner);
                if tx.receiver_count() == 0 {
                    topics.remove(symbol.as_str());
                    break;
                }
            }
        }
    }
}
