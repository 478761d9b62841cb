/**
 * The three states every data view has besides "ready": loading (a skeleton
 * of the same size, so nothing jumps), error (the server's problem+json
 * detail, with a retry), and empty (a sentence saying what to do next).
 */
import type { ReactNode } from "react";
import { ErrorMessage } from "./ErrorMessage";

export interface QueryLike<T> {
  data: T | undefined;
  error: unknown;
  isPending: boolean;
  refetch?: () => unknown;
}

export function QueryState<T>({
  query,
  empty,
  isEmpty,
  skeleton,
  children,
}: {
  query: QueryLike<T>;
  /** Shown when `isEmpty(data)` holds. */
  empty?: ReactNode;
  isEmpty?: (data: T) => boolean;
  /** Placeholder while loading; defaults to three skeleton lines. */
  skeleton?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) {
    return <>{skeleton ?? <Skeleton lines={3} />}</>;
  }
  if (query.error || query.data === undefined) {
    return <ErrorMessage error={query.error} onRetry={query.refetch} />;
  }
  if (empty !== undefined && isEmpty?.(query.data)) {
    return <div className="empty-state">{empty}</div>;
  }
  return <>{children(query.data)}</>;
}

/** Grey placeholder lines or a block of a given height while data loads. */
export function Skeleton({ lines = 1, height }: { lines?: number; height?: number }) {
  if (height) {
    return <div className="skeleton" style={{ height }} aria-busy="true" aria-label="Loading" />;
  }
  return (
    <div aria-busy="true" aria-label="Loading">
      {Array.from({ length: lines }, (_, i) => (
        <div key={i} className="skeleton skeleton-line" />
      ))}
    </div>
  );
}
