/**
 * The browser verifier on its own: the digests it computes are the server's, both
 * Ed25519 paths agree, progress is reported and the UI gets turns while it works.
 */
import { describe, expect, it, vi } from "vitest";
import fixture from "./fixtures/ledger.json?raw";
import { normaliseUuid, parseLedgerExport, releaseIn } from "./ledgerExport";
import {
  breakLine,
  checkpointMessage,
  contentHash,
  parsePublicKey,
  verifyLedger,
  verifySignature,
} from "./verify";

const file = () => parseLedgerExport(fixture);

describe("verifyLedger", () => {
  it("computes the same content digest the server published for every open entry", async () => {
    const open = file().entries.filter((e) => !e.sealed);
    expect(open.length).toBeGreaterThan(0);
    for (const e of open) expect(await contentHash(e)).toBe(e.content_hash);
  });

  it("verifies the fixture and reports progress batch by batch", async () => {
    const progress: [number, number][] = [];
    const out = await verifyLedger(file(), { batch: 50, onProgress: (a, b) => progress.push([a, b]) });
    expect(out.ok).toBe(true);
    expect(progress).toEqual([[0, 152], [50, 152], [100, 152], [150, 152], [152, 152]]);
    if (out.ok) {
      expect(out.verified).toMatchObject({ rows: 152, headSeq: 152, checkpoints: 2, sealed: 62 });
      expect(out.verified.publicKey).toBe(file().public_key);
    }
  });

  it("gives the UI the event loop back between batches", async () => {
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 0);
    await verifyLedger(file(), { batch: 10 });
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(3);
  });

  it("stops when aborted", async () => {
    const stop = new AbortController();
    stop.abort();
    await expect(verifyLedger(file(), { signal: stop.signal })).rejects.toThrow();
  });

  it("checks no checkpoint when the file names no usable key, as the command does", async () => {
    const f = { ...file(), public_key: "00".repeat(31) };
    const out = await verifyLedger(f);
    expect(out.ok && out.verified).toMatchObject({ checkpoints: 0, publicKey: null });
  });

  it("prefers a key given by the caller", async () => {
    const other = "3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29";
    const out = await verifyLedger(file(), { publicKey: other });
    expect(out).toEqual({ ok: false, break: { kind: "bad_signature", seq: 80 } });
  });
});

describe("Ed25519", () => {
  it("accepts the server's signature and refuses a changed message, with Web Crypto and without", async () => {
    const f = file();
    const key = parsePublicKey(f.public_key)!;
    const c = f.checkpoints[0]!;
    const forged = { ...c, time_ms: c.time_ms + 1 };
    const results = async () => [
      await verifySignature(key, c.signature, checkpointMessage(c)),
      await verifySignature(key, c.signature, checkpointMessage(forged)),
    ];
    const subtle = globalThis.crypto.subtle;
    const webVerify = vi.spyOn(subtle, "verify");
    expect(await results()).toEqual([true, false]);
    expect(webVerify).toHaveBeenCalledTimes(2);
    // A browser without Ed25519 in Web Crypto: the pure-JS path must give the same answers.
    const importKey = vi.spyOn(subtle, "importKey").mockRejectedValue(new DOMException("no", "NotSupportedError"));
    expect(await results()).toEqual([true, false]);
    expect(importKey).toHaveBeenCalled();
  });

  it("signs the chain name too", () => {
    const c = file().checkpoints[0]!;
    expect(new TextDecoder().decode(checkpointMessage(c))).toBe(
      `{"chain":"signals","hash":"${c.hash}","seq":${c.seq},"time_ms":${c.time_ms}}`,
    );
  });
});

describe("reading the file as the server does", () => {
  it("reads released_to_free_at from the entry text", () => {
    expect(releaseIn('{"a":1,"released_to_free_at":1796668272073,"x":2}')).toBe("1796668272073");
    expect(releaseIn('{"released_to_free_at":007}')).toBe("7");
    expect(releaseIn('{"released_to_free_at":"5"}')).toBeNull();
    expect(releaseIn('{"released_to_free_at":9223372036854775808}')).toBeNull();
    expect(releaseIn("{}")).toBeNull();
  });

  it("writes UUIDs the way the server re-serialises them", () => {
    const id = "01a251c6-2dd6-73d9-a15a-840264b9681b";
    expect(normaliseUuid(id.toUpperCase(), "id")).toBe(id);
    expect(normaliseUuid(id.replaceAll("-", ""), "id")).toBe(id);
    expect(normaliseUuid(`{${id}}`, "id")).toBe(id);
    expect(() => normaliseUuid("not-a-uuid", "id")).toThrow(/not a UUID/);
  });

  it("words a break as the command does", () => {
    expect(breakLine({ kind: "gap", seq: 21, found: 22 })).toBe(
      "signal ledger broken at seq 21: gap at seq 21: the next row found has seq 22",
    );
  });
});
