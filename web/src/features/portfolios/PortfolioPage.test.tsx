import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { fakeApi, jsonResponse, me, plans, problem, type Route } from "../../test/api";
import { renderApp } from "../../test/render";

// jsdom has no canvas: the chart is checked by its label only.
vi.mock("../../components/charts/TimeChart", () => ({
  TimeChart: ({ label }: { label: string }) => <div role="img" aria-label={label} />,
}));

const detail = (over: Record<string, unknown> = {}) => ({
  id: "p1",
  name: "Long term",
  base_currency: "USD",
  created_at: 0,
  updated_at: 0,
  positions: [
    {
      symbol: "AAPL",
      quantity: "10",
      cost_basis: "1500.5",
      last_price: "190.25",
      price_time: 1_717_200_000,
      priced: true,
      market_value: "1902.5",
      unrealized_pnl: "402",
      weight: "0.655",
    },
  ],
  cash: "1000",
  cash_weight: "0.345",
  holdings_value: "1902.5",
  total_value: "2902.5",
  realized_pnl: "-12.3",
  unrealized_pnl: "402",
  dividends: "0",
  fees: "0",
  net_flows: "2500",
  unpriced: [],
  twr: "0.161",
  twr_series: [
    { date: "2024-06-03", value: "2500", flow: "2500", twr: "0" },
    { date: "2024-06-04", value: "2902.5", flow: "0", twr: "0.161" },
  ],
  ...over,
});
const tx = {
  id: "t1",
  kind: "buy",
  time: Date.UTC(2024, 5, 3),
  symbol: "AAPL",
  quantity: "10",
  price: "150",
  fee: "0.5",
  cash_effect: "-1500.5",
  created_at: 0,
};

function server(extra: Record<string, Route> = {}, over: Record<string, unknown> = {}) {
  return fakeApi({
    "GET /api/v1/me": () => jsonResponse(me({ plan: "pro" })),
    "GET /api/v1/plans": () => jsonResponse(plans()),
    "GET /api/v1/portfolios/p1": () => jsonResponse(detail(over)),
    "GET /api/v1/portfolios/p1/transactions": () => jsonResponse([tx]),
    ...extra,
  });
}

