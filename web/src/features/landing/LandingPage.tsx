import { Link } from "react-router";
import { useSession } from "../../lib/session";
import { usePageTitle } from "../../lib/usePageTitle";
import { PlanCards } from "./components/PlanCards";
import styles from "./LandingPage.module.css";

/** The three claims the product is built to prove (see PRODUCT.md, "What sets it apart"). */
const POINTS = [
  {
    title: "A ledger you can verify",
    body: "Every signal is written to a hash-chained ledger the moment it is issued, with its entry, stop, target and horizon fixed. Outcomes are appended, never edited, and a signed checkpoint is published daily. Download it and check it yourself.",
    link: { to: "/ledger", label: "Verify the ledger" },
  },
  {
    title: "Honest, calibrated numbers",
    body: "Confidence is a probability calibrated on held-out data, with its reliability published per model version. Live results are never blended with backtests, and every figure says which it is.",
    link: { to: "/track-record", label: "See the track record" },
  },
  {
    title: "Explanations with sources",
    body: "Each signal lists the numeric drivers behind it. Research notes add context whose claims link to stored citations; the model never sets price, stop, target or confidence.",
    link: null,
  },
] as const;

export function LandingPage() {
  usePageTitle();
  const { user } = useSession();

  return (
    <div className={`page ${styles.landing}`}>
      <header className={styles.hero}>
        <h1>Trading signals you can check.</h1>
        <p className={`lead ${styles.pitch}`}>
          Harbinger issues trading signals with a calibrated confidence and an explanation with
          sources, and records each one in a public, tamper-evident ledger before its outcome is
          known.
        </p>
        <div className={styles.actions}>
          {user ? (
            <Link to="/signals" className="btn btn-primary">
              Go to signals
            </Link>
          ) : (
            <Link to="/register" className="btn btn-primary">
              Create account
            </Link>
          )}
          <Link to="/track-record" className="btn">
            See the track record
          </Link>
          <Link to="/ledger" className="btn">
            Verify the ledger
          </Link>
        </div>
      </header>

      <section className={styles.section} aria-labelledby="why-heading">
        <h2 id="why-heading">What sets it apart</h2>
        <ul className={styles.points}>
          {POINTS.map((p) => (
            <li key={p.title} className={styles.point}>
              <h3>{p.title}</h3>
              <p>{p.body}</p>
              {p.link && <Link to={p.link.to}>{p.link.label} →</Link>}
            </li>
          ))}
        </ul>
      </section>

      <PlanCards currentPlan={user?.plan ?? null} />
    </div>
  );
}
