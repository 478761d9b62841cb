/**
 * `/signals`: the feed, newest first, with its filters in the URL. Plans with
 * the stream get signals the moment they are issued; the free plan polls and
 * sees sealed commitments until each signal's release time.
 */
import { useCallback, useMemo } from "react";
import { Link, useSearchParams } from "react-router";
import { ErrorMessage } from "../../components/ErrorMessage";
import { PageHeader } from "../../components/PageHeader";
import { useMyPlan, useSignalList, useWatchlistSymbols } from "./api/queries";
import { useLiveSignals } from "./api/useLiveSignals";
import { filtersFromParams, hasFilters, paramsFromFilters, type SignalFilters } from "./filters";
import { SignalFilterBar } from "./components/SignalFilterBar";
import { SignalList, SignalListSkeleton } from "./components/SignalList";
import { StreamStatus } from "./components/StreamStatus";

export function SignalsPage() {
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  const filters = useMemo(() => filtersFromParams(new URLSearchParams(search)), [search]);
  const onFilters = useCallback(
    (next: SignalFilters) => setParams((prev) => paramsFromFilters(next, prev), { replace: true }),
    [setParams],
  );

  const { plan } = useMyPlan();
  // Live signals are matched against the watchlist filter on arrival.
  useWatchlistSymbols(Boolean(filters.watchlist));
  const streamAllowed = plan ? plan.websocket_connections > 0 : undefined;
  const live = useLiveSignals(streamAllowed, filters);
  const list = useSignalList(filters);
  const signals = useMemo(() => list.data?.pages.flatMap((p) => p.signals) ?? [], [list.data]);
  const { fetchNextPage, hasNextPage, isFetchingNextPage } = list;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);

  return (
    <article className="page">
      <PageHeader
        title="Signals"
        description="Every signal Harbinger issues, newest first, with its outcome once graded."
        actions={<StreamStatus status={live.status} />}
      />
      {plan && plan.signal_delay_hours > 0 && (
        <div className="alert alert-info">
          <strong>Signals are delayed on the {plan.id} plan.</strong>
          <p>
            Each signal is shown sealed (its ledger hash only) until {plan.signal_delay_hours} hours
            after it was issued, then in full. The list refreshes every minute.{" "}
            <Link to="/plan">Upgrade for real-time signals</Link>.
          </p>
        </div>
      )}
      {live.detail && (
        <div className="alert alert-info">
          <strong>The live stream ended.</strong>
          <p>{live.detail} The list is refreshed every minute instead.</p>
        </div>
      )}
      <SignalFilterBar filters={filters} onChange={onFilters} />
      {list.isPending ? (
        <SignalListSkeleton />
      ) : list.error ? (
        <ErrorMessage error={list.error} onRetry={() => list.refetch()} />
      ) : signals.length === 0 ? (
        <div className="empty-state">
          {hasFilters(filters) ? (
            <>
              No signal matches these filters.{" "}
              <button type="button" className="btn btn-small" onClick={() => onFilters({})}>
                Clear filters
              </button>
            </>
          ) : (
            "No signals yet. They appear here as soon as the models issue them."
          )}
        </div>
      ) : (
        <SignalList
          signals={signals}
          highlighted={live.highlighted}
          hasMore={Boolean(hasNextPage)}
          loadingMore={isFetchingNextPage}
          onLoadMore={loadMore}
        />
      )}
      <div className="visually-hidden" aria-live="polite" aria-atomic="true">
        {live.announcement}
      </div>
    </article>
  );
}
