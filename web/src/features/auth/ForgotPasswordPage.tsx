import { PageHeader } from "../../components/PageHeader";

/** Not built yet: this page is being written. */
export function ForgotPasswordPage() {
  return (
    <article className="page">
      <PageHeader title="Forgot Password" />
      <p>This page is not built yet.</p>
    </article>
  );
}
