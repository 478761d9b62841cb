/**
 * The browser verifier against `harbinger ledger verify --file`, on the same files:
 * a real export from a server (fixtures/ledger.json) and tampered copies of it. For
 * each, both must agree on the verdict, the first bad seq and the wording.
 *
 * Needs the binary: HARBINGER_BIN, else ${CARGO_TARGET_DIR:-../target}/debug/harbinger
 * from the web directory. A missing binary fails the test (it is the point of it).
 */
import { beforeAll, describe, expect, it } from "vitest";
import fixture from "./fixtures/ledger.json?raw";
import { NotALedgerExport, parseLedgerExport, toHex } from "./ledgerExport";
import {
  breakLine,
  chainHash,
  describeBreak,
  linkBytes,
  verifiedLine,
  verifyLedger,
  type Break,
  type Outcome,
} from "./verify";

// Node's modules are loaded by name at run time: the app's type configuration (browser
// only) has no Node types, and these few calls need none.
interface NodeModules {
  spawnSync(cmd: string, args: string[], o: object): { status: number | null; stdout: string; stderr: string; error?: Error };
  existsSync(p: string): boolean;
  mkdtempSync(prefix: string): string;
  writeFileSync(p: string, data: string): void;
  resolve(...parts: string[]): string;
  tmpdir(): string;
}
const nodeProcess = (globalThis as unknown as { process: { env: Record<string, string | undefined>; cwd(): string } }).process;
let node: NodeModules;
let bin = "";
let work = "";

beforeAll(async () => {
  const load = (name: string) => import(/* @vite-ignore */ name) as Promise<Record<string, unknown>>;
  const [cp, fs, path, os] = await Promise.all(
    ["node:child_process", "node:fs", "node:path", "node:os"].map(load),
  );
  node = { ...cp, ...fs, ...path, ...os } as unknown as NodeModules;
  const env = nodeProcess.env;
  bin = env.HARBINGER_BIN || node.resolve(nodeProcess.cwd(), env.CARGO_TARGET_DIR || "../target", "debug/harbinger");
  work = node.mkdtempSync(node.resolve(node.tmpdir(), "ledger-verify-"));
});

interface Cli {
  code: number | null;
  json: { ok: boolean; first_bad_seq?: number; error?: string; rows?: number; head_seq?: number; head_hash?: string; checkpoints?: number; sealed?: number };
  stderr: string;
}

let n = 0;
/** Writes `text` to a file and runs the command on it (with a key-less data dir of its own). */
function cli(text: string, json = true): Cli & { stdout: string } {
  expect(node.existsSync(bin), `harbinger binary not found at ${bin}: build it (cargo build -p harbinger) or set HARBINGER_BIN`).toBe(true);
  const file = node.resolve(work, `ledger-${++n}.json`);
  node.writeFileSync(file, text);
  // Only the variables this run needs: no configured database or key dir leaks in.
  const env = Object.fromEntries(Object.entries(nodeProcess.env).filter(([k]) => !k.startsWith("HARBINGER_")));
  const run = node.spawnSync(bin, ["ledger", "verify", "--file", file, ...(json ? ["--json"] : [])], {
    env: { ...env, HARBINGER_DATA_DIR: node.resolve(work, "data"), HARBINGER_LOG: "error" },
    encoding: "utf8",
    timeout: 30_000,
  });
  if (run.error) throw run.error;
  const line = run.stdout.trim();
  return { code: run.status, stdout: run.stdout, stderr: run.stderr, json: line && json ? JSON.parse(line) : { ok: false } };
}

async function browser(text: string): Promise<Outcome> {
  return verifyLedger(parseLedgerExport(text), { batch: 37 });
}

/** Runs both on `text`; asserts they agree on a failure, returns the break. */
async function bothFail(text: string): Promise<Break> {
  const [out, run] = [await browser(text), cli(text)];
  expect(run.code, run.stderr).toBe(1);
  expect(out.ok).toBe(false);
  const b = (out as { break: Break }).break;
  expect(b.seq).toBe(run.json.first_bad_seq);
  expect(describeBreak(b)).toBe(run.json.error);
  expect(run.stderr).toBe(`error: ${breakLine(b)}\n`);
  return b;
}

type Raw = { entries: Record<string, unknown>[]; checkpoints: Record<string, unknown>[]; public_key: string | null };
const raw = (): Raw => JSON.parse(fixture) as Raw;
const text = (r: Raw) => JSON.stringify(r);
const entryText = (e: Record<string, unknown>) => (typeof e.entry === "string" ? e.entry : "");

describe("the fixture", () => {
  it("is a real export with open and sealed entries, outcomes and a checkpoint", () => {
    const r = raw();
    expect(r.entries.length).toBeGreaterThan(50);
    expect(r.entries.length).toBeLessThanOrEqual(200);
    expect(r.entries.some((e) => e.sealed === true)).toBe(true);
    expect(r.entries.some((e) => e.sealed === false && e.kind === "signal")).toBe(true);
    expect(r.entries.some((e) => e.kind === "outcome")).toBe(true);
    expect(r.checkpoints.length).toBeGreaterThan(0);
  });
});

