import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { fakeApi, jsonResponse, me, plans, problem } from "../../test/api";
import { renderApp } from "../../test/render";

vi.mock("../../components/charts/TimeChart", () => ({
  TimeChart: ({ label }: { label: string }) => <div role="img" aria-label={label} />,
}));

// A deployment whose Pro plan backtests 25 symbols at once (the default is 20).
const plansBody = () => jsonResponse(plans({ pro: { backtest_symbols: 25 } }));

const run = (over: Record<string, unknown> = {}) => ({
  id: "b1",
  status: "done",
  progress: { done: 2, total: 2 },
  request: { strategy: "rsi_reversion", symbols: ["AAPL", "MSFT"] },
  created_at: Date.UTC(2024, 5, 1),
  ...over,
});

describe("Backtests page", () => {
  it("tells a Free user they see public results only, with a link to upgrade", async () => {
    fakeApi({
      "GET /api/v1/me": () => jsonResponse(me({ plan: "free" })),
      "GET /api/v1/plans": plansBody,
      "GET /api/v1/backtests": () => jsonResponse([]),
    });
    renderApp("/backtests");
    expect(await screen.findByText("Your plan shows the public backtest results only.")).toBeTruthy();
    expect(screen.getByRole("link", { name: "upgrade to Pro" }).getAttribute("href")).toBe("/plan");
    expect(screen.queryByRole("button", { name: "Run backtest" })).toBeNull();
    expect(await screen.findByText("No backtests yet.")).toBeTruthy();
  });

  it("lists past runs with their status", async () => {
    fakeApi({
      "GET /api/v1/me": () => jsonResponse(me({ plan: "pro" })),
      "GET /api/v1/plans": plansBody,
      "GET /api/v1/backtests": () =>
        jsonResponse([run(), run({ id: "b2", status: "failed", request: { strategy: "ml", symbols: ["X"] } })]),
    });
    renderApp("/backtests");
    const table = await screen.findByRole("table", { name: "Past backtests" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows[0]?.textContent).toContain("RSI reversion");
    expect(rows[0]?.textContent).toContain("AAPL, MSFT");
    expect(rows[0]?.textContent).toContain("Done");
    expect(rows[1]?.textContent).toContain("Failed");
    expect(within(rows[0]!).getByRole("link").getAttribute("href")).toBe("/backtests/b1");
  });

  it("runs a backtest and opens it", async () => {
    const { sent } = fakeApi({
      "GET /api/v1/me": () => jsonResponse(me({ plan: "pro" })),
      "GET /api/v1/plans": plansBody,
      "GET /api/v1/backtests": () => jsonResponse([]),
      "POST /api/v1/backtests": () => jsonResponse(run({ id: "new1", status: "queued" }), 202),
      "GET /api/v1/backtests/new1": () => jsonResponse(run({ id: "new1", status: "queued", progress: { done: 0, total: 2 } })),
    });
    renderApp("/backtests");

    fireEvent.change(await screen.findByLabelText("Strategy"), { target: { value: "sma_cross" } });
    fireEvent.change(screen.getByLabelText("Symbols"), { target: { value: "aapl, msft aapl" } });
    fireEvent.change(screen.getByLabelText("From"), { target: { value: "2020-01-01" } });
    fireEvent.change(screen.getByLabelText("To"), { target: { value: "2023-12-31" } });
    fireEvent.change(screen.getByLabelText("Fill"), { target: { value: "close" } });
    fireEvent.change(screen.getByLabelText("Fees (bps per side)"), { target: { value: "5" } });
    fireEvent.change(screen.getByLabelText("Variants tried"), { target: { value: "12" } });
    fireEvent.change(screen.getByLabelText("fast"), { target: { value: "5" } });
    fireEvent.click(screen.getByRole("button", { name: "Run backtest" }));

    expect(await screen.findByRole("status", { name: "Backtest status" })).toBeTruthy();
    const body = sent.find((s) => s.method === "POST")!.body;
    expect(body).toEqual({
      strategy: "sma_cross",
      symbols: ["AAPL", "MSFT"],
      from: "2020-01-01",
      to: "2023-12-31",
      fill: "close",
      fees_bps: 5,
      variants: 12,
      params: { fast: 5 },
    });
  });

  it("holds back more symbols than the plan allows and shows the server's refusals", async () => {
    fakeApi({
      "GET /api/v1/me": () => jsonResponse(me({ plan: "pro" })),
      "GET /api/v1/plans": plansBody,
      "GET /api/v1/backtests": () => jsonResponse([]),
      "POST /api/v1/backtests": () => problem(429, null, "2 of your backtests are already waiting or running"),
    });
    renderApp("/backtests");

    const symbols = await screen.findByLabelText("Symbols");
    const many = Array.from({ length: 26 }, (_, i) => `S${i}`).join(",");
    fireEvent.change(symbols, { target: { value: many } });
    expect(screen.getByText("Your plan backtests at most 25 symbols at once.")).toBeTruthy();
    expect((screen.getByRole("button", { name: "Run backtest" }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.change(symbols, { target: { value: "AAPL" } });
    fireEvent.click(screen.getByRole("button", { name: "Run backtest" }));
    await waitFor(() => expect(screen.getByRole("alert").textContent).toContain("already waiting or running"));
  });
});
