import { PageHeader } from "../../components/PageHeader";
import { QueryState, Skeleton } from "../../components/QueryState";
import { useSession } from "../../lib/session";
import { usePlans } from "./api/queries";
import { BillingActions } from "./components/BillingActions";
import { BillingStatus } from "./components/BillingStatus";
import { ComparePlans } from "./components/ComparePlans";
import { UsageTable } from "./components/UsageTable";
import { planName } from "./limits";
import styles from "./PlanPage.module.css";

/** Statuses under which the server pauses paid features until a payment goes through. */
const PAYMENT_DUE = new Set(["past_due", "unpaid", "incomplete"]);

export function PlanPage() {
  const { user } = useSession();
  const plans = usePlans();

  return (
    <article className="page">
      <PageHeader
        title="Your plan"
        description="What your plan allows, what you use now, and how to change it."
      />
      {!user ? (
        <Skeleton lines={3} />
      ) : (
        <>
          <section aria-labelledby="current-heading">
            <h2 id="current-heading" className="visually-hidden">
              Current plan
            </h2>
            <div className={styles.current}>
              <p className={styles.planName}>{planName(user.plan)}</p>
              <span className="muted">current plan</span>
            </div>
            <div className={PAYMENT_DUE.has(user.billing_status ?? "") ? "alert" : undefined}>
              <BillingStatus status={user.billing_status} />
            </div>
          </section>

          <QueryState query={plans} skeleton={<Skeleton height={360} />}>
            {(data) => {
              const index = data.plans.findIndex((p) => p.id === user.plan);
              const mine = data.plans[index];
              // The server lists plans in ascending order, so "higher" is "later".
              const higher = index < 0 ? [] : data.plans.slice(index + 1);
              return (
                <>
                  <section aria-labelledby="usage-heading">
                    <h2 id="usage-heading">Limits and usage</h2>
                    {mine ? (
                      <>
                        <UsageTable plan={mine} />
                        <p className={`muted ${styles.note}`}>
                          “Not measured”: the API does not report that usage yet.
                        </p>
                      </>
                    ) : (
                      <p className="alert">
                        This server does not list the plan “{user.plan}”, so its limits are unknown.
                      </p>
                    )}
                  </section>

                  <section aria-labelledby="change-heading">
                    <h2 id="change-heading">Change plan</h2>
                    <BillingActions higher={higher} offer={data.billing} />
                  </section>

                  <section aria-labelledby="compare-heading">
                    <h2 id="compare-heading">Compare plans</h2>
                    <ComparePlans plans={data.plans} current={user.plan} />
                  </section>
                </>
              );
            }}
          </QueryState>
        </>
      )}
    </article>
  );
}
