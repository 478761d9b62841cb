import { PageHeader } from "../../components/PageHeader";

/** Not built yet: this page is being written. */
export function PortfolioPage() {
  return (
    <article className="page">
      <PageHeader title="Portfolio" />
      <p>This page is not built yet.</p>
    </article>
  );
}
