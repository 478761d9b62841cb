/** Bars for the chosen range: see ranges.ts for how a range becomes a request. */
import { useEffect, useMemo, useState } from "react";
import { rangeStart, sliceToRange, type Range } from "../ranges";
import { useDailyBars, type Bars } from "./queries";

/** Mount once per symbol (the caller keys on it): what it learns is about one symbol. */
export function useRangeBars(symbol: string, range: Range) {
  // Fixed at mount: the query key must not move with the clock.
  const [now] = useState(() => Math.floor(Date.now() / 1000));
  // Set once a recent range comes back empty: the symbol's data ends in the past.
  const [historic, setHistoric] = useState(false);
  const from = rangeStart(range, now);
  const useAll = from === null || historic;
  const recent = useDailyBars(symbol, from, !useAll);
  const all = useDailyBars(symbol, null, useAll);

  const emptyRecent = Boolean(recent.data && !recent.isPlaceholderData && recent.data.bars.length === 0);
  useEffect(() => {
    if (emptyRecent) setHistoric(true);
  }, [emptyRecent]);

  const data = useMemo<Bars | undefined>(() => {
    if (useAll) return all.data && { ...all.data, bars: sliceToRange(all.data.bars, range) };
    if (recent.data && (recent.isPlaceholderData || recent.data.bars.length > 0)) return recent.data;
    return undefined;
  }, [useAll, all.data, recent.data, recent.isPlaceholderData, range]);

  const source = useAll ? all : recent;
  return {
    data,
    error: data ? null : source.error,
    isPending: !data && !source.error,
    isFetching: source.isFetching,
    refetch: () => source.refetch(),
  };
}
