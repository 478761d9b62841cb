import { PageHeader } from "../../components/PageHeader";

/** Not built yet: this page is being written. */
export function AccountPage() {
  return (
    <article className="page">
      <PageHeader title="Account" />
      <p>This page is not built yet.</p>
    </article>
  );
}
