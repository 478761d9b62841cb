/** Where the signal sits in the public, hash-chained ledger: its seq and hash, to check. */
import { Link } from "react-router";
import { CopyButton } from "../../../components/CopyButton";
import type { Signal } from "../filters";
import styles from "./detail.module.css";

export function LedgerProof({ signal }: { signal: Signal }) {
  return (
    <dl className={styles.proof}>
      <div>
        <dt>Ledger seq</dt>
        <dd>
          <Link className="mono" to={`/ledger?after_seq=${Math.max(0, signal.ledger_seq - 1)}`}>
            #{signal.ledger_seq}
          </Link>
        </dd>
      </div>
      <div>
        <dt>Hash</dt>
        <dd className={styles.hashLine}>
          <code className={`mono ${styles.hash}`}>{signal.hash}</code>
          <CopyButton text={signal.hash} label="Copy hash" />
        </dd>
      </div>
      {signal.outcome?.ledger_seq != null && (
        <div>
          <dt>Outcome entry</dt>
          <dd>
            <Link className="mono" to={`/ledger?after_seq=${Math.max(0, signal.outcome.ledger_seq - 1)}`}>
              #{signal.outcome.ledger_seq}
            </Link>
          </dd>
        </div>
      )}
    </dl>
  );
}
