import { PageHeader } from "../../components/PageHeader";

/** Not built yet: this page is being written. */
export function MarketsPage() {
  return (
    <article className="page">
      <PageHeader title="Markets" />
      <p>This page is not built yet.</p>
    </article>
  );
}
