import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { fakeApi, jsonResponse, plans, problem } from "../../../test/api";
import { renderWithProviders } from "../../../test/render";
import { adminUser } from "../fixtures";
import { UsersTab } from "./UsersTab";

const ME = adminUser();
const TRADER_ID = "0190a0b0-0000-7000-8000-00000000000b";

/** A tiny server: users whose plan and disabled state the PUTs change. */
function server() {
  const trader = adminUser({ id: TRADER_ID, email: "trader@example.com", role: "user", plan: "free" });
  const bodies: unknown[] = [];
  const api = fakeApi((_req, url, sent) => {
    const path = url.pathname;
    if (path === "/api/v1/me") return jsonResponse(ME);
    if (path === "/api/v1/plans") return jsonResponse(plans());
    if (path === "/api/v1/admin/users") return jsonResponse([ME, { ...trader }]);
    if (sent.method === "PUT" && path === `/api/v1/admin/users/${TRADER_ID}/plan`) {
      const body = sent.body as { plan: string };
      bodies.push(body);
      trader.plan = body.plan;
      return jsonResponse({ status: "ok" });
    }
    if (sent.method === "PUT" && path === `/api/v1/admin/users/${TRADER_ID}/disabled`) {
      const body = sent.body as { disabled: boolean };
      bodies.push(body);
      trader.disabled = body.disabled;
      return jsonResponse({ status: "ok" });
    }
    if (sent.method === "PUT" && path === `/api/v1/admin/users/${TRADER_ID}/role`) {
      return problem(404, null, "no such user");
    }
  });
  return { api, bodies };
}

const usersTable = () => screen.findByRole("table", { name: "Users" });

describe("users tab", () => {
  it("lists accounts with their role, plan, verification, access and creation", async () => {
    server();
    renderWithProviders(<UsersTab />, "/admin/users");
    const table = await usersTable();
    const row = within(table).getByRole("rowheader", { name: "trader@example.com" }).closest("tr")!;
    expect((within(row).getByRole("combobox", { name: "Plan for trader@example.com" }) as HTMLSelectElement).value).toBe("free");
    expect((within(row).getByRole("combobox", { name: "Role for trader@example.com" }) as HTMLSelectElement).value).toBe("user");
    expect(within(row).getByText("Verified")).toBeTruthy();
    await within(row).findByText("Active");
  });

  it("changes a plan with the right request, then shows the row as the server has it", async () => {
    const { api, bodies } = server();
    renderWithProviders(<UsersTab />, "/admin/users");
    const table = await usersTable();
    const select = within(table).getByRole("combobox", { name: "Plan for trader@example.com" }) as HTMLSelectElement;
    const before = api.seen().filter((r) => r.startsWith("GET /api/v1/admin/users")).length;

    fireEvent.change(select, { target: { value: "quant" } });

    await screen.findByText("Saved: plan of trader@example.com set to quant.");
    expect(bodies).toEqual([{ plan: "quant" }]);
    expect(api.seen()).toContain(`PUT /api/v1/admin/users/${TRADER_ID}/plan`);
    // The list was read again, and the row shows what the server now says.
    expect(api.seen().filter((r) => r.startsWith("GET /api/v1/admin/users")).length).toBe(before + 1);
    await waitFor(() => expect(select.value).toBe("quant"));
    expect(select.disabled).toBe(false);
  });

  it("disables an account only after confirmation, then offers to enable it", async () => {
    const { bodies } = server();
    renderWithProviders(<UsersTab />, "/admin/users");
    const table = await usersTable();

    fireEvent.click(await within(table).findByRole("button", { name: "Disable trader@example.com" }));
    expect(bodies).toEqual([]);
    fireEvent.click(within(table).getByRole("button", { name: "Cancel" }));
    expect(bodies).toEqual([]);

    fireEvent.click(within(table).getByRole("button", { name: "Disable trader@example.com" }));
    fireEvent.click(within(table).getByRole("button", { name: "Confirm disable trader@example.com" }));

    await within(table).findByRole("button", { name: "Enable trader@example.com" });
    expect(bodies).toEqual([{ disabled: true }]);
    expect(within(table).getByText("Disabled")).toBeTruthy();
  });

  it("shows the server's refusal of a change", async () => {
    server();
    renderWithProviders(<UsersTab />, "/admin/users");
    const table = await usersTable();
    fireEvent.change(within(table).getByRole("combobox", { name: "Role for trader@example.com" }), {
      target: { value: "admin" },
    });
    expect((await screen.findByRole("alert")).textContent).toContain("no such user");
  });

  it("filters the loaded accounts", async () => {
    server();
    renderWithProviders(<UsersTab />, "/admin/users");
    const table = await usersTable();
    fireEvent.change(screen.getByRole("searchbox", { name: "Email contains" }), { target: { value: "trad" } });
    expect(within(table).queryByRole("rowheader", { name: /admin@example.com/ })).toBeNull();
    expect(within(table).getByRole("rowheader", { name: "trader@example.com" })).toBeTruthy();
  });
});
