import { PageHeader } from "../../components/PageHeader";

/** Not built yet: this page is being written. */
export function VerifyEmailPage() {
  return (
    <article className="page">
      <PageHeader title="Verify Email" />
      <p>This page is not built yet.</p>
    </article>
  );
}
