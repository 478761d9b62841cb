import { Link } from "react-router";
import { sections } from "../sections";
import { usePageTitle } from "../usePageTitle";

export function Home() {
  usePageTitle();
  return (
    <article className="page">
      <h1>Harbinger</h1>
      <p className="lead">
        Harbinger is an AI trading-signals service. This dashboard is where you follow its
        signals, check their track record against the ledger, browse the markets it covers, and
        manage your portfolios and plan.
      </p>
      <h2>Where to go</h2>
      <ul className="card-grid">
        {sections.map((section) => (
          <li key={section.path}>
            <Link to={section.path} className="card">
              <span className="card-title">
                {section.label} <span className="tag">Coming soon</span>
              </span>
              <span className="card-body">{section.comingSoon}</span>
            </Link>
          </li>
        ))}
        <li>
          <Link to="/status" className="card">
            <span className="card-title">System status</span>
            <span className="card-body">live health and readiness of this Harbinger instance</span>
          </Link>
        </li>
      </ul>
    </article>
  );
}
