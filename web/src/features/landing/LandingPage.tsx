import { PageHeader } from "../../components/PageHeader";

/** Not built yet: this page is being written. */
export function LandingPage() {
  return (
    <article className="page">
      <PageHeader title="Landing" />
      <p>This page is not built yet.</p>
    </article>
  );
}
