import { useMemo } from "react";
import { TimeChart, type SeriesSpec } from "../../../components/charts/TimeChart";
import type { PortfolioDetail } from "../api/portfolios";

/** `YYYY-MM-DD` (UTC) as Unix seconds of its midnight. */
function day(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / 1000;
}

/** The daily time-weighted return (in %) over the portfolio's value on a pane below. */
export function ReturnChart({ detail }: { detail: PortfolioDetail }) {
  const series = useMemo<SeriesSpec[]>(() => {
    const pts = detail.twr_series.filter((p) => Number.isFinite(day(p.date)));
    return [
      {
        id: "twr",
        label: "Return %",
        kind: "area",
        color: "accent",
        data: pts.map((p) => ({ time: day(p.date), value: Number(p.twr) * 100 })),
      },
      {
        id: "value",
        label: "Value",
        kind: "line",
        color: "series2",
        pane: 1,
        data: pts.map((p) => ({ time: day(p.date), value: Number(p.value) })),
      },
    ];
  }, [detail.twr_series]);

  if (detail.twr_series.length < 2) {
    return (
      <p className="empty-state">
        The return chart appears once the portfolio has two days of history with prices.
      </p>
    );
  }
  return (
    <TimeChart
      label={`Time-weighted return of ${detail.name} by day, in percent, with its value below`}
      series={series}
      height={280}
      paneHeight={120}
    />
  );
}
