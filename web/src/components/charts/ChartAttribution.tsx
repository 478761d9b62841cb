/**
 * The attribution notice TradingView's lightweight-charts licence asks for,
 * shown under every chart it draws.
 */
export function ChartAttribution() {
  return (
    <figcaption className="chart-attribution">
      Charts by{" "}
      <a href="https://www.tradingview.com/" target="_blank" rel="noopener noreferrer">
        TradingView
      </a>{" "}
      lightweight-charts
    </figcaption>
  );
}
