/**
 * The public track record of each strategy: live signals (recorded in the ledger at
 * issue time, graded afterwards) beside the same rules replayed over history, each in
 * its own panel and never blended; calibration of both; the CSV. Public: no sign-in.
 */
import { useId } from "react";
import { Link, useSearchParams } from "react-router";
import { PageHeader } from "../../components/PageHeader";
import { QueryState, Skeleton } from "../../components/QueryState";
import { formatBarDate, formatDate, formatDateTime, formatNumber } from "../../lib/format";
import { useTrackRecord, type StrategyName, type StrategyRecord } from "./api";
import { CalibrationChart } from "./components/CalibrationChart";
import { CsvDownload } from "./components/CsvDownload";
import { SidePanel } from "./components/SidePanel";
import { VersionsTable } from "./components/VersionsTable";
import { STRATEGIES, STRATEGY_LABELS } from "./strategies";
import styles from "./trackRecord.module.css";

function Record({ r }: { r: StrategyRecord }) {
  const live = r.live;
  const bt = r.backtest;
  return (
    <>
      {!live && !bt && (
        // A fresh install: say when records start and why nothing is shown yet.
        <div className="alert alert-info">
          <strong>No record yet for {STRATEGY_LABELS[r.strategy as StrategyName] ?? r.strategy}.</strong>
          <p>
            Live records start with the first signal this server issues and are graded as outcomes arrive; the
            backtest side appears once the daily job has run (a minute after the server starts). Nothing is
            estimated or back-filled in the meantime.
          </p>
        </div>
      )}
      <div className={styles.sides}>
        <SidePanel
          side="Live"
          stats={live?.stats ?? null}
          about={
            live ? (
              <p>
                <strong>Live since {formatDate(live.live_since)}</strong>: signals recorded in the{" "}
                <Link to="/ledger">ledger</Link> when issued, graded afterwards.
              </p>
            ) : (
              <p>No live signal yet.</p>
            )
          }
          empty={
            live ? (
              <p>
                {formatNumber(live.stats.signals, 0)} live {live.stats.signals === 1 ? "signal" : "signals"} issued
                since {formatDateTime(live.live_since)}, none graded yet: figures appear with the first outcome
                (target, stop or horizon reached).
              </p>
            ) : (
              <p>
                The live record starts with this strategy&apos;s first signal, written to the ledger when it is
                issued; figures follow as outcomes are graded. Nothing is back-filled.
              </p>
            )
          }
        >
          {live && <VersionsTable versions={live.versions} />}
        </SidePanel>
        <SidePanel
          side="Backtest"
          stats={bt?.report.stats ?? null}
          about={
            bt ? (
              <p>
                The same rules replayed over the daily history of {formatNumber(bt.report.symbols.length, 0)}{" "}
                symbols, signals from {formatBarDate(bt.report.first_signal_bar)} to{" "}
                {formatBarDate(bt.report.last_signal_bar)}. Computed {formatDateTime(bt.computed_at)}.
              </p>
            ) : (
              <p>Not computed yet.</p>
            )
          }
          empty={
            <p>
              The backtest side is computed by a daily job (first run a minute after the server starts){bt ? " and found no graded signal in the history." : "."}
            </p>
          }
        />
      </div>
      <section aria-labelledby="calibration-heading">
        <h2 id="calibration-heading">Is the confidence honest?</h2>
        <p className="muted">
          A signal&apos;s confidence is its estimated chance of reaching the target. Grouped by confidence, the
          share that did should match it: points on the diagonal are calibrated.
        </p>
        <CalibrationChart
          series={[
            { side: "Live", calibration: live?.stats.calibration ?? null },
            { side: "Backtest", calibration: bt?.report.stats.calibration ?? null },
          ]}
        />
      </section>
    </>
  );
}

export function TrackRecordPage() {
  const [params, setParams] = useSearchParams();
  const asked = params.get("strategy");
  const strategy: StrategyName = STRATEGIES.includes(asked as StrategyName) ? (asked as StrategyName) : "sma_cross";
  const query = useTrackRecord(strategy);
  const selectId = useId();

  return (
    <article className="page">
      <PageHeader
        title="Track record"
        description="Every live signal's result, next to the same rules tested on history. The two are never mixed: live figures start on the stated date and cover only signals recorded before their outcome was known."
        actions={<CsvDownload strategy={strategy} />}
      />
      <div className={styles.controls}>
        <label htmlFor={selectId}>Strategy</label>
        <select
          id={selectId}
          value={strategy}
          onChange={(e) =>
            setParams((p) => {
              const next = new URLSearchParams(p);
              next.set("strategy", e.target.value);
              return next;
            })
          }
        >
          {STRATEGIES.map((s) => (
            <option key={s} value={s}>
              {STRATEGY_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      <div aria-busy={query.isFetching}>
        <QueryState
          query={query}
          skeleton={<Skeleton height={640} />}
        >
          {(r) => <Record r={r} />}
        </QueryState>
      </div>
    </article>
  );
}
