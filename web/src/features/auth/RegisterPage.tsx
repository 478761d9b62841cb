import { PageHeader } from "../../components/PageHeader";

/** Not built yet: this page is being written. */
export function RegisterPage() {
  return (
    <article className="page">
      <PageHeader title="Register" />
      <p>This page is not built yet.</p>
    </article>
  );
}
