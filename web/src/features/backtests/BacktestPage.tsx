import { PageHeader } from "../../components/PageHeader";

/** Not built yet: this page is being written. */
export function BacktestPage() {
  return (
    <article className="page">
      <PageHeader title="Backtest" />
      <p>This page is not built yet.</p>
    </article>
  );
}
