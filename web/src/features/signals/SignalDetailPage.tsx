/**
 * `/signals/:id`: one signal in full: the price around it with its levels,
 * what drove it, how sure the model was and why, the research note, and its
 * place in the public ledger. A sealed signal (delayed plan) shows only its
 * commitment and when it opens.
 */
import { Link, useParams } from "react-router";
import { ErrorMessage } from "../../components/ErrorMessage";
import { PageHeader } from "../../components/PageHeader";
import { Skeleton } from "../../components/QueryState";
import { formatBarDate, formatDateTime, formatNumber, formatPercent, formatPrice } from "../../lib/format";
import { useExplanation, useSignal } from "./api/queries";
import { DriversTable } from "./components/DriversTable";
import { LedgerProof } from "./components/LedgerProof";
import { ResearchPanel } from "./components/ResearchPanel";
import { confidenceText, OutcomeBadge, SideLabel } from "./components/SignalBits";
import { SignalChart, toSeconds } from "./components/SignalChart";
import styles from "./components/detail.module.css";
import type { Signal } from "./filters";

export function SignalDetailPage() {
  const { id = "" } = useParams();
  const signal = useSignal(id);
  if (signal.isPending) {
    return (
      <article className="page" aria-busy="true">
        <Skeleton height={40} />
        <Skeleton height={410} />
        <Skeleton lines={6} />
      </article>
    );
  }
  if (signal.error || !signal.data) {
    return (
      <article className="page">
        <PageHeader title="Signal" />
        <ErrorMessage error={signal.error} onRetry={() => signal.refetch()} />
        <p>
          <Link to="/signals">Back to the signals</Link>
        </p>
      </article>
    );
  }
  return signal.data.sealed ? <Sealed signal={signal.data} /> : <Detail signal={signal.data} />;
}

function Sealed({ signal }: { signal: Signal }) {
  return (
    <article className={`page ${styles.layout}`}>
      <PageHeader
        title={`Sealed signal #${signal.ledger_seq}`}
        description={`Issued ${formatDateTime(signal.issued_at)}.`}
        actions={<OutcomeBadge signal={signal} />}
      />
      <div className="alert alert-info">
        <strong>This signal opens to your plan on {formatDateTime(signal.released_to_free_at)}.</strong>
        <p>
          Until then you see its commitment: the ledger hash below was published when the signal was
          issued, so its content cannot change before it is revealed.{" "}
          <Link to="/plan">Upgrade to see signals in real time</Link>.
        </p>
      </div>
      <section className={styles.section} aria-labelledby="ledger-heading">
        <h2 id="ledger-heading">Ledger</h2>
        <LedgerProof signal={signal} />
      </section>
    </article>
  );
}

function riskReward(s: Signal): number | undefined {
  if (s.entry == null || s.stop == null || s.target == null) return undefined;
  const risk = Math.abs(s.entry - s.stop);
  return risk > 0 ? Math.abs(s.target - s.entry) / risk : undefined;
}

function Detail({ signal: s }: { signal: Signal }) {
  const explanation = useExplanation(s.id, true);
  const o = s.outcome;
  const rr = riskReward(s);
  return (
    <article className={`page ${styles.layout}`}>
      <PageHeader
        title={`${s.symbol} ${s.side === "short" ? "short" : "long"} signal`}
        description={
          <>
            <SideLabel side={s.side} /> · {s.strategy} · issued {formatDateTime(s.issued_at)} on the bar of{" "}
            {formatBarDate(toSeconds(s.bar_time))} ·{" "}
            <Link to={`/symbols/${encodeURIComponent(s.symbol ?? "")}`}>{s.symbol} chart</Link>
          </>
        }
        actions={<OutcomeBadge signal={s} />}
      />
      <dl className="stat-grid">
        <Stat label="Entry" value={formatPrice(s.entry)} />
        <Stat label="Stop" value={formatPrice(s.stop)} />
        <Stat label="Target" value={formatPrice(s.target)} />
        <Stat label="Confidence" value={confidenceText(s.confidence)} />
        <Stat label="Reward / risk" value={rr === undefined ? "—" : `${formatNumber(rr, 2)} : 1`} />
        <Stat label="Horizon" value={s.horizon_bars != null ? `${s.horizon_bars} bars` : "—"} />
        {o && <Stat label="Exit price" value={formatPrice(o.exit_price)} />}
        {o && <Stat label="Exit bar" value={formatBarDate(toSeconds(o.exit_time))} />}
        {o && (
          <Stat
            label="Return"
            value={formatPercent(o.return, 2, true)}
            tone={o.return == null ? undefined : o.return >= 0 ? "up" : "down"}
          />
        )}
      </dl>

      <SignalChart signal={s} />

      <section className={styles.section} aria-labelledby="drivers-heading">
        <h2 id="drivers-heading">Drivers</h2>
        <DriversTable drivers={s.drivers ?? []} />
      </section>

      <section className={styles.section} aria-labelledby="confidence-heading">
        <h2 id="confidence-heading">How the confidence was obtained</h2>
        <dl className="facts">
          <div>
            <dt>Model</dt>
            <dd className="mono">{s.model_version ?? "—"}</dd>
          </div>
          <div>
            <dt>Confidence</dt>
            <dd>{confidenceText(s.confidence)} that the target is hit before the stop</dd>
          </div>
          <div>
            <dt>Price source</dt>
            <dd>{s.price_source ?? "—"}</dd>
          </div>
        </dl>
        {explanation.isPending ? (
          <Skeleton lines={3} />
        ) : explanation.error ? (
          <ErrorMessage error={explanation.error} onRetry={() => explanation.refetch()} />
        ) : (
          explanation.data && (
            <>
              <p className={styles.basis}>
                <strong>Calibration:</strong> {explanation.data.confidence_basis}.
              </p>
              <p>{explanation.data.summary}</p>
              <ul>
                {explanation.data.sources.map((src) => (
                  <li key={src.url}>
                    <a href={src.url} className="break-anywhere">
                      {src.title}
                    </a>
                  </li>
                ))}
              </ul>
            </>
          )
        )}
      </section>

      <ResearchPanel signalId={s.id} />

      <section className={styles.section} aria-labelledby="ledger-heading">
        <h2 id="ledger-heading">Ledger</h2>
        <LedgerProof signal={s} />
      </section>
    </article>
  );
}

function Stat({ label, value, tone }: { label: string; value: string; tone?: "up" | "down" }) {
  return (
    <div className="stat">
      <dt>{label}</dt>
      <dd className={tone}>{value}</dd>
    </div>
  );
}
