import { formatDateTime } from "../../../lib/format";
import type { Backtest } from "../api/backtests";
import styles from "../backtests.module.css";
import { StatusBadge } from "./StatusBadge";

/** Where the run stands, announced politely as it moves on. */
export function BacktestStatus({ run }: { run: Backtest }) {
  const { done, total } = run.progress;
  return (
    <div className={styles.status} role="status" aria-label="Backtest status" aria-live="polite">
      <StatusBadge status={run.status} />
      {run.status === "queued" && <span>Waiting for a worker…</span>}
      {run.status === "running" && (
        <>
          <progress className={styles.progress} max={Math.max(total, 1)} value={done} aria-label="Symbols backtested" />
          <span>
            {done} of {total} symbol{total === 1 ? "" : "s"}
          </span>
        </>
      )}
      {run.status === "done" && run.finished_at && (
        <span className="muted">Finished {formatDateTime(run.finished_at)}</span>
      )}
      {run.status === "failed" && <span>{run.error ?? "The backtest failed."}</span>}
    </div>
  );
}
