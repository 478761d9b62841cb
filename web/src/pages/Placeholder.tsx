import { usePageTitle } from "../usePageTitle";

/** Stands in for a section that has not been built yet. */
export function Placeholder({ title, comingSoon }: { title: string; comingSoon: string }) {
  usePageTitle(title);
  return (
    <article className="page">
      <h1>{title}</h1>
      <div className="placeholder">
        <p>Coming soon: {comingSoon}.</p>
        <p className="muted">This page is not built yet; nothing here is live data.</p>
      </div>
    </article>
  );
}
