import { Link, useLocation } from "react-router";
import { usePageTitle } from "../lib/usePageTitle";

export function NotFound() {
  usePageTitle("Not found");
  const { pathname } = useLocation();
  return (
    <article className="page">
      <h1>Not found</h1>
      <p>
        There is no page at <code>{pathname}</code>.
      </p>
      <p>
        <Link to="/">Back to the Harbinger home page</Link>
      </p>
    </article>
  );
}
