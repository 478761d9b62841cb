import { PageHeader } from "../../components/PageHeader";

/** Not built yet: this page is being written. */
export function WatchlistPage() {
  return (
    <article className="page">
      <PageHeader title="Watchlist" />
      <p>This page is not built yet.</p>
    </article>
  );
}
