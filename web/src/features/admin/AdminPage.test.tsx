import { configure, screen, within } from "@testing-library/react";
import { beforeAll, describe, expect, it } from "vitest";
import { jsonResponse } from "../../test/http";
import { renderApp } from "../../test/render";
import { meView, PLANS, problem, seen, stubApi } from "./testing";

// Generous waits: these pages load lazily, and CI machines are often busy.
configure({ asyncUtilTimeout: 5000 });

const TRADER = meView({ id: "0190a0b0-0000-7000-8000-00000000000b", email: "trader@example.com", role: "user", plan: "free" });

describe("admin area", { timeout: 20_000 }, () => {
  // Load the lazily routed page once up front: on a busy machine the first
  // import can outlast a query's default timeout.
  beforeAll(async () => {
    await import("./AdminPage");
  }, 30_000);

  it("never shows admin content to a non-admin, nor asks the admin API", async () => {
    const fn = stubApi((_req, url) =>
      url.pathname === "/api/v1/me" ? jsonResponse(meView({ role: "user" })) : undefined,
    );
    renderApp("/admin/users");
    expect((await screen.findByRole("alert")).textContent).toContain("Forbidden");
    expect(screen.queryByRole("table", { name: "Users" })).toBeNull();
    expect(screen.queryByRole("navigation", { name: "Admin sections" })).toBeNull();
    expect(seen(fn).filter((r) => r.includes("/admin/"))).toEqual([]);
  });

  it("opens on Users, with a tab per section", async () => {
    stubApi((_req, url) => {
      switch (url.pathname) {
        case "/api/v1/me":
          return jsonResponse(meView());
        case "/api/v1/admin/users":
          return jsonResponse([meView(), TRADER]);
        case "/api/v1/admin/audit":
          return jsonResponse([]);
        case "/api/v1/plans":
          return jsonResponse(PLANS);
      }
    });
    renderApp("/admin");
    // The first render loads the lazy page chunk, which can take a while in the test runner.
    const table = await screen.findByRole("table", { name: "Users" }, { timeout: 5000 });
    const tabs = screen.getByRole("navigation", { name: "Admin sections" });
    expect(within(tabs).getAllByRole("link").map((a) => a.textContent)).toEqual([
      "Users",
      "Audit log",
      "Jobs",
      "Providers",
      "Mailbox",
    ]);
    expect(within(tabs).getByRole("link", { name: "Users" }).getAttribute("aria-current")).toBe("page");
    await within(table).findByRole("button", { name: "Disable trader@example.com" });
    // Operators cannot demote or disable themselves from here.
    expect((within(table).getByRole("combobox", { name: "Role for admin@example.com" }) as HTMLSelectElement).disabled).toBe(true);
    expect(within(table).queryByRole("button", { name: "Disable admin@example.com" })).toBeNull();
  });

  it("shows the server's problem when the users cannot be listed", async () => {
    stubApi((_req, url) => {
      if (url.pathname === "/api/v1/me") return jsonResponse(meView());
      if (url.pathname === "/api/v1/admin/users") return problem(500, "Internal Server Error", "database is locked");
      if (url.pathname === "/api/v1/admin/audit") return jsonResponse([]);
      if (url.pathname === "/api/v1/plans") return jsonResponse(PLANS);
    });
    renderApp("/admin/users");
    expect((await screen.findByRole("alert")).textContent).toContain("database is locked");
  });
});
