import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { Skeleton } from "../components/QueryState";
import { useSession } from "../lib/session";

/**
 * Pages for signed-in users. Without a session the visitor goes to sign-in,
 * which brings them back here (`next`) afterwards; a session that expires
 * while a page is open does the same (the client reports every 401).
 */
export function RequireAuth({ admin = false, children }: { admin?: boolean; children: ReactNode }) {
  const { user, isLoading } = useSession();
  const location = useLocation();
  if (isLoading) return <Skeleton lines={4} />;
  if (!user) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (admin && user.role !== "admin") {
    return (
      <div className="alert alert-error" role="alert">
        <strong>Forbidden</strong>
        <p>This page is for operators (role admin).</p>
      </div>
    );
  }
  return <>{children}</>;
}
