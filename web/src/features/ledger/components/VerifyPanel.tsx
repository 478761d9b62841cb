/**
 * "Verify in your browser": the whole ledger downloaded and every hash and signature
 * recomputed here, with the verdict in the words of `harbinger ledger verify`, so a
 * reader can trust the numbers without trusting this page's server, and compare.
 */
import { useId } from "react";
import { CopyButton } from "../../../components/CopyButton";
import { describeError } from "../../../components/ErrorMessage";
import { formatNumber } from "../../../lib/format";
import { breakLine, verifiedLine } from "../verify";
import { useVerification, type Phase } from "../useVerification";
import styles from "../ledger.module.css";

const COMMAND = "harbinger ledger verify --file harbinger-ledger.json";

function size(bytes: number): string {
  if (bytes < 1024) return `${formatNumber(bytes, 0)} B`;
  if (bytes < 1024 * 1024) return `${formatNumber(bytes / 1024, 1)} KB`;
  return `${formatNumber(bytes / 1024 / 1024, 1)} MB`;
}

function from(phase: Exclude<Phase, { step: "idle" }>): string {
  return phase.source.kind === "server" ? "this server's ledger" : phase.source.name;
}

/** One line for the live region: a change of step, never every progress tick. */
function statusText(phase: Phase): string {
  switch (phase.step) {
    case "idle":
      return "";
    case "downloading":
      return `Downloading ${from(phase)}…`;
    case "reading":
      return `Reading ${from(phase)}…`;
    case "checking":
      return `Checking ${formatNumber(phase.total, 0)} entries…`;
    case "done":
      return phase.outcome.ok ? "Verified" : `Broken at seq ${phase.outcome.break.seq}`;
    case "error":
      return "Could not verify";
  }
}

function Result({ phase, serverKey }: { phase: Phase; serverKey: string | null | undefined }) {
  if (phase.step === "error") {
    const { title, detail } = describeError(phase.error);
    return (
      <p className={styles.detail}>
        {title}
        {detail ? `: ${detail}` : ""}
      </p>
    );
  }
  if (phase.step !== "done") return null;
  const { outcome } = phase;
  if (!outcome.ok) {
    return (
      <>
        <p className={`mono ${styles.detail}`}>{breakLine(outcome.break)}</p>
        <p className="muted">
          The command prints the same line for this file. Everything before seq{" "}
          {formatNumber(outcome.break.seq, 0)} checked out.
        </p>
      </>
    );
  }
  const v = outcome.verified;
  const key = v.publicKey;
  return (
    <>
      <p className={`mono ${styles.detail}`}>{verifiedLine(v)}</p>
      <p className="muted">
        {formatNumber(v.rows, 0)} entries from {from(phase)} ({size(phase.bytes)}).{" "}
        {key === null
          ? "The file names no usable public key, so the chain was checked but no checkpoint was."
          : serverKey && key !== serverKey
            ? "Checkpoints were checked with the key the file names, which is NOT the key this server publishes now."
            : "Checkpoints were checked with the operator's public key below; compare it with the one the operator publishes elsewhere."}
      </p>
    </>
  );
}

export function VerifyPanel({ serverKey }: { serverKey: string | null | undefined }) {
  const { phase, busy, verifyServer, verifyFile } = useVerification();
  const fileId = useId();
  const progress =
    phase.step === "checking" ? (
      <progress max={Math.max(phase.total, 1)} value={phase.checked} aria-label="Entries checked" />
    ) : busy ? (
      <progress aria-label="Download progress" />
    ) : null;
  const tone = phase.step === "done" ? (phase.outcome.ok ? "ok" : "fail") : phase.step === "error" ? "fail" : "pending";

  return (
    <section className="panel" aria-labelledby="verify-heading">
      <div className="panel-header">
        <h2 id="verify-heading">Verify it yourself</h2>
      </div>
      <p>
        Your browser downloads the whole ledger, recomputes every entry&apos;s SHA-256 hash chain and
        content digest, and checks the Ed25519 signature of every checkpoint. Nothing is taken on trust
        from this page.
      </p>
      <div className={styles.actions}>
        <button type="button" className="btn btn-primary" onClick={() => void verifyServer()} disabled={busy}>
          Verify in your browser
        </button>
        <input
          id={fileId}
          className={`visually-hidden ${styles.fileInput}`}
          type="file"
          accept="application/json,.json"
          disabled={busy}
          onChange={(e) => {
            const f = e.currentTarget.files?.[0];
            if (f) void verifyFile(f);
            e.currentTarget.value = "";
          }}
        />
        {/* After the input, so its keyboard focus can be drawn on the label. */}
        <label className="btn" htmlFor={fileId}>
          Check a saved file…
        </label>
      </div>
      <div className={styles.result} aria-busy={busy}>
        <div className={styles.resultLine}>
          <span role="status" className={styles.status}>
            {phase.step !== "idle" && <strong className={`${styles.verdict} ${styles[tone]}`}>{statusText(phase)}</strong>}
          </span>
          {phase.step === "checking" && (
            <span className="muted">
              {formatNumber(phase.checked, 0)} of {formatNumber(phase.total, 0)} entries checked
            </span>
          )}
          {(phase.step === "downloading" || phase.step === "reading") && (
            <span className="muted">{size(phase.bytes)} received</span>
          )}
        </div>
        {progress}
        <Result phase={phase} serverKey={serverKey} />
      </div>
      <details className={styles.cli}>
        <summary>Or run the command-line verifier</summary>
        <p>
          <a href="/api/v1/export/ledger.json" download="harbinger-ledger.json">
            Download the ledger (JSON)
          </a>
          , then run:
        </p>
        <div className={styles.command}>
          <code className="mono">{COMMAND}</code>
          <CopyButton text={COMMAND} label="Copy command" />
        </div>
        <p className="muted">It exits 0 when the chain is intact, 1 naming the first bad seq otherwise.</p>
      </details>
    </section>
  );
}
