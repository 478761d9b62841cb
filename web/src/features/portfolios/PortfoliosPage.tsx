import { PageHeader } from "../../components/PageHeader";

/** Not built yet: this page is being written. */
export function PortfoliosPage() {
  return (
    <article className="page">
      <PageHeader title="Portfolios" />
      <p>This page is not built yet.</p>
    </article>
  );
}
