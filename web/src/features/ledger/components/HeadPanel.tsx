/** The chain's head, its newest signed checkpoint and the key that signs them. */
import { CopyButton } from "../../../components/CopyButton";
import { formatDateTime, formatNumber } from "../../../lib/format";
import type { LedgerHead } from "../api";
import styles from "../ledger.module.css";

function Hex({ value, label }: { value: string; label: string }) {
  return (
    <>
      <code className={`mono ${styles.hash}`}>{value}</code>
      <CopyButton text={value} label={`Copy ${label}`} />
    </>
  );
}

export function HeadPanel({ head }: { head: LedgerHead }) {
  const cp = head.checkpoint;
  const behind = cp ? head.seq - cp.seq : 0;
  return (
    <section className="panel" aria-labelledby="head-heading">
      <div className="panel-header">
        <h2 id="head-heading">Head and signed checkpoint</h2>
      </div>
      <dl className={styles.facts}>
        <dt>Head seq</dt>
        <dd>{formatNumber(head.seq, 0)}</dd>
        <dt>Head hash</dt>
        <dd>
          <Hex value={head.hash} label="head hash" />
        </dd>
        <dt>Newest checkpoint</dt>
        <dd>
          {cp ? (
            <span>
              seq {formatNumber(cp.seq, 0)}, signed {formatDateTime(cp.time_ms)}
              {behind > 0 && (
                <span className="muted">
                  {" "}
                  ({formatNumber(behind, 0)} newer {behind === 1 ? "entry" : "entries"} await the next
                  daily signature)
                </span>
              )}
            </span>
          ) : (
            <span className="muted">None yet: the head is signed daily once the ledger has entries.</span>
          )}
        </dd>
        {cp && (
          <>
            <dt>Checkpoint hash</dt>
            <dd>
              <Hex value={cp.hash} label="checkpoint hash" />
            </dd>
            <dt>Ed25519 signature</dt>
            <dd>
              <Hex value={cp.signature} label="signature" />
            </dd>
            <dt>Signed message</dt>
            <dd>
              <code className={`mono ${styles.hash}`}>
                {JSON.stringify({ chain: cp.chain, hash: cp.hash, seq: cp.seq, time_ms: cp.time_ms })}
              </code>
            </dd>
          </>
        )}
        <dt>Public key</dt>
        <dd>
          {head.public_key ? (
            <Hex value={head.public_key} label="public key" />
          ) : (
            <span className="muted">Not published by this server.</span>
          )}
        </dd>
      </dl>
    </section>
  );
}
