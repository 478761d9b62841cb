import { PageHeader } from "../../components/PageHeader";

/** Not built yet: this page is being written. */
export function SymbolPage() {
  return (
    <article className="page">
      <PageHeader title="Symbol" />
      <p>This page is not built yet.</p>
    </article>
  );
}
