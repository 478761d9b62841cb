import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { backoffDelay, SignalStream, type SocketLike, type StreamMessage } from "./stream";

/** A WebSocket stand-in the test drives by hand. */
class FakeSocket implements SocketLike {
  onopen: SocketLike["onopen"] = null;
  onmessage: SocketLike["onmessage"] = null;
  onclose: SocketLike["onclose"] = null;
  onerror: SocketLike["onerror"] = null;
  sent: string[] = [];
  closed = false;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.closed = true;
  }
  open() {
    this.onopen?.(new Event("open"));
  }
  push(msg: object) {
    this.onmessage?.(new MessageEvent("message", { data: JSON.stringify(msg) }));
  }
  drop(code = 1006, reason = "") {
    this.onclose?.({ code, reason } as CloseEvent);
  }
}

const signal = (id: string, seq: number) => ({ id, ledger_seq: seq, hash: "h", sealed: false });
const beat = (seq: number) => ({ type: "heartbeat", seq, data: { time: "", channels: ["signals"] } });

function setup() {
  const sockets: FakeSocket[] = [];
  const messages: StreamMessage[] = [];
  const statuses: string[] = [];
  const connected: boolean[] = [];
  const stream = new SignalStream({
    url: (after) => (after === undefined ? "ws://x/api/v1/stream" : `ws://x/api/v1/stream?after_seq=${after}`),
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    onMessage: (m) => messages.push(m),
    onStatus: (s) => statuses.push(s),
    onConnected: (resumed) => connected.push(resumed),
    heartbeatTimeoutMs: 45_000,
    backoffBaseMs: 1_000,
    backoffMaxMs: 30_000,
    random: () => 1,
  });
  return { stream, sockets, messages, statuses, connected, last: () => sockets[sockets.length - 1]! };
}

describe("SignalStream", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("subscribes to signals and goes live on the acknowledging heartbeat", () => {
    const t = setup();
    t.stream.start();
    expect(t.statuses).toEqual(["connecting"]);
    t.last().open();
    expect(JSON.parse(t.last().sent[0]!)).toEqual({ op: "subscribe", channels: ["signals"] });
    t.last().push(beat(7));
    expect(t.statuses.at(-1)).toBe("live");
    expect(t.connected).toEqual([false]);
    t.last().push({ type: "signal", seq: 8, data: signal("a", 8) });
    expect(t.messages.map((m) => m.type)).toEqual(["heartbeat", "signal"]);
    expect(t.stream.lastSeq).toBe(8);
  });

  it("resumes after the last seq seen, so the server replays what was missed", () => {
    const t = setup();
    t.stream.start();
    t.last().open();
    t.last().push(beat(3));
    t.last().push({ type: "signal", seq: 4, data: signal("a", 4) });
    t.last().push({ type: "outcome", seq: 9, data: signal("b", 2) });
    t.last().drop();
    expect(t.statuses.at(-1)).toBe("reconnecting");
    vi.advanceTimersByTime(1_000);
    expect(t.sockets).toHaveLength(2);
    expect(t.last().url).toBe("ws://x/api/v1/stream?after_seq=9");
    t.last().open();
    t.last().push(beat(9));
    expect(t.connected).toEqual([false, true]);
  });

  it("backs off exponentially, with jitter, up to the cap, and resets once live", () => {
    expect(backoffDelay(0, 1_000, 30_000, 0)).toBe(500);
    expect(backoffDelay(0, 1_000, 30_000, 1)).toBe(1_000);
    expect(backoffDelay(3, 1_000, 30_000, 1)).toBe(8_000);
    expect(backoffDelay(10, 1_000, 30_000, 1)).toBe(30_000);
    expect(backoffDelay(10, 1_000, 30_000, 0.5)).toBe(22_500);

    const t = setup();
    t.stream.start();
    t.last().drop(); // refused: 1 s
    vi.advanceTimersByTime(999);
    expect(t.sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(t.sockets).toHaveLength(2);
    t.last().drop(); // 2 s
    vi.advanceTimersByTime(1_999);
    expect(t.sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(t.sockets).toHaveLength(3);
    t.last().open();
    t.last().push(beat(1));
    t.last().drop(); // live again, so back to 1 s
    vi.advanceTimersByTime(1_000);
    expect(t.sockets).toHaveLength(4);
  });

  it("replaces a socket that goes silent past the heartbeat period", () => {
    const t = setup();
    t.stream.start();
    t.last().open();
    t.last().push(beat(5));
    vi.advanceTimersByTime(44_000);
    t.last().push(beat(5));
    vi.advanceTimersByTime(44_000);
    expect(t.sockets).toHaveLength(1);
    vi.advanceTimersByTime(1_000);
    expect(t.sockets[0]!.closed).toBe(true);
    expect(t.statuses.at(-1)).toBe("reconnecting");
    vi.advanceTimersByTime(1_000);
    expect(t.last().url).toContain("after_seq=5");
  });

  it("stops on a policy close (signed out, plan downgraded) instead of retrying", () => {
    const t = setup();
    t.stream.start();
    t.last().open();
    t.last().push(beat(1));
    t.last().drop(1008, "signed out");
    expect(t.statuses.at(-1)).toBe("stopped");
    vi.advanceTimersByTime(60_000);
    expect(t.sockets).toHaveLength(1);
  });

  it("closes its socket and schedules nothing after stop", () => {
    const t = setup();
    t.stream.start();
    t.last().open();
    t.stream.stop();
    expect(t.sockets[0]!.closed).toBe(true);
    t.stream.start();
    t.last().drop();
    t.stream.stop();
    vi.advanceTimersByTime(60_000);
    expect(t.sockets).toHaveLength(2);
  });
});
