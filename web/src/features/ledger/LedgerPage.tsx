import { PageHeader } from "../../components/PageHeader";

/** Not built yet: this page is being written. */
export function LedgerPage() {
  return (
    <article className="page">
      <PageHeader title="Ledger" />
      <p>This page is not built yet.</p>
    </article>
  );
}
