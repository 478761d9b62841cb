import { fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { jsonResponse, mockFetch } from "../../test/http";
import { renderApp } from "../../test/render";

const signedOut = () =>
  jsonResponse({ title: "Unauthorized", status: 401 }, 401, "application/problem+json");

const urlOf = (input: RequestInfo | URL) =>
  typeof input === "string" ? input : input instanceof URL ? input.href : input.url;

/** Opens /status and waits for its lazily loaded page. */
async function renderStatus() {
  const view = renderApp("/status");
  await screen.findByRole("region", { name: /Readiness/ });
  return view;
}

function panel(name: RegExp) {
  return screen.getByRole("region", { name });
}

/** The check row for `name` inside a panel: its badge and detail text. */
function checkRow(container: HTMLElement, name: string) {
  const row = within(container).getByTestId(`check-${name}`);
  const badge = row.querySelector(".badge") as HTMLElement;
  return { row, badge, detail: row.querySelector(".check-detail")?.textContent };
}

describe("System status page", () => {
  it("shows every check green when the server is ready", async () => {
    const fetch = mockFetch({
      "/api/v1/me": signedOut,
      "/healthz": () => jsonResponse({ status: "ok", version: "0.1.0" }),
      "/readyz": () =>
        jsonResponse({
          status: "ready",
          checks: {
            database: { ok: true, detail: "sqlite, 3 ms" },
            migrations: { ok: true, detail: "12 applied, 0 pending" },
            redis: { ok: true, detail: "PONG" },
          },
        }),
    });

    await renderStatus();

    const readiness = panel(/Readiness/);
    await within(readiness).findByTestId("check-database");

    const checked = fetch.mock.calls.map(([input]) => urlOf(input)).filter((u) => !u.includes("/api/"));
    expect(checked.sort()).toEqual(["/healthz", "/readyz"]);
    expect(within(readiness).getAllByRole("listitem")).toHaveLength(3);
    for (const [name, detail] of [
      ["database", "sqlite, 3 ms"],
      ["migrations", "12 applied, 0 pending"],
      ["redis", "PONG"],
    ] as const) {
      const check = checkRow(readiness, name);
      expect(check.badge.textContent).toBe("OK");
      expect(check.badge.className).toContain("badge-ok");
      expect(check.detail).toBe(detail);
    }

    const overall = within(readiness).getByText("ready");
    expect(overall.className).toContain("badge-ok");

    const liveness = panel(/Liveness/);
    const liveBadge = await within(liveness).findByText("ok");
    expect(liveBadge.className).toContain("badge-ok");
    expect(within(liveness).getByText("version").nextElementSibling?.textContent).toBe("0.1.0");
  });

  it("marks failing checks red and the server not ready", async () => {
    mockFetch({
      "/api/v1/me": signedOut,
      "/healthz": () => jsonResponse({ status: "ok" }),
      "/readyz": () =>
        jsonResponse(
          {
            status: "not_ready",
            checks: {
              database: { ok: true, detail: "postgres" },
              migrations: { ok: false, detail: "2 pending" },
              redis: { ok: false, detail: "connection refused" },
            },
          },
          503,
        ),
    });

    await renderStatus();

    const readiness = panel(/Readiness/);
    await within(readiness).findByTestId("check-redis");

    const database = checkRow(readiness, "database");
    expect(database.badge.textContent).toBe("OK");
    expect(database.badge.className).toContain("badge-ok");

    const migrations = checkRow(readiness, "migrations");
    expect(migrations.badge.textContent).toBe("Failing");
    expect(migrations.badge.className).toContain("badge-fail");
    expect(migrations.detail).toBe("2 pending");

    const redis = checkRow(readiness, "redis");
    expect(redis.badge.textContent).toBe("Failing");
    expect(redis.badge.className).toContain("badge-fail");
    expect(redis.detail).toBe("connection refused");

    const overall = within(readiness).getByText("not_ready");
    expect(overall.className).toContain("badge-fail");
  });

  it("renders whatever checks the server reports", async () => {
    mockFetch({
      "/api/v1/me": signedOut,
      "/healthz": () => jsonResponse({ status: "ok" }),
      "/readyz": () =>
        jsonResponse({ status: "ready", checks: { market_feed: { ok: true } } }),
    });

    await renderStatus();

    const readiness = panel(/Readiness/);
    const row = await within(readiness).findByTestId("check-market_feed");
    expect(row.textContent).toContain("market_feed");
    expect(within(readiness).queryByTestId("check-database")).toBeNull();
  });

  it("shows the problem details when an endpoint fails", async () => {
    mockFetch({
      "/api/v1/me": signedOut,
      "/healthz": () =>
        jsonResponse(
          { title: "Service Unavailable", status: 500, detail: "shutting down" },
          500,
          "application/problem+json",
        ),
      "/readyz": () => jsonResponse({ status: "ready", checks: {} }),
    });

    await renderStatus();

    const liveness = panel(/Liveness/);
    const alert = await within(liveness).findByRole("alert");
    expect(alert.textContent).toContain("Service Unavailable");
    expect(alert.textContent).toContain("HTTP 500");
    expect(alert.textContent).toContain("shutting down");
    expect(within(liveness).getByText("Error").className).toContain("badge-fail");

    // The other panel is unaffected.
    const readiness = panel(/Readiness/);
    expect((await within(readiness).findByText("ready")).className).toContain("badge-ok");
    expect(within(readiness).getByText("No checks reported.")).toBeTruthy();
  });

  it("says Unreachable when no response arrives", async () => {
    mockFetch({
      "/api/v1/me": signedOut,
      "/healthz": () => {
        throw new TypeError("Failed to fetch");
      },
      "/readyz": () => {
        throw new TypeError("Failed to fetch");
      },
    });

    await renderStatus();

    for (const name of [/Liveness/, /Readiness/]) {
      const region = panel(name);
      expect((await within(region).findByText("Unreachable")).className).toContain("badge-fail");
      expect(within(region).getByRole("alert").textContent).toContain("Network error");
      expect(within(region).getByRole("alert").textContent).not.toContain("HTTP");
    }
  });

  it("fetches again on Refresh", async () => {
    let redisUp = false;
    const fetch = mockFetch({
      "/api/v1/me": signedOut,
      "/healthz": () => jsonResponse({ status: "ok" }),
      "/readyz": () =>
        jsonResponse(
          { status: redisUp ? "ready" : "not_ready", checks: { redis: { ok: redisUp } } },
          redisUp ? 200 : 503,
        ),
    });

    await renderStatus();
    const readiness = panel(/Readiness/);
    expect((await within(readiness).findByText("Failing")).className).toContain("badge-fail");

    redisUp = true;
    fireEvent.click(await screen.findByRole("button", { name: "Refresh" }));

    expect((await within(readiness).findByText("OK")).className).toContain("badge-ok");
    const probes = fetch.mock.calls.filter(([input]) => !urlOf(input).includes("/api/"));
    expect(probes).toHaveLength(4);
  });
});
