/**
 * Reading a saved ledger export (`GET /api/v1/export/ledger.json`) the way
 * `harbinger ledger verify --file` reads it: the same required fields and
 * types, so a file the command refuses as "not a ledger export" is refused
 * here too, before any hash is computed. Pure: no React, no network.
 */

/** One entry as published: sealed entries carry no content, only its digest. */
export interface ExportedEntry {
  seq: number;
  /** Hyphenated lowercase, as the server's hash covers it. */
  id: string;
  kind: string;
  recorded_at: number;
  sealed: boolean;
  /** Kept as decimal text: the hash covers its exact 64-bit value. */
  released_to_free_at: string | null;
  strategy: string | null;
  symbol: string | null;
  bar_time: number | null;
  signal_id: string | null;
  /** The canonical JSON text of the entry, exactly as hashed. */
  entry: string | null;
  content_hash: string | null;
  prev_hash: string;
  hash: string;
}

/** A signed statement that chain `chain` had head `hash` at `seq`. */
export interface Checkpoint {
  chain: string;
  seq: number;
  /** 64 hex digits (either case in a file; lowercase in the signed message). */
  hash: string;
  time_ms: number;
  signature: string;
}

export interface LedgerExport {
  entries: ExportedEntry[];
  checkpoints: Checkpoint[];
  public_key: string | null;
}

/** The file cannot be read as a ledger export (the command exits 2 for it). */
export class NotALedgerExport extends Error {
  constructor(detail: string) {
    super(`not a ledger export (save GET /api/v1/export/ledger.json): ${detail}`);
    this.name = "NotALedgerExport";
  }
}

type Json = Record<string, unknown>;

/** Bytes backed by a plain ArrayBuffer, as Web Crypto takes them. */
export type Bytes = Uint8Array<ArrayBuffer>;

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

function isObject(v: unknown): v is Json {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

// A JS number loses digits past 2^53; the server never writes such values, and
// accepting them would hash a different number than the file holds.
function integer(v: unknown, at: string): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v)) {
    throw new NotALedgerExport(`${at}: expected an integer, found ${JSON.stringify(v)}`);
  }
  return v;
}

function text(v: unknown, at: string): string {
  if (typeof v !== "string") {
    throw new NotALedgerExport(`${at}: expected a string, found ${JSON.stringify(v)}`);
  }
  if (LONE_SURROGATE.test(v)) throw new NotALedgerExport(`${at}: lone surrogate in a string`);
  return v;
}

// Rust strings are UTF-8: a "\ud800" escape without its pair is refused by the
// command's parser, while JSON.parse would keep it (and hashing would turn it into U+FFFD).
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function optional<T>(v: unknown, read: (v: unknown, at: string) => T, at: string): T | null {
  return v === undefined || v === null ? null : read(v, at);
}

/** A UUID in any form the `uuid` crate parses, written as it re-serialises it. */
export function normaliseUuid(v: unknown, at: string): string {
  const raw = text(v, at);
  let s = raw;
  if (/^urn:uuid:/i.test(s)) s = s.slice(9);
  else if (s.startsWith("{") && s.endsWith("}")) s = s.slice(1, -1);
  let hex: string | null = null;
  if (/^[0-9a-f]{32}$/i.test(s)) hex = s;
  else if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s)) {
    hex = s.replaceAll("-", "");
  }
  if (hex === null) throw new NotALedgerExport(`${at}: ${JSON.stringify(raw)} is not a UUID`);
  hex = hex.toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Decodes hex (either case, even length) as the `hex` crate does; null when it is not hex. */
export function hexBytes(s: string): Bytes | null {
  if (s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) return null;
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function toHex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

function entryOf(v: unknown, i: number): ExportedEntry {
  const at = `entries[${i}]`;
  if (!isObject(v)) throw new NotALedgerExport(`${at}: expected an object`);
  const sealed = v.sealed === undefined ? false : v.sealed;
  if (typeof sealed !== "boolean") throw new NotALedgerExport(`${at}.sealed: expected a boolean`);
  const released = optional(v.released_to_free_at, integer, `${at}.released_to_free_at`);
  return {
    seq: integer(v.seq, `${at}.seq`),
    id: normaliseUuid(v.id, `${at}.id`),
    kind: text(v.kind, `${at}.kind`),
    recorded_at: integer(v.recorded_at, `${at}.recorded_at`),
    sealed,
    released_to_free_at: released === null ? null : String(released),
    strategy: optional(v.strategy, text, `${at}.strategy`),
    symbol: optional(v.symbol, text, `${at}.symbol`),
    bar_time: optional(v.bar_time, integer, `${at}.bar_time`),
    signal_id: optional(v.signal_id, normaliseUuid, `${at}.signal_id`),
    entry: optional(v.entry, text, `${at}.entry`),
    content_hash: optional(v.content_hash, text, `${at}.content_hash`),
    prev_hash: text(v.prev_hash, `${at}.prev_hash`),
    hash: text(v.hash, `${at}.hash`),
  };
}

function checkpointOf(v: unknown, i: number): Checkpoint {
  const at = `checkpoints[${i}]`;
  if (!isObject(v)) throw new NotALedgerExport(`${at}: expected an object`);
  const hash = text(v.hash, `${at}.hash`);
  const bytes = hexBytes(hash);
  if (bytes === null || bytes.length !== 32) {
    throw new NotALedgerExport(`${at}.hash: not a 64-digit hex hash`);
  }
  return {
    chain: text(v.chain, `${at}.chain`),
    seq: integer(v.seq, `${at}.seq`),
    hash: toHex(bytes),
    time_ms: integer(v.time_ms, `${at}.time_ms`),
    signature: text(v.signature, `${at}.signature`),
  };
}

/** Checks the shape of a parsed export; throws `NotALedgerExport` naming the first bad field. */
export function readLedgerExport(body: unknown): LedgerExport {
  if (!isObject(body)) throw new NotALedgerExport("expected a JSON object");
  if (!Array.isArray(body.entries)) throw new NotALedgerExport("entries: expected an array");
  if (!Array.isArray(body.checkpoints)) {
    throw new NotALedgerExport("checkpoints: expected an array");
  }
  return {
    entries: body.entries.map(entryOf),
    checkpoints: body.checkpoints.map(checkpointOf),
    public_key: optional(body.public_key, text, "public_key"),
  };
}

/**
 * A decoder that refuses what the command's `read_to_string` refuses (invalid UTF-8) and
 * keeps a byte-order mark, which its JSON parser then rejects as JSON.parse does.
 */
export function utf8Decoder(): TextDecoder {
  return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
}

/** Parses the text of a saved export. */
export function parseLedgerExport(source: string): LedgerExport {
  let body: unknown;
  try {
    body = JSON.parse(source);
  } catch (e) {
    throw new NotALedgerExport(e instanceof Error ? e.message : String(e));
  }
  return readLedgerExport(body);
}

/** `released_to_free_at` read from an entry's text as the server reads it (see `release_in`). */
export function releaseIn(entry: string): string | null {
  const key = '"released_to_free_at":';
  const at = entry.indexOf(key);
  if (at < 0) return null;
  const digits = /^[0-9-]*/.exec(entry.slice(at + key.length))?.[0] ?? "";
  // i64::from_str: an optional sign then at least one digit, within range.
  if (!/^-?[0-9]+$/.test(digits)) return null;
  const n = BigInt(digits);
  return n < I64_MIN || n > I64_MAX ? null : n.toString();
}
