//! `GET /api/v1/stream`: signals, outcomes and bars pushed over a WebSocket.
//!
//! The handshake is an ordinary API request: the guard has identified the caller (session
//! cookie or bearer key) and spent their rate limit. This handler then refuses a foreign
//! `Origin` (403, so another site cannot ride a visitor's cookie: cross-site WebSocket
//! hijacking), anyone anonymous (401), a plan without the stream (403) and a user already at
//! their plan's number of open streams on this replica (429).
//!
//! The protocol:
//! - the client sends `{"op":"subscribe","channels":["signals","bars:AAPL"]}` (and
//!   `"op":"unsubscribe"` the same way); the server acknowledges with a heartbeat listing the
//!   channels now open, or answers `{"type":"error",…}` and changes nothing;
//! - the server sends `{"type":"signal"|"outcome"|"bar"|"heartbeat","seq":N,"data":{…}}`.
//!   `seq` is the signal ledger's: a signal or outcome carries its own entry's seq, a bar or
//!   heartbeat the last seq this stream delivered. Reconnecting with `?after_seq=<last seq
//!   seen>` first replays every signal and outcome recorded since, in order, so nothing is
//!   lost; without it the stream starts at the moment of connection. Bars are not replayed
//!   (`GET /api/v1/market/{symbol}/bars` has them);
//! - a heartbeat goes out every `stream_heartbeat_secs`, and each time the caller's
//!   credentials and plan are checked again: after a logout, a revoked key or a downgrade the
//!   stream closes with 1008 (policy violation). A shutdown closes it with 1001.

mod hub;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade, close_code};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use futures::StreamExt as _;
use futures::stream::{BoxStream, SelectAll};
use harbinger_auth::Authenticated;
use harbinger_core::Symbol;
use harbinger_marketdata::{BarEvent, receiver_stream};
use http::{HeaderMap, StatusCode, header};
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;
use utoipa::IntoParams;

pub use hub::{LedgerItem, Slot, StreamHub, StreamSettings};

use crate::extract::{MaybeAuthUser, Meta, unauthenticated};
use crate::routes::signals::{Reader, rfc3339_ms};
use crate::security::{cross_origin, identify};
use crate::{AppState, Problem};

/// Bar channels one stream may hold.
const MAX_BAR_CHANNELS: usize = 100;
/// The largest frame a client may send; a subscribe message is far smaller.
const MAX_CLIENT_MESSAGE: usize = 16 * 1024;
/// Messages a client may send per second; past that the stream closes (1008).
const MAX_CLIENT_MESSAGES_PER_S: u32 = 20;
/// A client that does not take a message within this long is dropped.
const SEND_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct StreamParams {
    /// Replay every signal and outcome recorded after this ledger seq before going live.
    #[param(minimum = 0)]
    after_seq: Option<i64>,
}

/// Opens the stream (a WebSocket handshake). See the module documentation for the protocol.
#[utoipa::path(get, path = "/api/v1/stream", tag = "signals", params(StreamParams),
    responses(
        (status = 101, description = "Switched to the WebSocket protocol"),
        (status = 400, description = "A bad after_seq", body = Problem),
        (status = 401, body = Problem),
        (status = 403, description = "A foreign Origin, or a plan without the stream", body = Problem),
        (status = 426, description = "Not a WebSocket handshake", body = Problem),
        (status = 429, description = "As many streams open as the plan allows, or rate limited", body = Problem),
    ))]
