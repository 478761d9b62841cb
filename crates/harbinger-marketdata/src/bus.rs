//! The bus: channel `bars:<SYMBOL>` carries every new stored bar to whoever listens (the
//! WebSocket stream and the signal pipeline), and channel `signals` announces every new signal
//! ledger entry (a signal or an outcome) by seq. In process it is a tokio broadcast per
//! channel; with Redis configured it is Redis pub/sub, so every replica sees every event.
//!
//! A ledger event is a notification, not the signal: listeners read the entry from the store
//! and show it as the reader's plan allows (a delayed plan sees only the hash until release).
//!
//! Delivery is best effort by design: a subscriber that falls behind loses the oldest events
//! (and can re-read bars from the store), and a publish failure never fails the write that
//! caused it.

use std::collections::HashMap;
use std::fmt;
use std::sync::Mutex;

use futures::StreamExt as _;
use futures::future::BoxFuture;
use futures::stream::BoxStream;
use harbinger_core::{Interval, Symbol};
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;

use crate::record::BarRecord;

/// Events kept for a slow in-process subscriber before the oldest are dropped.
const CAPACITY: usize = 1_024;

/// One new bar on `bars:<SYMBOL>`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BarEvent {
    pub symbol: String,
    /// `1d`, `1h` …
    pub interval: String,
    /// The provider that delivered it (`replay`, `yahoo` …).
    pub source: String,
    pub bar: BarRecord,
}

impl BarEvent {
    pub fn new(
        symbol: &Symbol,
        interval: Interval,
        source: &str,
        bar: harbinger_core::Bar,
    ) -> Self {
        Self {
            symbol: symbol.to_string(),
            interval: interval.as_str().to_owned(),
            source: source.to_owned(),
            bar: bar.into(),
        }
    }
}

/// The channel of ledger events.
pub const SIGNALS_CHANNEL: &str = "signals";

/// A new entry at the head of the signal ledger, on channel `signals`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerEvent {
    pub seq: i64,
    /// `signal` or `outcome`.
    pub kind: String,
    pub id: uuid::Uuid,
    /// For an outcome: the signal it grades.
    pub signal_id: Option<uuid::Uuid>,
    /// The entry's chain hash, hex.
    pub hash: String,
    /// When the delayed (free) tier may see its content, Unix ms.
    pub released_to_free_at: i64,
}

/// The channel name of a symbol's bars.
pub fn channel(symbol: &Symbol) -> String {
    format!("bars:{symbol}")
}

/// Why the bus could not publish or subscribe.
#[derive(Debug, thiserror::Error)]
#[error("bar bus: {0}")]
pub struct BusError(pub String);

/// Publishes and subscribes to `bars:<SYMBOL>`.
pub trait BarBus: Send + Sync + fmt::Debug {
    /// Sends `event` to the subscribers of `bars:<event.symbol>`.
    fn publish<'a>(&'a self, event: &'a BarEvent) -> BoxFuture<'a, Result<(), BusError>>;

    /// The events of `bars:<symbol>` from now on.
    fn subscribe<'a>(
        &'a self,
        symbol: &'a Symbol,
    ) -> BoxFuture<'a, Result<BoxStream<'static, BarEvent>, BusError>>;

    /// Announces a new ledger entry on `signals`.
    fn publish_ledger<'a>(&'a self, event: &'a LedgerEvent) -> BoxFuture<'a, Result<(), BusError>>;

    /// The ledger events of `signals` from now on.
    fn subscribe_ledger(&self) -> BoxFuture<'_, Result<BoxStream<'static, LedgerEvent>, BusError>>;
}

/// A broadcast receiver as a stream; a lagging receiver skips what it lost (counted in
/// `harbinger_bus_lagged_total`).
pub fn receiver_stream<T: Clone + Send + 'static>(
    rx: broadcast::Receiver<T>,
) -> BoxStream<'static, T> {
    futures::stream::unfold(rx, |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(event) => return Some((event, rx)),
                Err(broadcast::error::RecvError::Lagged(n)) => {
                    metrics::counter!("harbinger_bus_lagged_total").increment(n);
                }
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    })
    .boxed()
}

/// The in-process bus (no Redis): one broadcast channel per symbol.
#[derive(Debug)]
pub struct InProcessBus {
    channels: Mutex<HashMap<String, broadcast::Sender<BarEvent>>>,
    ledger: broadcast::Sender<LedgerEvent>,
}

impl Default for InProcessBus {
    fn default() -> Self {
        Self {
            channels: Mutex::default(),
            ledger: broadcast::channel(CAPACITY).0,
        }
    }
}

impl InProcessBus {
    pub fn new() -> Self {
        Self::default()
    }

    fn sender(&self, channel: String) -> broadcast::Sender<BarEvent> {
        let mut map = self
            .channels
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        map.entry(channel)
            .or_insert_with(|| broadcast::channel(CAPACITY).0)
            .clone()
    }
}

