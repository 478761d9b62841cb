import { fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { fakeApi, jsonResponse, me, problem } from "../../test/api";
import { renderApp } from "../../test/render";
import { sampleResult } from "./fixtures";

vi.mock("../../components/charts/TimeChart", () => ({
  TimeChart: ({ label }: { label: string }) => <div role="img" aria-label={label} />,
}));

const base = {
  id: "b1",
  request: { strategy: "sma_cross", symbols: ["AAPL"] },
  created_at: Date.UTC(2024, 5, 1),
};

describe("Backtest page", () => {
  it("follows a run from queued through running to its report", async () => {
    const states = [
      { status: "queued", progress: { done: 0, total: 1 } },
      { status: "running", progress: { done: 0, total: 1 } },
      { status: "done", progress: { done: 1, total: 1 }, result: sampleResult, finished_at: Date.UTC(2024, 5, 1, 0, 5) },
    ];
    let call = 0;
    fakeApi({
      "GET /api/v1/me": () => jsonResponse(me({ plan: "pro" })),
      "GET /api/v1/backtests": () => jsonResponse([]),
      "GET /api/v1/backtests/b1": () => jsonResponse({ ...base, ...states[Math.min(call++, 2)] }),
    });
    renderApp("/backtests/b1");

    const status = await screen.findByRole("status", { name: "Backtest status" });
    expect(status.textContent).toContain("Queued");
    // The page polls every POLL_MS while the run waits or runs.
    expect(await within(status).findByText("Running")).toBeTruthy();
    expect(await screen.findByRole("heading", { name: "Equity" })).toBeTruthy();
    expect(status.textContent).toContain("Done");

    expect(screen.getByRole("heading", { name: "Drawdown" })).toBeTruthy();
    expect(screen.getByRole("img", { name: /Equity of sma_cross on AAPL/ })).toBeTruthy();
    expect(screen.getByText("-20.00%")).toBeTruthy();

    const metrics = screen.getByRole("heading", { name: "Metrics" }).closest("section")!;
    expect(metrics.textContent).toContain("12 variants tried");
    const stat = (name: string) => within(metrics).getByText(name, { selector: "dt" }).nextElementSibling?.textContent;
    expect(stat("Probabilistic Sharpe")).toBe("91.0%");
    expect(stat("Deflated Sharpe")).toBe("42.0%");
    expect(stat("Sharpe")).toBe("1.1");
    expect(stat("Variants tried")).toBe("12");

    const perSymbol = screen.getByRole("table", { name: "Per symbol" });
    const aapl = within(perSymbol).getByRole("row", { name: /AAPL/ });
    expect(aapl.textContent).toContain("25.00%");
    expect(aapl.textContent).toContain("40.00%");
    expect(screen.getByRole("button", { name: "Download equity (CSV)" })).toBeTruthy();
  });

  it("says why a run failed", async () => {
    fakeApi({
      "GET /api/v1/me": () => jsonResponse(me({ plan: "pro" })),
      "GET /api/v1/backtests": () => jsonResponse([]),
      "GET /api/v1/backtests/b1": () =>
        jsonResponse({ ...base, status: "failed", progress: { done: 0, total: 1 }, error: "ZZZZ: no daily bars stored" }),
    });
    renderApp("/backtests/b1");
    const status = await screen.findByRole("status", { name: "Backtest status" });
    expect(status.textContent).toContain("Failed");
    expect(status.textContent).toContain("ZZZZ: no daily bars stored");
    expect(screen.queryByRole("heading", { name: "Equity" })).toBeNull();
  });

  it("shows the problem detail for an unknown backtest", async () => {
    fakeApi({
      "GET /api/v1/me": () => jsonResponse(me({ plan: "pro" })),
      "GET /api/v1/backtests/b1": () => problem(404, null, "no backtest of yours has this id"),
    });
    renderApp("/backtests/b1");
    expect((await screen.findByRole("alert")).textContent).toContain("no backtest of yours has this id");
  });

  it("downloads the report's equity as CSV", async () => {
    fakeApi({
      "GET /api/v1/me": () => jsonResponse(me({ plan: "pro" })),
      "GET /api/v1/backtests": () => jsonResponse([]),
      "GET /api/v1/backtests/b1": () =>
        jsonResponse({ ...base, status: "done", progress: { done: 1, total: 1 }, result: sampleResult }),
    });
    // jsdom has no object URLs: record the file instead.
    const blobs: Blob[] = [];
    URL.createObjectURL = (b: Blob) => {
      blobs.push(b);
      return "blob:x";
    };
    URL.revokeObjectURL = () => {};
    try {
      renderApp("/backtests/b1");
      fireEvent.click(await screen.findByRole("button", { name: "Download equity (CSV)" }));
      expect(blobs).toHaveLength(1);
      expect(blobs[0]?.type).toBe("text/csv");
    } finally {
      Reflect.deleteProperty(URL, "createObjectURL");
      Reflect.deleteProperty(URL, "revokeObjectURL");
    }
  });
});
