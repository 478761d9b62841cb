/**
 * The chart's ranges. Each asks the server for bars from a start date
 * (`from`), counted back from today; a symbol whose data ends earlier (the
 * bundled history the replay provider serves) is instead shown counted back
 * from its own last bar, so a range is never blank while data exists.
 */
import type { Schemas } from "../../lib/api/client";

export const RANGES = ["1M", "3M", "6M", "1Y", "5Y", "Max"] as const;
export type Range = (typeof RANGES)[number];
export const DEFAULT_RANGE: Range = "1Y";

const DAY = 86_400;
const DAYS: Record<Exclude<Range, "Max">, number> = {
  "1M": 31,
  "3M": 92,
  "6M": 183,
  "1Y": 366,
  "5Y": 5 * 366,
};

export function parseRange(raw: string | null): Range {
  return (RANGES as readonly string[]).includes(raw ?? "") ? (raw as Range) : DEFAULT_RANGE;
}

/** The `from` of a range ending at `end` (Unix seconds), on a day boundary so it caches; null for Max. */
export function rangeStart(range: Range, end: number): number | null {
  if (range === "Max") return null;
  return Math.floor((end - DAYS[range] * DAY) / DAY) * DAY;
}

/** The bars of `range` counted back from the newest bar in `all`. */
export function sliceToRange(all: Schemas["BarOut"][], range: Range): Schemas["BarOut"][] {
  const last = all[all.length - 1];
  if (!last || range === "Max") return all;
  const from = rangeStart(range, last.time)!;
  const i = all.findIndex((b) => b.time >= from);
  return i < 0 ? [] : all.slice(i);
}