impl BarBus for InProcessBus {
    fn publish<'a>(&'a self, event: &'a BarEvent) -> BoxFuture<'a, Result<(), BusError>> {
        let sender = {
            let map = self
                .channels
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            map.get(&format!("bars:{}", event.symbol)).cloned()
        };
        if let Some(tx) = sender {
            // No receiver left is not an error: nobody is listening right now.
            let _ = tx.send(event.clone());
        }
        Box::pin(std::future::ready(Ok(())))
    }

    fn subscribe<'a>(
        &'a self,
        symbol: &'a Symbol,
    ) -> BoxFuture<'a, Result<BoxStream<'static, BarEvent>, BusError>> {
        let rx = self.sender(channel(symbol)).subscribe();
        Box::pin(std::future::ready(Ok(receiver_stream(rx))))
    }

    fn publish_ledger<'a>(&'a self, event: &'a LedgerEvent) -> BoxFuture<'a, Result<(), BusError>> {
        // No receiver is not an error: nobody is listening right now.
        let _ = self.ledger.send(event.clone());
        Box::pin(std::future::ready(Ok(())))
    }

    fn subscribe_ledger(&self) -> BoxFuture<'_, Result<BoxStream<'static, LedgerEvent>, BusError>> {
        Box::pin(std::future::ready(Ok(receiver_stream(
            self.ledger.subscribe(),
        ))))
    }
}

/// The Redis pub/sub bus: `PUBLISH bars:<SYMBOL> <json>`.
#[derive(Debug)]
pub struct RedisBus {
    client: redis::Client,
    conn: tokio::sync::Mutex<Option<redis::aio::MultiplexedConnection>>,
}

impl RedisBus {
    /// Checks the URL only; connections are made on first use and remade after a failure.
    pub fn new(url: &str) -> Result<Self, BusError> {
        Ok(Self {
            client: redis::Client::open(url).map_err(|e| BusError(e.to_string()))?,
            conn: tokio::sync::Mutex::new(None),
        })
    }

    async fn publish_json(&self, channel: String, json: String) -> Result<(), BusError> {
        let mut slot = self.conn.lock().await;
        let mut conn = if let Some(c) = slot.as_ref() {
            c.clone()
        } else {
            let c = self
                .client
                .get_multiplexed_async_connection()
                .await
                .map_err(|e| BusError(e.to_string()))?;
            *slot = Some(c.clone());
            c
        };
        drop(slot);
        let sent = redis::cmd("PUBLISH")
            .arg(channel)
            .arg(json)
            .query_async::<i64>(&mut conn)
            .await;
        if let Err(e) = sent {
            *self.conn.lock().await = None;
            return Err(BusError(e.to_string()));
        }
        Ok(())
    }
}

impl BarBus for RedisBus {
    fn publish<'a>(&'a self, event: &'a BarEvent) -> BoxFuture<'a, Result<(), BusError>> {
        Box::pin(async move {
            let json = serde_json::to_string(event).map_err(|e| BusError(e.to_string()))?;
            self.publish_json(format!("bars:{}", event.symbol), json)
                .await
        })
    }

    fn subscribe<'a>(
        &'a self,
        symbol: &'a Symbol,
    ) -> BoxFuture<'a, Result<BoxStream<'static, BarEvent>, BusError>> {
        Box::pin(self.subscribe_json(channel(symbol)))
    }

    fn publish_ledger<'a>(&'a self, event: &'a LedgerEvent) -> BoxFuture<'a, Result<(), BusError>> {
        Box::pin(async move {
            let json = serde_json::to_string(event).map_err(|e| BusError(e.to_string()))?;
            self.publish_json(SIGNALS_CHANNEL.to_owned(), json).await
        })
    }

    fn subscribe_ledger(&self) -> BoxFuture<'_, Result<BoxStream<'static, LedgerEvent>, BusError>> {
        Box::pin(self.subscribe_json(SIGNALS_CHANNEL.to_owned()))
    }
}

impl RedisBus {
    /// The JSON messages of `channel` that parse as `T` (others are counted and dropped).
    async fn subscribe_json<T: serde::de::DeserializeOwned + Send + 'static>(
        &self,
        channel: String,
    ) -> Result<BoxStream<'static, T>, BusError> {
        let mut pubsub = self
            .client
            .get_async_pubsub()
            .await
            .map_err(|e| BusError(e.to_string()))?;
        pubsub
            .subscribe(channel)
            .await
            .map_err(|e| BusError(e.to_string()))?;
        let stream = pubsub.into_on_message().filter_map(|msg| async move {
            let event = serde_json::from_slice::<T>(msg.get_payload_bytes()).ok();
            if event.is_none() {
                metrics::counter!("harbinger_bus_bad_messages_total").increment(1);
            }
            event
        });
        Ok(stream.boxed())
    }
}
