import { Link } from "react-router";
import { Badge } from "../../../components/Badge";
import { ErrorMessage } from "../../../components/ErrorMessage";
import { usePlans } from "../api/plans";
import { planLimits, planName } from "../planLimits";
import styles from "../LandingPage.module.css";

/**
 * The plans as this server configures them. Nothing here repeats a number:
 * if the operator changes a limit, the page changes with it.
 */
export function PlanCards({ currentPlan }: { currentPlan: string | null }) {
  const query = usePlans();

  return (
    <section className={styles.section} aria-labelledby="plans-heading">
      <h2 id="plans-heading">Plans</h2>
      <p className="muted">Limits as configured on this server.</p>
      {query.isPending ? (
        // Same grid and height as the cards, so nothing jumps when they arrive.
        <div className={styles.plans} aria-busy="true" aria-label="Loading plans">
          {[0, 1, 2].map((i) => (
            <div key={i} className={`skeleton ${styles.planSkeleton}`} />
          ))}
        </div>
      ) : query.error || !query.data ? (
        <ErrorMessage error={query.error} onRetry={() => query.refetch()} />
      ) : query.data.plans.length === 0 ? (
        <div className="empty-state">This server offers no plans.</div>
      ) : (
        <div className={styles.plans}>
          {query.data.plans.map((plan) => {
            const headingId = `plan-${plan.id}`;
            const current = plan.id === currentPlan;
            return (
              <article
                key={plan.id}
                aria-labelledby={headingId}
                className={current ? `${styles.plan} ${styles.planCurrent}` : styles.plan}
              >
                <div className={styles.planHead}>
                  <h3 id={headingId}>{planName(plan.id)}</h3>
                  {current && <Badge tone="info">Your plan</Badge>}
                </div>
                <dl className={styles.limits}>
                  {planLimits(plan).map((line) => (
                    <div key={line.label}>
                      <dt>{line.label}</dt>
                      <dd>{line.value}</dd>
                    </div>
                  ))}
                </dl>
              </article>
            );
          })}
        </div>
      )}
      <p className={styles.planFoot}>
        {currentPlan ? (
          <Link to="/plan">See your plan and usage</Link>
        ) : (
          <>
            Every account starts on the first plan. <Link to="/register">Create an account</Link>
          </>
        )}
      </p>
    </section>
  );
}
