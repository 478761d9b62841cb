import { Link } from "react-router";
import { PageHeader } from "../../components/PageHeader";
import { QueryState, Skeleton } from "../../components/QueryState";
import { useSession } from "../../lib/session";
import { usePlans, usePortfolios } from "./api/portfolios";
import { CreatePortfolioForm } from "./components/CreatePortfolioForm";
import { PortfolioRow } from "./components/PortfolioRow";
import styles from "./portfolios.module.css";

/** Your portfolios with their value and return; create, rename, delete within the plan's limit. */
export function PortfoliosPage() {
  const portfolios = usePortfolios();
  const plans = usePlans();
  const { user } = useSession();
  const limit = plans.data?.plans.find((p) => p.id === user?.plan)?.portfolios;
  const count = portfolios.data?.length;
  const atLimit = limit !== undefined && count !== undefined && count >= limit;

  return (
    <article className="page">
      <PageHeader
        title="Portfolios"
        description="Holdings valued at the latest daily closes, with their time-weighted return."
      />
      <section aria-labelledby="list-heading">
        <h2 id="list-heading">Your portfolios</h2>
        <p className={`muted ${styles.limit}`} aria-live="polite">
          {limit !== undefined && count !== undefined ? (
            <>
              {count} of {limit} portfolios
              {atLimit && (
                <>
                  {" "}
                  · the {user?.plan ?? "current"} plan&apos;s limit.{" "}
                  <Link className={styles.inlineLink} to="/plan">Upgrade your plan</Link> for more.
                </>
              )}
            </>
          ) : (
            "\u00a0" /* keeps the line's height while the plan loads */
          )}
        </p>
        <QueryState
          query={portfolios}
          isEmpty={(list) => list.length === 0}
          empty={<p>No portfolios yet. Create one below to record holdings or follow a strategy on paper.</p>}
          skeleton={<Skeleton lines={3} />}
        >
          {(list) => (
            <div className="table-wrap" tabIndex={0} role="region" aria-label="Portfolios table">
              <table className="table" aria-label="Portfolios">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col" className="num">Value</th>
                    <th scope="col" className="num">Return (TWR)</th>
                    <th scope="col">Actions</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((p) => (
                    <PortfolioRow key={p.id} portfolio={p} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </QueryState>
      </section>
      <section aria-labelledby="new-heading">
        <h2 id="new-heading">New portfolio</h2>
        {atLimit ? (
          <p className="alert alert-info">
            Your plan keeps {limit} portfolio{limit === 1 ? "" : "s"}. Delete one, or{" "}
            <Link className={styles.inlineLink} to="/plan">upgrade your plan</Link> to keep more.
          </p>
        ) : (
          <CreatePortfolioForm disabled={portfolios.isPending} />
        )}
      </section>
    </article>
  );
}
