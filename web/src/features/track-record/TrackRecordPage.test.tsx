import { fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { jsonResponse, mockFetch } from "../../test/http";
import { renderApp } from "../../test/render";
import type { TrackStats } from "./api";

// jsdom has no canvas: the chart is replaced by its accessible label.
vi.mock("../../components/charts/TimeChart", () => ({
  TimeChart: ({ label, series }: { label: string; series: { data: { time: number }[] }[] }) => (
    <div role="img" aria-label={label} data-points={series[0]?.data.map((p) => p.time).join(",")} />
  ),
}));

const signedOut = () => jsonResponse({ title: "Unauthorized", status: 401 }, 401, "application/problem+json");

function buckets(counts: number[], hit: number) {
  return counts.map((count, i) => ({
    lower: i / 10,
    upper: (i + 1) / 10,
    count,
    mean_probability: count ? i / 10 + 0.05 : null,
    hit_rate: count ? hit : null,
  }));
}

function stats(graded: number, counts: number[], brier: number): TrackStats {
  return {
    signals: graded + 2,
    graded,
    wins: Math.round(graded / 2),
    win_rate: 0.5,
    target_hits: 3,
    average_return: 0.0123,
    median_return: -0.004,
    sharpe: 0.21,
    max_drawdown: 0.08,
    total_return: 0.4,
    calibration: {
      predictions: graded,
      positives: 3,
      base_rate: 0.3,
      brier,
      brier_base_rate: 0.21,
      brier_skill: 1 - brier / 0.21,
      log_loss: 0.6,
      buckets: buckets(counts, 0.4),
    },
    // Two signals exit on one bar: the chart gets one point there, the later total.
    equity: [
      { time: 100, equity: 0.01 },
      { time: 200, equity: 0.02 },
      { time: 200, equity: 0.05 },
      { time: 300, equity: 0.4 },
    ],
  };
}

const full = {
  strategies: [
    {
      strategy: "rsi_reversion",
      live: {
        live_since: "2026-03-02T10:00:00.000Z",
        stats: stats(10, [0, 0, 4, 6, 0, 0, 0, 0, 0, 0], 0.2),
        versions: [{ model_version: "abcdef1234567890", live_since: "2026-03-02T10:00:00.000Z", signals: 12, graded: 10, win_rate: 0.5, average_return: 0.0123 }],
      },
      backtest: {
        computed_at: "2026-03-05T00:00:00.000Z",
        report: { first_signal_bar: 946684800, last_signal_bar: 1356998400, model_versions: 1, symbols: ["AAPL", "MSFT"], stats: stats(215, [1, 3, 62, 110, 36, 3, 0, 0, 0, 0], 0.23) },
      },
    },
  ],
};

async function open(path = "/track-record?strategy=rsi_reversion") {
  renderApp(path);
  return screen.findByRole("heading", { name: "Live" });
}

describe("Track record page", () => {
  it("shows live and backtest in separate labelled panels, with the live start date", async () => {
    const fetch = mockFetch({ "/api/v1/me": signedOut, "/api/v1/track-record": () => jsonResponse(full) });
    await open();
    const asked = fetch.mock.calls.map(([r]) => (r as Request).url).find((u) => u.includes("track-record"));
    expect(asked).toContain("strategy=rsi_reversion");
    const live = screen.getByRole("region", { name: "Live" });
    const backtest = screen.getByRole("region", { name: "Backtest" });
    expect(within(live).getByText(/Live since Mar 2, 2026/)).toBeTruthy();
    expect(within(live).getByText("Graded", { selector: "dt" }).nextElementSibling?.textContent).toBe("10");
    expect(within(backtest).getByText("Graded", { selector: "dt" }).nextElementSibling?.textContent).toBe("215");
    expect(within(backtest).getByText(/2 symbols/)).toBeTruthy();
    expect(within(live).getByText("Brier score", { selector: "dt" }).nextElementSibling?.textContent).toBe("0.2");
    expect(within(live).getByRole("img", { name: /Live equity curve/ }).getAttribute("data-points")).toBe("100,200,300");
    expect(within(live).getByText("abcdef1234")).toBeTruthy();
    expect((screen.getByRole("combobox", { name: "Strategy" }) as HTMLSelectElement).value).toBe("rsi_reversion");
  });

  it("draws calibration with its diagonal and gives every bucket count in a table", async () => {
    mockFetch({ "/api/v1/me": signedOut, "/api/v1/track-record": () => jsonResponse(full) });
    await open();
    const figure = screen.getByRole("figure", { name: "Calibration" });
    expect(figure.querySelector("svg line[class*=diagonal]")).toBeTruthy();
    expect(figure.querySelectorAll("svg circle")).toHaveLength(2);
    expect(figure.querySelectorAll("svg rect")).toHaveLength(6);
    const row = within(figure).getByRole("rowheader", { name: "30%–40%" }).closest("tr")!;
    const cells = within(row).getAllByRole("cell").map((c) => c.textContent);
    expect(cells).toEqual(["6", "35.0%", "40.0%", "110", "35.0%", "40.0%"]);
    expect(within(figure).getByText(/Live: Brier 0.2 /)).toBeTruthy();
  });

  it("explains a fresh install with nothing graded, keeping both sides labelled", async () => {
    mockFetch({
      "/api/v1/me": signedOut,
      "/api/v1/track-record": () => jsonResponse({ strategies: [{ strategy: "sma_cross", live: null, backtest: null }] }),
    });
    await open("/track-record");
    expect(screen.getByText(/No record yet for SMA cross/)).toBeTruthy();
    expect(screen.getByText(/Live records start with the first signal/)).toBeTruthy();
    expect(screen.getByRole("heading", { name: "Backtest" })).toBeTruthy();
    expect(screen.getByRole("figure", { name: "Calibration" }).textContent).toContain("No graded signals yet");
  });

  it("says how many live signals await grading", async () => {
    const pending = { live_since: "2026-03-02T10:00:00.000Z", stats: { ...stats(0, [], 0), graded: 0, signals: 3, calibration: null, equity: [] }, versions: [] };
    mockFetch({
      "/api/v1/me": signedOut,
      "/api/v1/track-record": () => jsonResponse({ strategies: [{ strategy: "sma_cross", live: pending, backtest: null }] }),
    });
    await open("/track-record");
    expect(screen.getByText(/3 live signals issued since .* none graded yet/)).toBeTruthy();
  });

  it("shows the server's refusal of the CSV", async () => {
    mockFetch({
      "/api/v1/me": signedOut,
      "/api/v1/track-record": () => jsonResponse(full),
      "/api/v1/export/track-record.csv": () =>
        jsonResponse({ title: "Forbidden", status: 403, detail: "Your plan does not include CSV export." }, 403, "application/problem+json"),
    });
    await open();
    fireEvent.click(screen.getByRole("button", { name: "Download CSV" }));
    const alert = await screen.findByText(/Your plan does not include CSV export/);
    expect(alert.closest("[role=alert]")).toBeTruthy();
  });

  it("shows an error with a retry when the record cannot be read", async () => {
    mockFetch({
      "/api/v1/me": signedOut,
      "/api/v1/track-record": () => jsonResponse({ title: "Bad Request", status: 400, detail: "strategy \"x\"" }, 400, "application/problem+json"),
    });
    renderApp("/track-record");
    expect((await screen.findByRole("alert")).textContent).toContain("strategy");
    expect(screen.getByRole("button", { name: "Try again" })).toBeTruthy();
  });
});
