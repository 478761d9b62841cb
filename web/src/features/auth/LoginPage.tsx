import { PageHeader } from "../../components/PageHeader";

/** Not built yet: this page is being written. */
export function LoginPage() {
  return (
    <article className="page">
      <PageHeader title="Login" />
      <p>This page is not built yet.</p>
    </article>
  );
}
