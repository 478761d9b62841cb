/**
 * `/symbols/:symbol`: the price history with indicators, this symbol's
 * signals on it, how fresh the data is, and the watchlist toggle. The range
 * and the indicators are in the URL.
 */
import { useMemo } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { ErrorMessage } from "../../components/ErrorMessage";
import { PageHeader } from "../../components/PageHeader";
import { Skeleton } from "../../components/QueryState";
import { useInstrument, useSymbolSignals } from "./api/queries";
import { useRangeBars } from "./api/useRangeBars";
import { Freshness } from "./components/Freshness";
import { ChartControls } from "./components/ChartControls";
import { MAIN_HEIGHT, PANE_HEIGHT, PriceChart } from "./components/PriceChart";
import { SymbolSignals } from "./components/SymbolSignals";
import { WatchToggle } from "./components/WatchToggle";
import styles from "./components/symbol.module.css";
import { formatIndicators, parseIndicators, type Indicator } from "./overlays";
import { parseRange, type Range } from "./ranges";

const NO_SIGNALS: never[] = [];

export function SymbolPage() {
  const { symbol: raw = "" } = useParams();
  const symbol = raw.toUpperCase();
  // Keyed: what the bars hook learns about one symbol must not carry to the next.
  return <SymbolView key={symbol} symbol={symbol} />;
}

function SymbolView({ symbol }: { symbol: string }) {
  const [params, setParams] = useSearchParams();
  const range = parseRange(params.get("range"));
  const indRaw = params.get("ind");
  const indicators = useMemo(() => parseIndicators(indRaw), [indRaw]);
  const instrument = useInstrument(symbol);
  const bars = useRangeBars(symbol, range);
  const signals = useSymbolSignals(symbol);

  const set = (key: string, value: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.set(key, value);
        return next;
      },
      { replace: true },
    );
  const onRange = (r: Range) => set("range", r);
  const onIndicators = (next: Set<Indicator>) => set("ind", formatIndicators(next));
  const panes = (indicators.has("rsi") ? 1 : 0) + (indicators.has("macd") ? 1 : 0);

  return (
    <article className="page">
      <PageHeader
        title={symbol}
        description={
          instrument ? (
            <>
              {instrument.name} · {instrument.asset_class}
              {instrument.sector ? ` · ${instrument.sector}` : ""} · {instrument.currency}
            </>
          ) : (
            "Daily prices"
          )
        }
        actions={
          <>
            <WatchToggle symbol={symbol} />
            {/* A slot of the badge's size, so the badge arriving moves nothing. */}
            <span className={styles.freshSlot}>{bars.data && <Freshness bars={bars.data} />}</span>
          </>
        }
      />
      <ChartControls range={range} onRange={onRange} indicators={indicators} onIndicators={onIndicators} busy={bars.isFetching} />
      {bars.isPending ? (
        <Skeleton height={MAIN_HEIGHT + panes * PANE_HEIGHT + 60} />
      ) : bars.error ? (
        <ErrorMessage error={bars.error} onRetry={() => bars.refetch()} />
      ) : !bars.data || bars.data.bars.length === 0 ? (
        <div className="empty-state">
          No prices are stored for {symbol}. <Link to="/markets">Search for another symbol</Link>.
        </div>
      ) : (
        <PriceChart symbol={symbol} bars={bars.data.bars} indicators={indicators} signals={signals.data?.signals ?? NO_SIGNALS} />
      )}
      <section className={styles.section} aria-labelledby="symbol-signals">
        <h2 id="symbol-signals">Signals on {symbol}</h2>
        <SymbolSignals query={signals} />
      </section>
    </article>
  );
}
