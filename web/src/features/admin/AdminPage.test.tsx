import { screen, within } from "@testing-library/react";
import { beforeAll, describe, expect, it } from "vitest";
import { fakeApi, jsonResponse, plans, problem } from "../../test/api";
import { renderApp } from "../../test/render";
import { adminUser } from "./fixtures";

const TRADER = adminUser({ id: "0190a0b0-0000-7000-8000-00000000000b", email: "trader@example.com", role: "user", plan: "free" });

describe("admin area", () => {
  // Load the lazily routed page once up front: on a busy machine the first
  // import can outlast a query's default timeout.
  beforeAll(async () => {
    await import("./AdminPage");
  });

  it("never shows admin content to a non-admin, nor asks the admin API", async () => {
    const api = fakeApi({ "GET /api/v1/me": () => jsonResponse(adminUser({ role: "user" })) });
    renderApp("/admin/users");
    expect((await screen.findByRole("alert")).textContent).toContain("Forbidden");
    expect(screen.queryByRole("table", { name: "Users" })).toBeNull();
    expect(screen.queryByRole("navigation", { name: "Admin sections" })).toBeNull();
    expect(api.seen().filter((r) => r.includes("/admin/"))).toEqual([]);
  });

  it("opens on Users, with a tab per section", async () => {
    fakeApi({
      "GET /api/v1/me": () => jsonResponse(adminUser()),
      "GET /api/v1/admin/users": () => jsonResponse([adminUser(), TRADER]),
      "GET /api/v1/admin/audit": () => jsonResponse([]),
      "GET /api/v1/plans": () => jsonResponse(plans()),
    });
    renderApp("/admin");
    const table = await screen.findByRole("table", { name: "Users" });
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
    fakeApi({
      "GET /api/v1/me": () => jsonResponse(adminUser()),
      "GET /api/v1/admin/users": () => problem(500, null, "database is locked"),
      "GET /api/v1/admin/audit": () => jsonResponse([]),
      "GET /api/v1/plans": () => jsonResponse(plans()),
    });
    renderApp("/admin/users");
    expect((await screen.findByRole("alert")).textContent).toContain("database is locked");
  });
});
