import { PageHeader } from "../../components/PageHeader";

/** Not built yet: this page is being written. */
export function SignalsPage() {
  return (
    <article className="page">
      <PageHeader title="Signals" />
      <p>This page is not built yet.</p>
    </article>
  );
}
