import { PageHeader } from "../../components/PageHeader";

/** Not built yet: this page is being written. */
export function SignalDetailPage() {
  return (
    <article className="page">
      <PageHeader title="Signal Detail" />
      <p>This page is not built yet.</p>
    </article>
  );
}