describe("browser and command agree", () => {
  it("the intact file passes both, with the same summary", async () => {
    const out = await browser(fixture);
    expect(out.ok).toBe(true);
    const v = (out as { verified: Parameters<typeof verifiedLine>[0] }).verified;
    const run = cli(fixture);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json).toEqual({ ok: true, rows: v.rows, head_seq: v.headSeq, head_hash: v.headHash, checkpoints: v.checkpoints, sealed: v.sealed });
    expect(v.checkpoints).toBe(raw().checkpoints.length);
    expect(cli(fixture, false).stdout).toBe(`${verifiedLine(v)}\n`);
  });

  it("a changed price in an open entry", async () => {
    const r = raw();
    const e = r.entries.find((x) => x.kind === "outcome" && /"exit_price":"/.test(entryText(x)))!;
    e.entry = entryText(e).replace(/"exit_price":"([0-9.]+)"/, (_, p: string) => `"exit_price":"${Number(p) + 1}"`);
    expect(await bothFail(text(r))).toEqual({ kind: "bad_hash", seq: e.seq });
  });

  it("a changed entry price in a revealed signal", async () => {
    const r = raw();
    const e = r.entries.find((x) => x.kind === "signal" && !x.sealed)!;
    e.entry = entryText(e).replace(/"entry":"([0-9.]+)"/, '"entry":"1.00"');
    expect(await bothFail(text(r))).toEqual({ kind: "bad_hash", seq: e.seq });
  });

  it("a deleted entry", async () => {
    const r = raw();
    r.entries.splice(20, 1);
    expect(await bothFail(text(r))).toEqual({ kind: "gap", seq: 21, found: 22 });
  });

  it("reordered entries", async () => {
    const r = raw();
    [r.entries[30], r.entries[31]] = [r.entries[31]!, r.entries[30]!];
    expect(await bothFail(text(r))).toEqual({ kind: "gap", seq: 31, found: 32 });
  });

  it("a forged checkpoint signature", async () => {
    const r = raw();
    const c = r.checkpoints[r.checkpoints.length - 1]!;
    const sig = String(c.signature);
    c.signature = `${sig.slice(0, 10)}${sig[10] === "0" ? "1" : "0"}${sig.slice(11)}`;
    expect(await bothFail(text(r))).toEqual({ kind: "bad_signature", seq: c.seq });
  });

  it("a changed sealed content digest", async () => {
    const r = raw();
    const e = r.entries.find((x) => x.sealed === true)!;
    const h = String(e.content_hash);
    e.content_hash = `${h.slice(0, -1)}${h.endsWith("0") ? "1" : "0"}`;
    expect(await bothFail(text(r))).toEqual({ kind: "bad_hash", seq: e.seq });
  });

  it("rows removed from the tail past a checkpoint", async () => {
    const r = raw();
    const cp = Math.max(...r.checkpoints.map((c) => Number(c.seq)));
    r.entries = r.entries.slice(0, cp - 3);
    expect(await bothFail(text(r))).toEqual({ kind: "truncated", seq: cp, last: cp - 3 });
  });

  it("an entry changed and every later hash recomputed: the signed checkpoint catches it", async () => {
    const r = raw();
    const target = r.entries.find((x) => x.kind === "outcome" && !x.sealed)!;
    target.entry = entryText(target).replace(/"return":"-?[0-9.]+"/, '"return":"0.5"');
    // Rewrite the chain from the altered entry on, as a forger holding the database could.
    const parsed = parseLedgerExport(text(r));
    let prev = new Uint8Array(32);
    for (const [i, e] of parsed.entries.entries()) {
      const h = await chainHash(prev, await linkBytes(e));
      r.entries[i]!.prev_hash = toHex(prev);
      r.entries[i]!.hash = toHex(h);
      prev = h;
    }
    const first = Math.min(...r.checkpoints.map((c) => Number(c.seq)).filter((s) => s >= Number(target.seq)));
    expect(await bothFail(text(r))).toEqual({ kind: "checkpoint_mismatch", seq: first });
  });

  it("a revealed entry sealed again with its published digest still verifies", async () => {
    const r = raw();
    const e = r.entries.find((x) => x.kind === "signal" && !x.sealed)!;
    Object.assign(e, { sealed: true, strategy: null, symbol: null, bar_time: null, entry: null });
    const out = await browser(text(r));
    const run = cli(text(r));
    expect(run.code, run.stderr).toBe(0);
    expect(out.ok && out.verified.sealed).toBe(run.json.sealed);
  });

  it("re-encodings that change no value (upper-case ids and hashes, indentation) pass both", async () => {
    const r = raw();
    for (const e of r.entries) {
      for (const k of ["id", "prev_hash", "hash"]) e[k] = String(e[k]).toUpperCase();
    }
    const c = r.checkpoints[0]!;
    c.hash = String(c.hash).toUpperCase();
    const pretty = JSON.stringify(r, null, 2);
    const out = await browser(pretty);
    const run = cli(pretty);
    expect(run.code, run.stderr).toBe(0);
    expect(out.ok && out.verified.headHash).toBe(run.json.head_hash);
  });

  it("a file that is not an export is refused by both (exit 2)", async () => {
    const r = raw() as Partial<Raw>;
    delete r.checkpoints;
    const bad = JSON.stringify(r);
    await expect(browser(bad)).rejects.toBeInstanceOf(NotALedgerExport);
    expect(cli(bad).code).toBe(2);
  });
});
