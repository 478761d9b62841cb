import { PageHeader } from "../../components/PageHeader";

/** Not built yet: this page is being written. */
export function BacktestsPage() {
  return (
    <article className="page">
      <PageHeader title="Backtests" />
      <p>This page is not built yet.</p>
    </article>
  );
}
