import { Suspense, type ReactNode } from "react";
import { Skeleton } from "../components/QueryState";

function Loading() {
  return (
    <div className="page">
      <Skeleton height={40} />
      <Skeleton lines={6} />
    </div>
  );
}

/** Wraps lazily loaded pages: a skeleton of the page while its chunk loads. */
export function PageSuspense({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}
