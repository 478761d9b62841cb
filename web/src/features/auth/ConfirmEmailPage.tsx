import { PageHeader } from "../../components/PageHeader";

/** Not built yet: this page is being written. */
export function ConfirmEmailPage() {
  return (
    <article className="page">
      <PageHeader title="Confirm Email" />
      <p>This page is not built yet.</p>
    </article>
  );
}
