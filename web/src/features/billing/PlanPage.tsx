import { PageHeader } from "../../components/PageHeader";

/** Not built yet: this page is being written. */
export function PlanPage() {
  return (
    <article className="page">
      <PageHeader title="Plan" />
      <p>This page is not built yet.</p>
    </article>
  );
}
