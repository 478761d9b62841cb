import { PageHeader } from "../../components/PageHeader";

/** Not built yet: this page is being written. */
export function AdminPage() {
  return (
    <article className="page">
      <PageHeader title="Admin" />
      <p>This page is not built yet.</p>
    </article>
  );
}
