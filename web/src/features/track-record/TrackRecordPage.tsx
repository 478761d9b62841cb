import { PageHeader } from "../../components/PageHeader";

/** Not built yet: this page is being written. */
export function TrackRecordPage() {
  return (
    <article className="page">
      <PageHeader title="Track Record" />
      <p>This page is not built yet.</p>
    </article>
  );
}
