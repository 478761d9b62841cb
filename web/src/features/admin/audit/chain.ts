import type { AuditRow } from "../api/types";

export interface LinkCheck {
  /** Pairs of consecutive rows whose link was compared. */
  checked: number;
  /** The first row whose prev_hash is not the previous row's hash. */
  brokenAt: number | null;
}

/**
 * Compares each row's `prev_hash` with the hash of the row before it, for rows
 * whose seqs follow each other. This only spots a broken link among the rows
 * on screen; it does not recompute the hashes (`harbinger audit verify` does).
 */
export function checkLinks(rows: readonly AuditRow[]): LinkCheck {
  let checked = 0;
  for (let i = 1; i < rows.length; i++) {
    const prev = rows[i - 1]!;
    const row = rows[i]!;
    if (row.seq !== prev.seq + 1) continue;
    checked++;
    if (row.prev_hash !== prev.hash) return { checked, brokenAt: row.seq };
  }
  return { checked, brokenAt: null };
}
