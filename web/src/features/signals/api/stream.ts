/**
 * The client of `GET /api/v1/stream`, the server's WebSocket (see
 * crates/harbinger-web/src/stream/mod.rs for the protocol).
 *
 * - It subscribes to its channels on every (re)connection.
 * - Every message carries the ledger `seq` the server has delivered up to; the
 *   highest seen is kept and sent back as `?after_seq=` on reconnection, so the
 *   server replays whatever was recorded in between and nothing is missed.
 * - The server sends a heartbeat every 15 s (by default); when nothing at all has
 *   arrived for `heartbeatTimeoutMs` the socket is presumed dead (a laptop lid, a
 *   proxy that dropped it silently) and replaced.
 * - Reconnection waits an exponentially growing delay with jitter, so a restart
 *   of the server is not met by every browser at the same instant.
 * - Close code 1008 means the server refused on policy (signed out, the plan no
 *   longer includes the stream): retrying would be refused again, so it stops.
 */
import type { Signal } from "../filters";

export type StreamStatus = "connecting" | "live" | "reconnecting" | "stopped";

export type StreamMessage =
  | { type: "signal" | "outcome"; seq: number; data: Signal }
  | { type: "heartbeat"; seq: number; data: { time: string; channels: string[] } }
  | { type: "bar"; seq: number; data: unknown }
  | { type: "error"; seq: number; data: { detail: string } };

/** The parts of the WebSocket API the client uses (a fake one in tests). */
export interface SocketLike {
  onopen: ((ev: Event) => unknown) | null;
  onmessage: ((ev: MessageEvent) => unknown) | null;
  onclose: ((ev: CloseEvent) => unknown) | null;
  onerror: ((ev: Event) => unknown) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface StreamOptions {
  /** The stream's URL for a resume point (undefined: start at the moment of connection). */
  url: (afterSeq: number | undefined) => string;
  channels?: string[];
  onMessage: (msg: StreamMessage) => void;
  onStatus?: (status: StreamStatus, detail?: string) => void;
  /** Called once a socket is open and subscribed; `resumed` is false on a fresh start. */
  onConnected?: (resumed: boolean) => void;
  createSocket?: (url: string) => SocketLike;
  heartbeatTimeoutMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** In [0, 1); replaceable so tests get predictable delays. */
  random?: () => number;
}

/** Close code the server uses for "refused on policy": do not retry. */
export const POLICY_VIOLATION = 1008;

/** The delay before reconnection attempt `attempt` (0-based): capped exponential, half jittered. */
export function backoffDelay(attempt: number, base: number, max: number, random: number): number {
  const ceiling = Math.min(max, base * 2 ** attempt);
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

/** The stream's address on this site: ws:// or wss:// like the page. */
export function streamUrl(afterSeq: number | undefined, loc: Location = window.location): string {
  const proto = loc.protocol === "https:" ? "wss:" : "ws:";
  const query = afterSeq === undefined ? "" : `?after_seq=${afterSeq}`;
  return `${proto}//${loc.host}/api/v1/stream${query}`;
}

export class SignalStream {
  private socket: SocketLike | null = null;
  /** Failed attempts since the stream was last live; sets the backoff. */
  private attempt = 0;
  private live = false;
  private everLive = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private watchdog: ReturnType<typeof setTimeout> | undefined;
  private stopped = true;
  private seq: number | undefined;
  private readonly o: Required<Omit<StreamOptions, "onStatus" | "onConnected">> &
    Pick<StreamOptions, "onStatus" | "onConnected">;

  constructor(options: StreamOptions) {
    this.o = {
      channels: ["signals"],
      createSocket: (url) => new WebSocket(url),
      heartbeatTimeoutMs: 45_000,
      backoffBaseMs: 1_000,
      backoffMaxMs: 30_000,
      random: Math.random,
      ...options,
    };
  }

  /** The highest ledger seq delivered so far (the resume point). */
  get lastSeq(): number | undefined {
    return this.seq;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.watchdog);
    const s = this.socket;
    this.socket = null;
    if (s) {
      s.onclose = s.onmessage = s.onerror = s.onopen = null;
      s.close(1000, "leaving");
    }
  }

  private connect(): void {
    const resumed = this.seq !== undefined;
    this.live = false;
    this.o.onStatus?.(this.everLive || this.attempt > 0 ? "reconnecting" : "connecting");
    let socket: SocketLike;
    try {
      socket = this.o.createSocket(this.o.url(this.seq));
    } catch {
      this.retry();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      socket.send(JSON.stringify({ op: "subscribe", channels: this.o.channels }));
      this.feedWatchdog();
    };
    socket.onmessage = (ev) => this.receive(ev, resumed);
    socket.onerror = () => {
      // A close event always follows; reconnection is decided there.
    };
    socket.onclose = (ev) => {
      if (this.socket !== socket) return;
      this.socket = null;
      clearTimeout(this.watchdog);
      if (ev.code === POLICY_VIOLATION) {
        this.stopped = true;
        this.o.onStatus?.("stopped", ev.reason || "The server closed the stream.");
        return;
      }
      this.retry();
    };
  }

  private receive(ev: MessageEvent, resumed: boolean): void {
    this.feedWatchdog();
    let msg: StreamMessage;
    try {
      msg = JSON.parse(String(ev.data)) as StreamMessage;
    } catch {
      return;
    }
    if (typeof msg.seq === "number" && (this.seq === undefined || msg.seq > this.seq)) {
      this.seq = msg.seq;
    }
    if (msg.type === "heartbeat" && !this.live) {
      // The first heartbeat acknowledges the subscription: the stream is live.
      this.live = true;
      this.everLive = true;
      this.attempt = 0;
      this.o.onStatus?.("live");
      this.o.onConnected?.(resumed);
    }
    this.o.onMessage(msg);
  }

  private feedWatchdog(): void {
    clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => {
      const s = this.socket;
      if (!s) return;
      // Silence past the heartbeat period: drop this socket and start again.
      this.socket = null;
      s.onclose = s.onmessage = s.onerror = s.onopen = null;
      s.close(4000, "no heartbeat");
      this.retry();
    }, this.o.heartbeatTimeoutMs);
  }

  private retry(): void {
    if (this.stopped) return;
    const delay = backoffDelay(this.attempt, this.o.backoffBaseMs, this.o.backoffMaxMs, this.o.random());
    this.attempt += 1;
    this.o.onStatus?.("reconnecting");
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (!this.stopped) this.connect();
    }, delay);
  }
}
