import type { ReactNode } from "react";

/** A status pill: green when ok, red when not. The text carries the meaning too. */
export function Badge({ ok, children }: { ok: boolean; children: ReactNode }) {
  return <span className={ok ? "badge badge-ok" : "badge badge-fail"}>{children}</span>;
}
