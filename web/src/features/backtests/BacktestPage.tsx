import { useMemo } from "react";
import { Link, useParams } from "react-router";
import { PageHeader } from "../../components/PageHeader";
import { QueryState, Skeleton } from "../../components/QueryState";
import { formatDateTime } from "../../lib/format";
import { isPending, useBacktest } from "./api/backtests";
import { BacktestStatus } from "./components/BacktestStatus";
import { EquityCharts } from "./components/EquityCharts";
import { ExportButtons } from "./components/ExportButtons";
import { MetricsSection } from "./components/MetricsSection";
import { SymbolTable } from "./components/SymbolTable";
import { parseReport } from "./report";
import { strategyLabel } from "./strategies";

/** One backtest: its progress while it waits or runs, then its report. */
export function BacktestPage() {
  const { id = "" } = useParams();
  const run = useBacktest(id);
  const b = run.data;
  const report = useMemo(() => parseReport(b?.result), [b?.result]);
  const strategy = report?.strategy ?? (b?.request as { strategy?: string } | undefined)?.strategy;

  return (
    <article className="page">
      <PageHeader
        title={strategy ? `Backtest: ${strategyLabel(strategy)}` : "Backtest"}
        description={b ? `Started ${formatDateTime(b.created_at)}. Backtested results, not live ones.` : undefined}
        actions={
          <Link className="btn" to="/backtests">
            All backtests
          </Link>
        }
      />
      <QueryState query={run} skeleton={<Skeleton height={480} />}>
        {(data) => (
          <>
            <BacktestStatus run={data} />
            {isPending(data.status) && <Skeleton height={420} />}
            {data.status === "done" && !report && (
              <p className="empty-state">This backtest finished without a report.</p>
            )}
            {data.status === "done" && report && (
              <>
                <ExportButtons id={data.id} raw={data.result} report={report} />
                <EquityCharts report={report} />
                <MetricsSection report={report} />
                <SymbolTable report={report} />
              </>
            )}
          </>
        )}
      </QueryState>
    </article>
  );
}
