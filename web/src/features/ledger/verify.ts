/**
 * Verifies a saved signal ledger in the browser, exactly as `harbinger ledger
 * verify --file F` does (crates/harbinger-ledger, harbinger-store's
 * `PublishedEntry::link`), so both name the same first bad seq in the same words:
 *
 * - an entry's content digest is SHA-256 of canonical {bar_time, entry, signal_id,
 *   strategy, symbol}; a sealed entry publishes only that digest;
 * - its chain hash is SHA-256(0x00 ‖ prev hash ‖ canonical {content, id, kind,
 *   recorded_at, released_to_free_at, seq}), from 32 zero bytes, seq 1, 2, 3 …;
 * - every checkpoint's Ed25519 signature over canonical {chain, hash, seq, time_ms}
 *   is checked first, then each must match the chain at its seq, and none may lie
 *   beyond the last entry (rows removed from the tail).
 *
 * Pure (no React). Entries are hashed in batches and the UI gets the event loop back
 * between batches, so a file of a million entries does not freeze the page.
 */
import * as ed from "@noble/ed25519";
import {
  hexBytes,
  releaseIn,
  toHex,
  type Bytes,
  type Checkpoint,
  type ExportedEntry,
  type LedgerExport,
} from "./ledgerExport";

/** The first problem found, with the seq the command names. */
export type Break =
  | { kind: "gap"; seq: number; found: number }
  | { kind: "bad_link"; seq: number }
  | { kind: "bad_hash"; seq: number }
  | { kind: "bad_signature"; seq: number }
  | { kind: "checkpoint_mismatch"; seq: number }
  | { kind: "truncated"; seq: number; last: number };

/** The break in the command's words (`harbinger_ledger::Break`'s Display). */
export function describeBreak(b: Break): string {
  switch (b.kind) {
    case "gap":
      return `gap at seq ${b.seq}: the next row found has seq ${b.found}`;
    case "bad_link":
      return `seq ${b.seq}: prev_hash does not match the hash of seq ${b.seq - 1}`;
    case "bad_hash":
      return `seq ${b.seq}: content does not match its hash (the row was altered)`;
    case "bad_signature":
      return `checkpoint at seq ${b.seq} has an invalid signature`;
    case "checkpoint_mismatch":
      return `checkpoint at seq ${b.seq} does not match the chain (rows at or before it were altered)`;
    case "truncated":
      return `checkpoint at seq ${b.seq} is beyond the last row ${b.last}: rows were removed from the tail`;
  }
}

/** The line the command prints (after "error: ") for a broken chain. */
export function breakLine(b: Break): string {
  return `signal ledger broken at seq ${b.seq}: ${describeBreak(b)}`;
}

export interface Verified {
  rows: number;
  headSeq: number;
  headHash: string;
  /** Checkpoints whose signature and hash matched. */
  checkpoints: number;
  /** Entries whose content is withheld: header and content digest checked. */
  sealed: number;
  /** The key checkpoints were checked with; null when the file names no usable key. */
  publicKey: string | null;
}

/** The line the command prints for an intact chain. */
export function verifiedLine(v: Verified): string {
  const sealed =
    v.sealed > 0
      ? `; ${v.sealed} sealed (not yet released: their headers and content digests are checked, their content once revealed)`
      : "";
  return `signal ledger intact: ${v.rows} entries, head seq ${v.headSeq} (${v.headHash}), ${v.checkpoints} signed checkpoints verified${sealed}`;
}

export type Outcome = { ok: true; verified: Verified } | { ok: false; break: Break };

export interface VerifyOptions {
  /** A key to check checkpoints with instead of the one the file names. */
  publicKey?: string | null;
  /** Called after each batch with entries checked so far and the total. */
  onProgress?: (checked: number, total: number) => void;
  /** Entries per batch between yields to the UI. */
  batch?: number;
  signal?: AbortSignal;
}

const encoder = new TextEncoder();
const GENESIS = new Uint8Array(32);
/** What the command substitutes for a hash that is not 64 hex digits: it never matches. */
const ONES = new Uint8Array(32).fill(0xff);

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  // Browsers expose Web Crypto only on secure pages (HTTPS or localhost).
  if (!s) throw new Error("This browser offers no Web Crypto here: open the page over HTTPS.");
  return s;
}

async function sha256(parts: Bytes[]): Promise<Bytes> {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const buf = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    buf.set(p, at);
    at += p.length;
  }
  return new Uint8Array(await subtle().digest("SHA-256", buf));
}

function hashOrOnes(s: string): Bytes {
  const b = hexBytes(s);
  return b !== null && b.length === 32 ? b : ONES;
}

function equal(a: Bytes, b: Bytes): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

const str = (s: string) => JSON.stringify(s);

/** Canonical {content, id, kind, recorded_at, released_to_free_at, seq}: keys in byte order. */
function header(e: ExportedEntry, released: string, content: string): Bytes {
  return encoder.encode(
    `{"content":${str(content)},"id":"${e.id}","kind":${str(e.kind)},"recorded_at":${e.recorded_at},` +
      `"released_to_free_at":${released},"seq":${e.seq}}`,
  );
}

/** Canonical {bar_time, entry, signal_id, strategy, symbol}; `entry` spliced in as stored. */
export function contentBytes(e: ExportedEntry): Bytes {
  const signal = e.signal_id === null ? "null" : `"${e.signal_id}"`;
  return encoder.encode(
    `{"bar_time":${e.bar_time ?? 0},"entry":${e.entry ?? ""},"signal_id":${signal},` +
      `"strategy":${str(e.strategy ?? "")},"symbol":${str(e.symbol ?? "")}}`,
  );
}

