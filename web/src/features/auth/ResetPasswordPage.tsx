import { PageHeader } from "../../components/PageHeader";

/** Not built yet: this page is being written. */
export function ResetPasswordPage() {
  return (
    <article className="page">
      <PageHeader title="Reset Password" />
      <p>This page is not built yet.</p>
    </article>
  );
}