pub async fn stream(
    State(state): State<AppState>,
    MaybeAuthUser(auth): MaybeAuthUser,
    Meta(meta): Meta,
    headers: HeaderMap,
    Query(p): Query<StreamParams>,
    upgrade: Result<WebSocketUpgrade, axum::extract::ws::rejection::WebSocketUpgradeRejection>,
) -> Result<Response, Problem> {
    if cross_origin(&headers, &state) {
        if auth.is_some() {
            let ev = state
                .accounts
                .event(&meta, auth.as_ref(), "authz_fail")
                .failed("cross-origin stream")
                .meta(serde_json::json!({
                    "path": "/api/v1/stream",
                    "origin": headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
                }));
            state.store.audit(&ev).await?;
        }
        return Err(Problem::new(StatusCode::FORBIDDEN)
            .with_type("cross-origin")
            .with_detail("streams open only from this site's own pages or from programs"));
    }
    let auth = auth.ok_or_else(unauthenticated)?;
    let after_seq = match p.after_seq {
        Some(n) if n < 0 => return Err(Problem::bad_request("after_seq must be 0 or more")),
        other => other,
    };
    let max = streams_allowed(&state, &auth);
    if max == 0 {
        return Err(Problem::plan_limit(
            &auth.user,
            format!(
                "your {} plan does not include the real-time stream; upgrade to Pro",
                auth.user.plan
            ),
        ));
    }
    let upgrade = upgrade.map_err(|e| {
        Problem::new(StatusCode::UPGRADE_REQUIRED)
            .with_type("websocket-required")
            .with_detail(format!(
                "open this with a WebSocket handshake ({})",
                e.body_text()
            ))
    })?;
    let hub = state.stream.clone();
    let slot = hub.take_slot(auth.user.id, max).ok_or_else(|| {
        Problem::new(StatusCode::TOO_MANY_REQUESTS)
            .with_type("too-many-streams")
            .with_detail(format!(
                "your plan allows {max} open streams at once; close one first"
            ))
    })?;
    let cursor = match after_seq {
        Some(n) => n,
        None => state.store.ledger_head().await?.0,
    };
    let mut creds = HeaderMap::new();
    for name in [header::AUTHORIZATION, header::COOKIE] {
        for value in headers.get_all(&name) {
            creds.append(name.clone(), value.clone());
        }
    }
    let conn = Conn {
        state,
        hub,
        auth,
        creds,
        cursor,
        signals: false,
        symbols: BTreeMap::new(),
    };
    Ok(upgrade
        .max_message_size(MAX_CLIENT_MESSAGE)
        .max_frame_size(MAX_CLIENT_MESSAGE)
        .on_upgrade(move |socket| serve(socket, conn, slot))
        .into_response())
}

/// Streams `user`'s plan may hold open at once (0: none).
fn streams_allowed(state: &AppState, auth: &Authenticated) -> u32 {
    state
        .accounts
        .settings()
        .plan(auth.user.plan)
        .stream_connections
}

/// A message from the client.
#[derive(Debug, Deserialize)]
#[serde(tag = "op", rename_all = "lowercase", deny_unknown_fields)]
enum Op {
    Subscribe { channels: Vec<String> },
    Unsubscribe { channels: Vec<String> },
}

/// A channel a client can ask for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Channel {
    Signals,
    Bars(Symbol),
}

impl Channel {
    fn parse(raw: &str) -> Result<Self, String> {
        if raw == "signals" {
            return Ok(Self::Signals);
        }
        if let Some(sym) = raw.strip_prefix("bars:") {
            return Symbol::parse(sym)
                .map(Self::Bars)
                .map_err(|e| format!("channel {raw:?}: {e}"));
        }
        Err(format!(
            "unknown channel {raw:?}: use \"signals\" or \"bars:<SYMBOL>\""
        ))
    }
}

/// What the server sends.
#[derive(Serialize)]
struct Envelope<'a, T: Serialize> {
    #[serde(rename = "type")]
    kind: &'a str,
    seq: i64,
    data: T,
}

/// One open stream.
struct Conn {
    state: AppState,
    hub: StreamHub,
    auth: Authenticated,
    /// The handshake's credentials, to check again at every heartbeat.
    creds: HeaderMap,
    /// The last ledger seq delivered (or the starting point).
    cursor: i64,
    signals: bool,
    symbols: BTreeMap<String, Symbol>,
}

