import { Link } from "react-router";
import { PageHeader } from "../../components/PageHeader";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Skeleton } from "../../components/QueryState";
import { useSession } from "../../lib/session";
import { usePlans } from "./api/backtests";
import { BacktestForm } from "./components/BacktestForm";
import { RunsTable } from "./components/RunsTable";
import styles from "./backtests.module.css";

/** Run a backtest within the plan's symbol limit, and see the past runs. */
export function BacktestsPage() {
  const { user } = useSession();
  const plans = usePlans();
  const maxSymbols = plans.data?.plans.find((p) => p.id === user?.plan)?.backtest_symbols;

  return (
    <article className="page">
      <PageHeader
        title="Backtests"
        description="A strategy on stored daily bars, with costs, beside buy-and-hold. Every result shows its probabilistic and deflated Sharpe ratio."
      />
      <section aria-labelledby="run-heading">
        <h2 id="run-heading">Run a backtest</h2>
        {plans.isPending ? (
          <Skeleton height={420} />
        ) : plans.error ? (
          <ErrorMessage error={plans.error} onRetry={plans.refetch} />
        ) : maxSymbols === undefined || maxSymbols === 0 ? (
          <div className="alert alert-info">
            <strong>Your plan shows the public backtest results only.</strong>
            <p>
              See them on the <Link className={styles.inlineLink} to="/track-record">track record</Link>, where every strategy&apos;s
              backtest stands beside its live results. To run your own backtests,{" "}
              <Link className={styles.inlineLink} to="/plan">upgrade to Pro</Link>.
            </p>
          </div>
        ) : (
          <BacktestForm maxSymbols={maxSymbols} />
        )}
      </section>
      <section aria-labelledby="runs-heading">
        <h2 id="runs-heading">Your backtests</h2>
        <RunsTable />
      </section>
    </article>
  );
}
