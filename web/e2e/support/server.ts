/**
 * A real `harbinger serve` per spec file, on a fresh SQLite data dir, plus the two CLI
 * commands the suite needs for setup (`users create`, `users set-plan`).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startDistFront, type DistFront } from "./dist-front";

const webDir = resolve(import.meta.dirname, "../..");

/** `HARBINGER_BIN`, else the debug build in cargo's target dir (as `make` builds it). */
export const binary =
  process.env.HARBINGER_BIN ??
  resolve(webDir, process.env.CARGO_TARGET_DIR ?? "../target", "debug/harbinger");

export type Plan = "free" | "pro" | "quant";

export interface Server {
  url: string;
  dataDir: string;
  /** Everything the server has written to stderr so far (shown when it dies). */
  stderr(): string;
  /** `users create`: the address counts as verified. */
  createUser(email: string, password: string, role?: "admin" | "user"): Promise<void>;
  setPlan(email: string, plan: Plan): Promise<void>;
  stop(): Promise<void>;
}

function env(dataDir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HARBINGER_DATA_DIR: dataDir,
    HARBINGER_LISTEN: "127.0.0.1:0",
    HARBINGER_LOG: "warn",
    // A replayed day every 0.1 s, so new bars and signals arrive while a page is open.
    HARBINGER_MARKET__REPLAY_BAR_SECONDS: "0.1",
    // One browser on one IP signs in and out many times; the default limits are for the public.
    HARBINGER_AUTH__AUTH_REQUESTS_PER_MINUTE: "1000",
    HARBINGER_AUTH__ANONYMOUS_REQUESTS_PER_MINUTE: "10000",
    HARBINGER_AUTH__LOGIN_ACCOUNT_ATTEMPTS_PER_HOUR: "10000",
    // Signed-in pages spend their plan's requests per minute; a test clicks faster than a person.
    HARBINGER_PLANS__FREE__REQUESTS_PER_MINUTE: "10000",
    HARBINGER_PLANS__PRO__REQUESTS_PER_MINUTE: "10000",
    HARBINGER_PLANS__QUANT__REQUESTS_PER_MINUTE: "10000",
    // Streams notice a new ledger head quickly, and an ended session or a changed plan at
    // the next heartbeat (they are checked at each) within seconds, not the default 15.
    HARBINGER_HTTP__STREAM_POLL_MS: "200",
    HARBINGER_HTTP__STREAM_HEARTBEAT_SECS: "2",
    // The journey verifies its address by following the link in the admin's Mailbox page,
    // which masks link tokens unless the operator turns that off for local testing.
    HARBINGER_SMTP__DEV_MAILBOX_SHOW_LINKS: "true",
  };
}

/** Runs a CLI command against the data dir; rejects with its output when it fails. */
function run(dataDir: string, args: string[], stdin?: string): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(binary, args, { env: env(dataDir), stdio: ["pipe", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", fail);
    child.on("exit", (code) =>
      code === 0 ? done() : fail(new Error(`harbinger ${args.join(" ")} exited ${code}:\n${output}`)),
    );
    child.stdin.end(stdin ?? "");
  });
}

/** Resolves with the URL `serve` prints, or rejects with its stderr if it exits first. */
function waitForUrl(child: ChildProcess, stderr: () => string): Promise<string> {
  return new Promise((done, fail) => {
    let out = "";
    const timer = setTimeout(
      () => fail(new Error(`harbinger serve printed no URL within 60 s:\n${stderr()}`)),
      60_000,
    );
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const url = /https?:\/\/\S+/.exec(out)?.[0];
      if (url) {
        clearTimeout(timer);
        done(url.replace(/\/$/, ""));
      }
    });
    child.on("error", (err) => {
      clearTimeout(timer);
      fail(new Error(`could not start ${binary}: ${err.message}`));
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`harbinger serve exited (${code}) before listening:\n${stderr()}`));
    });
  });
}

const dist = resolve(webDir, "dist");

/**
 * A debug build reads web/dist at run time, but only if web/dist existed when it was
 * compiled; a release build embeds the dist of its compile time. Either way the index.html
 * served (it names the hashed bundles) must be the one on disk, or the suite would test other
 * pages than web/dist's. Null when it is, else what is wrong.
 */
async function staleDashboard(url: string): Promise<string | null> {
  const served = await (await fetch(`${url}/`)).text();
  if (!served.includes('id="root"')) return "was built without the dashboard";
  if (served.trim() !== readFileSync(join(dist, "index.html"), "utf8").trim()) {
    return "serves another build of the dashboard than web/dist";
  }
  return null;
}

export async function startServer(): Promise<Server> {
  const dataDir = mkdtempSync(join(tmpdir(), "harbinger-e2e-"));
  const child = spawn(binary, ["serve"], { env: env(dataDir), stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const stderr = () => err;
  let stopping = false;

  let url: string;
  try {
    url = await waitForUrl(child, stderr);
  } catch (error) {
    child.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  // A crash mid-suite would otherwise surface only as a browser "connection refused".
  child.on("exit", (code, signal) => {
    if (!stopping) console.error(`harbinger serve died (${code ?? signal}); its stderr:\n${err}`);
  });

  let front: DistFront | undefined;
  const serveDist = process.env.E2E_SERVE_DIST;
  if (serveDist) {
    front = await startDistFront(url, serveDist === "1" ? dist : resolve(serveDist));
  } else {
    const stale = await staleDashboard(url);
    if (stale) {
      child.kill("SIGKILL");
      rmSync(dataDir, { recursive: true, force: true });
      throw new Error(
        `${binary} ${stale}: build it after \`npm run build\` (\`make test-e2e\` does both), ` +
          "or set E2E_SERVE_DIST=1 to serve web/dist from disk in front of it.",
      );
    }
  }

  return {
    url: front?.url ?? url,
    dataDir,
    stderr,
    createUser: (email, password, role = "user") =>
      run(dataDir, ["users", "create", "--email", email, ...(role === "admin" ? ["--role", "admin"] : [])], `${password}\n`),
    setPlan: (email, plan) => run(dataDir, ["users", "set-plan", "--email", email, "--plan", plan]),
    async stop() {
      stopping = true;
      await front?.close();
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((done) => child.once("exit", done));
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