/// Why a stream ends.
enum End {
    /// The client left or the socket failed: nothing more can be sent.
    Gone,
    /// Close with this code and reason.
    Close(u16, &'static str),
}

impl From<axum::Error> for End {
    fn from(_: axum::Error) -> Self {
        Self::Gone
    }
}

/// Counts a client message in the current one-second window; true past the limit.
fn flooding(window: &mut (tokio::time::Instant, u32)) -> bool {
    let now = tokio::time::Instant::now();
    if now.duration_since(window.0) >= Duration::from_secs(1) {
        *window = (now, 0);
    }
    window.1 += 1;
    window.1 > MAX_CLIENT_MESSAGES_PER_S
}

type Bars = SelectAll<BoxStream<'static, Arc<BarEvent>>>;

async fn serve(mut socket: WebSocket, mut conn: Conn, slot: Slot) {
    let ended = conn.pump(&mut socket).await;
    if let End::Close(code, reason) = ended {
        let frame = CloseFrame {
            code,
            reason: reason.into(),
        };
        let _ = tokio::time::timeout(SEND_TIMEOUT, socket.send(Message::Close(Some(frame)))).await;
    }
    drop(slot);
}

impl Conn {
    async fn pump(&mut self, socket: &mut WebSocket) -> End {
        let closing = self.hub.closing();
        let mut ledger = self.hub.signals();
        let mut bars: Bars = SelectAll::new();
        let every = self.hub.settings().heartbeat;
        let mut beat = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        let mut window = (tokio::time::Instant::now(), 0u32);
        // An entry the hub handed out before this stream listened (between reading the
        // starting seq and subscribing, or before the hub knew its own starting head) comes
        // with no event: comparing with the hub's head each poll interval picks it up.
        let mut behind = tokio::time::interval(self.hub.settings().poll);
        behind.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        beat.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            let step = tokio::select! {
                () = closing.cancelled() => Err(End::Close(close_code::AWAY, "the server is shutting down")),
                msg = socket.recv() => match msg {
                    None | Some(Err(_) | Ok(Message::Close(_))) => Err(End::Gone),
                    Some(Ok(Message::Text(_) | Message::Binary(_))) if flooding(&mut window) => {
                        Err(End::Close(close_code::POLICY, "too many messages; at most 20 a second"))
                    }
                    Some(Ok(Message::Text(text))) => self.on_text(socket, &mut bars, text.as_str()).await,
                    Some(Ok(Message::Binary(_))) => {
                        self.error(socket, "send text frames of JSON").await
                    }
                    Some(Ok(_)) => Ok(()),
                },
                item = ledger.recv(), if self.signals => match item {
                    Ok(item) => self.deliver(socket, &item).await,
                    Err(broadcast::error::RecvError::Lagged(_)) => self.catch_up(socket, i64::MAX).await,
                    Err(broadcast::error::RecvError::Closed) => Err(End::Close(close_code::AWAY, "the server is shutting down")),
                },
                Some(bar) = bars.next() => self.send(socket, "bar", &*bar).await,
                _ = beat.tick() => self.heartbeat(socket).await,
                _ = behind.tick(), if self.signals => {
                    let head = self.hub.head();
                    if head > self.cursor { self.catch_up(socket, head).await } else { Ok(()) }
                }
            };
            if let Err(end) = step {
                return end;
            }
        }
    }

    async fn send<T: Serialize>(
        &self,
        socket: &mut WebSocket,
        kind: &str,
        data: T,
    ) -> Result<(), End> {
        let text = serde_json::to_string(&Envelope {
            kind,
            seq: self.cursor,
            data,
        })
        .map_err(|_| End::Close(close_code::ERROR, "a message could not be encoded"))?;
        if let Ok(sent) =
            tokio::time::timeout(SEND_TIMEOUT, socket.send(Message::Text(text.into()))).await
        {
            metrics::counter!("harbinger_stream_messages_total", "type" => kind.to_owned())
                .increment(1);
            sent.map_err(End::from)
        } else {
            metrics::counter!("harbinger_stream_slow_clients_total").increment(1);
            Err(End::Gone)
        }
    }

    async fn error(&self, socket: &mut WebSocket, detail: &str) -> Result<(), End> {
        self.send(socket, "error", serde_json::json!({ "detail": detail }))
            .await
    }

    /// Checks the credentials and plan again, then sends a heartbeat.
    async fn heartbeat(&mut self, socket: &mut WebSocket) -> Result<(), End> {
        self.recheck().await?;
        self.beat(socket).await
    }

    async fn recheck(&mut self) -> Result<(), End> {
        match identify(&self.state, &self.creds).await {
            Ok(Some(auth)) => {
                if streams_allowed(&self.state, &auth) == 0 {
                    return Err(End::Close(
                        close_code::POLICY,
                        "the plan no longer includes the stream",
                    ));
                }
                self.auth = auth;
            }
            Ok(None) => {
                return Err(End::Close(close_code::POLICY, "signed out"));
            }
            Err(p) if p.status == StatusCode::UNAUTHORIZED.as_u16() => {
                return Err(End::Close(close_code::POLICY, "the API key was revoked"));
            }
            // The database is away: keep streaming what is already known.
            Err(_) => {}
        }
        Ok(())
    }