/** SHA-256 of an entry's content, hex: what a sealed entry commits to. */
export async function contentHash(e: ExportedEntry): Promise<string> {
  return toHex(await sha256([contentBytes(e)]));
}

/**
 * The bytes the chain hashes for `e`. Empty (so the hash cannot match) where the
 * command treats the entry as altered: a sealed entry without its commitment, or an
 * open one with its content missing.
 */
export async function linkBytes(e: ExportedEntry): Promise<Bytes> {
  if (e.sealed) {
    if (e.content_hash === null || e.released_to_free_at === null) return new Uint8Array();
    return header(e, e.released_to_free_at, e.content_hash);
  }
  if (e.strategy === null || e.symbol === null || e.entry === null) return new Uint8Array();
  const released = releaseIn(e.entry) ?? String(e.recorded_at);
  return header(e, released, await contentHash(e));
}

/** SHA-256(0x00 ‖ prev ‖ canonical). */
export function chainHash(prev: Bytes, canonical: Bytes): Promise<Bytes> {
  return sha256([new Uint8Array([0]), prev, canonical]);
}

/** The exact bytes a checkpoint signs. */
export function checkpointMessage(c: Checkpoint): Bytes {
  return encoder.encode(
    `{"chain":${str(c.chain)},"hash":"${c.hash}","seq":${c.seq},"time_ms":${c.time_ms}}`,
  );
}

/** A 32-byte Ed25519 public key that decodes to a curve point, as `VerifyingKey::from_bytes`. */
export function parsePublicKey(hex: string | null | undefined): Bytes | null {
  const bytes = hex ? hexBytes(hex) : null;
  if (bytes === null || bytes.length !== 32) return null;
  try {
    ed.Point.fromBytes(bytes, true);
    return bytes;
  } catch {
    return null;
  }
}

/** Ed25519 through Web Crypto where the browser has it, else the audited pure-JS code. */
export async function verifySignature(
  key: Bytes,
  signatureHex: string,
  message: Bytes,
): Promise<boolean> {
  const sig = hexBytes(signatureHex);
  if (sig === null || sig.length !== 64) return false;
  try {
    const k = await subtle().importKey("raw", key, { name: "Ed25519" }, false, ["verify"]);
    return await subtle().verify({ name: "Ed25519" }, k, sig, message);
  } catch {
    // Ed25519 is recent in Web Crypto (Chrome 137, Safari 17, Firefox 129): fall back.
  }
  // RFC 8032 strictness, as ed25519-dalek's `verify` (non-canonical S refused).
  return ed.verifyAsync(sig, message, key, { zip215: false });
}

const nextTick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Verifies a parsed export. Rejects only for abort or a missing Web Crypto. */
export async function verifyLedger(file: LedgerExport, opts: VerifyOptions = {}): Promise<Outcome> {
  const batch = Math.max(1, opts.batch ?? 2000);
  const total = file.entries.length;
  // As the command without a key of its own: the file's key, else no checkpoints checked.
  const key = parsePublicKey(opts.publicKey ?? file.public_key);
  const checkpoints = key ? file.checkpoints : [];
  const wanted = new Map<number, Checkpoint>();
  for (const c of checkpoints) {
    opts.signal?.throwIfAborted();
    if (!(await verifySignature(key!, c.signature, checkpointMessage(c)))) {
      return { ok: false, break: { kind: "bad_signature", seq: c.seq } };
    }
    wanted.set(c.seq, c);
  }
  let prev = GENESIS;
  let expected = 1;
  let matched = 0;
  let sealed = 0;
  opts.onProgress?.(0, total);
  for (let start = 0; start < total; start += batch) {
    opts.signal?.throwIfAborted();
    const slice = file.entries.slice(start, start + batch);
    // Each hash is taken over the entry's stated prev_hash, all at once; it is used only
    // after that prev_hash was found equal to the hash computed before it, so the result
    // is the same as hashing one entry after another.
    const hashes = await Promise.all(
      slice.map(async (e) => chainHash(hashOrOnes(e.prev_hash), await linkBytes(e))),
    );
    for (const [i, e] of slice.entries()) {
      if (e.seq !== expected) return { ok: false, break: { kind: "gap", seq: expected, found: e.seq } };
      if (!equal(hashOrOnes(e.prev_hash), prev)) {
        return { ok: false, break: { kind: "bad_link", seq: e.seq } };
      }
      if (e.sealed) sealed += 1;
      const h = hashes[i]!;
      if (!equal(h, hashOrOnes(e.hash))) return { ok: false, break: { kind: "bad_hash", seq: e.seq } };
      const c = wanted.get(e.seq);
      if (c) {
        if (c.hash !== toHex(h)) return { ok: false, break: { kind: "checkpoint_mismatch", seq: c.seq } };
        matched += 1;
      }
      prev = h;
      expected += 1;
    }
    opts.onProgress?.(Math.min(start + batch, total), total);
    await nextTick();
  }
  const last = expected - 1;
  const beyond = [...wanted.keys()].filter((s) => s > last).sort((a, b) => a - b)[0];
  if (beyond !== undefined) return { ok: false, break: { kind: "truncated", seq: beyond, last } };
  return {
    ok: true,
    verified: {
      rows: last,
      headSeq: last,
      headHash: toHex(prev),
      checkpoints: matched,
      sealed,
      publicKey: key ? toHex(key) : null,
    },
  };
}
