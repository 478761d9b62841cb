import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { fakeApi, jsonResponse, me, plans, problem } from "../../test/api";
import { renderApp } from "../../test/render";

const long = { id: "p1", name: "Long term", base_currency: "USD", created_at: 0, updated_at: 0 };
const detail = (over: Record<string, unknown> = {}) => ({
  ...long,
  positions: [],
  cash: "1000",
  holdings_value: "11345.6",
  total_value: "12345.6",
  realized_pnl: "0",
  unrealized_pnl: "0",
  dividends: "0",
  fees: "0",
  net_flows: "10000",
  unpriced: [],
  twr: "0.1234",
  twr_series: [],
  ...over,
});

describe("Portfolios page", () => {
  it("lists each portfolio with its value and return, and stops a Free user at the limit", async () => {
    fakeApi({
      "GET /api/v1/me": () => jsonResponse(me({ plan: "free" })),
      "GET /api/v1/plans": () => jsonResponse(plans()),
      "GET /api/v1/portfolios": () => jsonResponse([long]),
      "GET /api/v1/portfolios/p1": () => jsonResponse(detail()),
    });
    renderApp("/portfolios");

    const table = await screen.findByRole("table", { name: "Portfolios" });
    const row = within(table).getByRole("row", { name: /Long term/ });
    await within(row).findByText("$12,345.60");
    expect(within(row).getByText("+12.34%")).toBeTruthy();
    expect(await screen.findByText(/1 of 1 portfolios/)).toBeTruthy();
    const upgrade = screen.getAllByRole("link", { name: /upgrade your plan/i });
    expect(upgrade[0]?.getAttribute("href")).toBe("/plan");
    expect(screen.queryByRole("button", { name: "Create portfolio" })).toBeNull();
  });

  it("creates a portfolio and shows it in the list", async () => {
    let list = [long];
    const { sent } = fakeApi({
      "GET /api/v1/me": () => jsonResponse(me({ plan: "pro" })),
      "GET /api/v1/plans": () => jsonResponse(plans()),
      "GET /api/v1/portfolios": () => jsonResponse(list),
      "GET /api/v1/portfolios/p1": () => jsonResponse(detail()),
      "GET /api/v1/portfolios/p2": () => jsonResponse(detail({ id: "p2", name: "Income", total_value: "0", twr: null })),
      "POST /api/v1/portfolios": () => {
        list = [...list, { ...long, id: "p2", name: "Income" }];
        return jsonResponse({ ...long, id: "p2", name: "Income" }, 201);
      },
    });
    renderApp("/portfolios");

    expect(await screen.findByText("1 of 10 portfolios")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Portfolio name"), { target: { value: " Income " } });
    fireEvent.click(screen.getByRole("button", { name: "Create portfolio" }));

    expect(await screen.findByRole("link", { name: "Income" })).toBeTruthy();
    const post = sent.find((s) => s.method === "POST");
    expect(post!.body).toEqual({ name: "Income" });
    expect(await screen.findByText("2 of 10 portfolios")).toBeTruthy();
  });

  it("creates a paper portfolio that follows a strategy", async () => {
    const { sent } = fakeApi({
      "GET /api/v1/me": () => jsonResponse(me({ plan: "pro" })),
      "GET /api/v1/plans": () => jsonResponse(plans()),
      "GET /api/v1/portfolios": () => jsonResponse([]),
      "POST /api/v1/portfolios": () =>
        jsonResponse({ ...long, follows: { strategy: "macd_trend", stake: "500", after_seq: 0 } }, 201),
    });
    renderApp("/portfolios");

    expect(await screen.findByText(/No portfolios yet/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Portfolio name"), { target: { value: "MACD paper" } });
    fireEvent.change(screen.getByLabelText("Follows a strategy"), { target: { value: "macd_trend" } });
    fireEvent.change(screen.getByLabelText("Stake per signal (USD)"), { target: { value: "500" } });
    fireEvent.click(screen.getByRole("button", { name: "Create portfolio" }));

    await waitFor(() => expect(sent.some((s) => s.method === "POST")).toBe(true));
    expect(sent.find((s) => s.method === "POST")!.body).toEqual({
      name: "MACD paper",
      follow: { strategy: "macd_trend", stake: "500" },
    });
  });

  it("shows the server's reason when creating is refused", async () => {
    fakeApi({
      "GET /api/v1/me": () => jsonResponse(me({ plan: "pro" })),
      "GET /api/v1/plans": () => jsonResponse(plans()),
      "GET /api/v1/portfolios": () => jsonResponse([]),
      "POST /api/v1/portfolios": () => problem(400, null, "name: no control characters"),
    });
    renderApp("/portfolios");
    await screen.findByText(/No portfolios yet/);
    fireEvent.change(screen.getByLabelText("Portfolio name"), { target: { value: "x" } });
    fireEvent.click(screen.getByRole("button", { name: "Create portfolio" }));
    expect((await screen.findByRole("alert")).textContent).toContain("name: no control characters");
  });

  it("renames and, after confirmation, deletes a portfolio", async () => {
    let list = [long];
    const { sent } = fakeApi({
      "GET /api/v1/me": () => jsonResponse(me({ plan: "pro" })),
      "GET /api/v1/plans": () => jsonResponse(plans()),
      "GET /api/v1/portfolios": () => jsonResponse(list),
      "GET /api/v1/portfolios/p1": () => jsonResponse(detail({ name: list[0]?.name })),
      "PATCH /api/v1/portfolios/p1": ({ body }) => {
        list = [{ ...long, name: (body as { name: string }).name }];
        return jsonResponse(list[0]);
      },
      "DELETE /api/v1/portfolios/p1": () => {
        list = [];
        return new Response(null, { status: 204 });
      },
    });
    renderApp("/portfolios");

    fireEvent.click(await screen.findByRole("button", { name: "Rename Long term" }));
    fireEvent.change(screen.getByLabelText("New name for Long term"), { target: { value: "Core" } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByRole("link", { name: "Core" })).toBeTruthy();

    fireEvent.click(screen.getByRole("button", { name: "Delete Core" }));
    expect(sent.some((s) => s.method === "DELETE")).toBe(false);
    fireEvent.click(screen.getByRole("button", { name: "Yes, delete Core" }));
    expect(await screen.findByText(/No portfolios yet/)).toBeTruthy();
    expect(sent.filter((s) => s.method === "DELETE")).toHaveLength(1);
  });

  it("shows the problem detail when the list cannot be read", async () => {
    fakeApi({
      "GET /api/v1/me": () => jsonResponse(me({ plan: "pro" })),
      "GET /api/v1/plans": () => jsonResponse(plans()),
      "GET /api/v1/portfolios": () => problem(500, null, "database unavailable"),
    });
    renderApp("/portfolios");
    expect((await screen.findByRole("alert")).textContent).toContain("database unavailable");
  });
});