    /// A heartbeat: the time and the channels open.
    async fn beat(&self, socket: &mut WebSocket) -> Result<(), End> {
        let channels: Vec<String> = self
            .signals
            .then(|| "signals".to_owned())
            .into_iter()
            .chain(self.symbols.keys().map(|s| format!("bars:{s}")))
            .collect();
        let now = self.state.store.clock().now_ms();
        self.send(
            socket,
            "heartbeat",
            serde_json::json!({ "time": rfc3339_ms(now), "channels": channels }),
        )
        .await
    }

    async fn on_text(
        &mut self,
        socket: &mut WebSocket,
        bars: &mut Bars,
        text: &str,
    ) -> Result<(), End> {
        let op = match serde_json::from_str::<Op>(text) {
            Ok(op) => op,
            Err(e) => {
                let detail = format!(
                    "not understood ({e}); send {{\"op\":\"subscribe\",\"channels\":[\"signals\",\"bars:AAPL\"]}}"
                );
                return self.error(socket, &detail).await;
            }
        };
        let (adding, raw) = match op {
            Op::Subscribe { channels } => (true, channels),
            Op::Unsubscribe { channels } => (false, channels),
        };
        if raw.len() > MAX_BAR_CHANNELS + 1 {
            let detail = format!("at most {MAX_BAR_CHANNELS} bar channels per stream");
            return self.error(socket, &detail).await;
        }
        let mut parsed = Vec::with_capacity(raw.len());
        for r in &raw {
            match Channel::parse(r) {
                Ok(c) => parsed.push(c),
                Err(detail) => return self.error(socket, &detail).await,
            }
        }
        let mut symbols = self.symbols.clone();
        let mut signals = self.signals;
        for c in parsed {
            match (c, adding) {
                (Channel::Signals, on) => signals = on,
                (Channel::Bars(s), true) => {
                    symbols.insert(s.to_string(), s);
                }
                (Channel::Bars(s), false) => {
                    symbols.remove(s.as_str());
                }
            }
        }
        if symbols.len() > MAX_BAR_CHANNELS {
            let detail = format!("at most {MAX_BAR_CHANNELS} bar channels per stream");
            return self.error(socket, &detail).await;
        }
        if symbols != self.symbols {
            *bars = symbols
                .values()
                .map(|s| receiver_stream(self.hub.bars(s)))
                .collect();
            self.symbols = symbols;
        }
        let replay = signals && !self.signals;
        self.signals = signals;
        self.beat(socket).await?;
        if replay {
            self.catch_up(socket, i64::MAX).await?;
        }
        Ok(())
    }

    /// Sends a new entry, first re-reading any the stream has not had.
    async fn deliver(&mut self, socket: &mut WebSocket, item: &LedgerItem) -> Result<(), End> {
        if item.seq <= self.cursor {
            return Ok(());
        }
        if item.seq > self.cursor + 1 {
            self.catch_up(socket, item.seq - 1).await?;
        }
        self.send_item(socket, item).await
    }

    async fn send_item(&mut self, socket: &mut WebSocket, item: &LedgerItem) -> Result<(), End> {
        let reader = Reader::of(&self.state, &self.auth);
        self.cursor = item.seq;
        self.send(socket, item.kind, reader.show(&item.signal))
            .await
    }

    /// Sends the entries after the cursor up to `upto`, from the database.
    async fn catch_up(&mut self, socket: &mut WebSocket, upto: i64) -> Result<(), End> {
        let store = self.hub.store().clone();
        while self.cursor < upto {
            let rows = match store.ledger_rows(self.cursor, hub::PAGE).await {
                Ok(rows) => rows,
                Err(e) => {
                    tracing::warn!(error = %e, "stream: cannot read the ledger; retrying at the next entry");
                    return Ok(());
                }
            };
            if rows.is_empty() {
                return Ok(());
            }
            for row in rows.iter().filter(|r| r.seq <= upto) {
                match hub::load_item(&store, row).await {
                    Ok(Some(item)) => self.send_item(socket, &item).await?,
                    Ok(None) => self.cursor = row.seq,
                    Err(e) => {
                        tracing::warn!(error = %e, "stream: cannot read a ledger entry; retrying at the next entry");
                        return Ok(());
                    }
                }
            }
            if rows.last().is_some_and(|r| r.seq >= upto) {
                return Ok(());
            }
        }
        Ok(())
    }
}
