import type { ReactNode } from "react";

export type Tone = "ok" | "fail" | "pending" | "neutral" | "info";

/**
 * A status pill. The text always carries the meaning too; the colour only
 * repeats it. `ok` is shorthand for tone "ok" or "fail".
 */
export function Badge({ ok, tone, children }: { ok?: boolean; tone?: Tone; children: ReactNode }) {
  const t: Tone = tone ?? (ok === undefined ? "neutral" : ok ? "ok" : "fail");
  return <span className={`badge badge-${t}`}>{children}</span>;
}