describe("Portfolio page", () => {
  it("shows positions, totals from the server, allocation, return and transactions", async () => {
    server();
    renderApp("/portfolios/p1");

    const positions = await screen.findByRole("table", { name: "Positions" });
    const aapl = within(positions).getByRole("row", { name: /AAPL/ });
    // Average cost 1500.5 / 10, price, value, unrealised P&L.
    for (const text of ["150.05", "190.25", "$1,902.50", "$402.00"]) {
      expect(within(aapl).getByText(text)).toBeTruthy();
    }
    const summary = screen.getByRole("region", { name: "Summary" });
    expect(within(summary).getByText("$2,902.50")).toBeTruthy();
    expect(within(summary).getByText("-$12.30").className).toContain("down");
    expect(within(summary).getByText("+16.10%")).toBeTruthy();

    const allocation = screen.getByRole("table", { name: "Allocation" });
    expect(within(allocation).getByRole("row", { name: /Cash/ }).textContent).toContain("34.5%");
    expect(screen.getByRole("img", { name: /Time-weighted return of Long term/ })).toBeTruthy();

    const txs = await screen.findByRole("table", { name: "Transactions" });
    expect(within(txs).getByText("2024-06-03")).toBeTruthy();
    expect(screen.getByRole("link", { name: "Export CSV" }).getAttribute("href")).toBe(
      "/api/v1/export/portfolio.csv?portfolio=p1",
    );
  });

  it("adds a transaction with the amounts as typed", async () => {
    const { sent } = server({
      "POST /api/v1/portfolios/p1/transactions": () => jsonResponse({ ...tx, id: "t2" }, 201),
    });
    renderApp("/portfolios/p1");

    fireEvent.change(await screen.findByLabelText("Date"), { target: { value: "2024-06-05" } });
    fireEvent.change(screen.getByLabelText("Side"), { target: { value: "sell" } });
    fireEvent.change(screen.getByLabelText("Symbol"), { target: { value: "aapl" } });
    fireEvent.change(screen.getByLabelText("Quantity"), { target: { value: "2.5" } });
    fireEvent.change(screen.getByLabelText("Price"), { target: { value: "0.10000001" } });
    fireEvent.change(screen.getByLabelText("Fee"), { target: { value: "1" } });
    fireEvent.click(screen.getByRole("button", { name: "Add transaction" }));

    await waitFor(() => expect(sent.some((s) => s.method === "POST")).toBe(true));
    expect(sent.find((s) => s.method === "POST")!.body).toEqual({
      time: "2024-06-05",
      kind: "sell",
      symbol: "AAPL",
      quantity: "2.5",
      price: "0.10000001",
      fee: "1",
    });
  });

  it("shows why the server refused a transaction", async () => {
    server({
      "POST /api/v1/portfolios/p1/transactions": () =>
        problem(422, null, "the sell of 20 AAPL at 2024-06-05 would exceed the 10 held then"),
    });
    renderApp("/portfolios/p1");
    fireEvent.change(await screen.findByLabelText("Symbol"), { target: { value: "AAPL" } });
    fireEvent.change(screen.getByLabelText("Quantity"), { target: { value: "20" } });
    fireEvent.change(screen.getByLabelText("Price"), { target: { value: "1" } });
    fireEvent.click(screen.getByRole("button", { name: "Add transaction" }));
    expect((await screen.findByRole("alert")).textContent).toContain("would exceed the 10 held");
  });

  it("lists every rejected row of an import and says nothing was imported", async () => {
    const { sent } = server({
      "POST /api/v1/portfolios/p1/transactions/import": () =>
        problem(422, null, "2 problem(s) found (at most 200 listed); nothing was stored", {
          extensions: {
            errors: [
              { line: 3, reason: "quantity: not a decimal" },
              { line: null, reason: "the sell of 5 MSFT at 2024-01-02 would exceed the 0 held then" },
            ],
          },
        }),
    });
    renderApp("/portfolios/p1");

    const file = new File(["date,symbol,side,quantity,price,fee\n"], "book.csv", { type: "text/csv" });
    fireEvent.change(await screen.findByLabelText("Import CSV"), { target: { files: [file] } });

    const rejected = await screen.findByRole("table", { name: "Rejected rows" });
    const rows = within(rejected).getAllByRole("row").slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([
      "3quantity: not a decimal",
      "—An existing transaction: the sell of 5 MSFT at 2024-01-02 would exceed the 0 held then",
    ]);
    expect(screen.getByText("Nothing was imported.")).toBeTruthy();
    const post = sent.find((s) => s.path.endsWith("/import"))!;
    expect(post.contentType).toBe("text/csv");
    expect(post.body).toBe("date,symbol,side,quantity,price,fee\n");
  });

  it("reports a successful import", async () => {
    server({
      "POST /api/v1/portfolios/p1/transactions/import": () => jsonResponse({ imported: 12 }, 201),
    });
    renderApp("/portfolios/p1");
    const file = new File(["x"], "book.csv", { type: "text/csv" });
    fireEvent.change(await screen.findByLabelText("Import CSV"), { target: { files: [file] } });
    expect(await screen.findByText("Imported 12 transactions.")).toBeTruthy();
  });

  it("deletes a transaction only after confirmation", async () => {
    let list = [tx];
    const { sent } = server({
      "GET /api/v1/portfolios/p1/transactions": () => jsonResponse(list),
      "DELETE /api/v1/portfolios/p1/transactions/t1": () => {
        list = [];
        return new Response(null, { status: 204 });
      },
    });
    renderApp("/portfolios/p1");

    fireEvent.click(await screen.findByRole("button", { name: "Delete Buy AAPL of 2024-06-03" }));
    expect(sent.some((s) => s.method === "DELETE")).toBe(false);
    fireEvent.click(screen.getByRole("button", { name: "Confirm delete" }));
    expect(await screen.findByText("No transactions yet.")).toBeTruthy();
  });

  it("keeps a paper portfolio's transactions read-only", async () => {
    server({}, { follows: { strategy: "sma_cross", stake: "10000", after_seq: 4 } });
    renderApp("/portfolios/p1");
    expect(await screen.findByText(/Paper portfolio following SMA cross/)).toBeTruthy();
    await screen.findByRole("table", { name: "Transactions" });
    expect(screen.queryByRole("button", { name: "Add transaction" })).toBeNull();
    expect(screen.queryByLabelText("Import CSV")).toBeNull();
    expect(screen.queryByRole("button", { name: /^Delete/ })).toBeNull();
  });

  it("shows the server's detail for an unknown portfolio", async () => {
    fakeApi({
      "GET /api/v1/me": () => jsonResponse(me({ plan: "pro" })),
      "GET /api/v1/portfolios/p1": () => problem(404, null, "no portfolio of yours has this id"),
    });
    renderApp("/portfolios/p1");
    expect((await screen.findByRole("alert")).textContent).toContain("no portfolio of yours has this id");
  });
});
