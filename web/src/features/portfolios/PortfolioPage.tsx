import { Link, useParams } from "react-router";
import { PageHeader } from "../../components/PageHeader";
import { QueryState, Skeleton } from "../../components/QueryState";
import { formatMoney } from "../../lib/format";
import { exportUrl, usePortfolio } from "./api/portfolios";
import { AllocationChart } from "./components/AllocationChart";
import { ImportCsv } from "./components/ImportCsv";
import { PositionsTable, SummaryStats } from "./components/PositionsTable";
import { ReturnChart } from "./components/ReturnChart";
import { TransactionForm } from "./components/TransactionForm";
import { TransactionsTable } from "./components/TransactionsTable";
import styles from "./portfolios.module.css";
import { strategyLabel } from "./strategies";

/** One portfolio: value and P&L, positions, allocation, return, and its transactions. */
export function PortfolioPage() {
  const { id = "" } = useParams();
  const portfolio = usePortfolio(id);
  const d = portfolio.data;

  return (
    <article className="page">
      <PageHeader
        title={d?.name ?? "Portfolio"}
        description={
          d?.follows ? (
            <>
              Paper portfolio following {strategyLabel(d.follows.strategy)}:{" "}
              {formatMoney(d.follows.stake, d.base_currency)} on each long signal. Its trades are
              the strategy&apos;s own and cannot be edited.
            </>
          ) : (
            "Valued at the latest stored daily closes."
          )
        }
        actions={
          <>
            <Link className="btn" to="/portfolios">
              All portfolios
            </Link>
            <a className="btn" href={exportUrl(id)} download>
              Export CSV
            </a>
          </>
        }
      />
      <QueryState query={portfolio} skeleton={<Skeleton height={520} />}>
        {(detail) => (
          <>
            <SummaryStats detail={detail} />
            <section aria-labelledby="positions-heading">
              <h2 id="positions-heading">Positions</h2>
              <PositionsTable detail={detail} />
            </section>
            <div className={styles.layout}>
              <section aria-labelledby="return-heading" className={styles.section}>
                <h2 id="return-heading">Time-weighted return</h2>
                <ReturnChart detail={detail} />
              </section>
              <section aria-labelledby="allocation-heading" className={styles.section}>
                <h2 id="allocation-heading">Allocation</h2>
                <AllocationChart detail={detail} />
              </section>
            </div>
            <section aria-labelledby="tx-heading">
              <h2 id="tx-heading">Transactions</h2>
              <TransactionsTable
                portfolioId={id}
                currency={detail.base_currency}
                readOnly={Boolean(detail.follows)}
              />
              {!detail.follows && (
                <>
                  <h3>Add a transaction</h3>
                  <TransactionForm portfolioId={id} />
                  <h3>Import</h3>
                  <ImportCsv portfolioId={id} />
                </>
              )}
            </section>
          </>
        )}
      </QueryState>
    </article>
  );
}
