import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { fakeApi, jsonResponse, me, ok, problem } from "../../test/api";
import { renderApp } from "../../test/render";
import { baseRoutes } from "./fixtures";

const key = {
  id: "0190a0b0-0000-7000-8000-00000000cccc",
  name: "trading bot",
  prefix: "hbk_V3HVlfzC",
  scopes: ["read", "write"],
  created_at: 1_700_000_000_000,
  last_used_at: null,
  revoked_at: null,
};

describe("API keys", () => {
  it("says plainly when the plan includes no keys", async () => {
    fakeApi(baseRoutes(me({ plan: "free", api_keys_allowed: 0 })));
    renderApp("/account");
    const section = await screen.findByRole("region", { name: "API keys" });
    expect(within(section).getByText("Your plan (free) includes no API keys.")).toBeTruthy();
    expect(within(section).getByRole("link", { name: "Upgrade your plan" }).getAttribute("href")).toBe("/plan");
    expect(within(section).queryByLabelText("Key name")).toBeNull();
  });

  it("creates a key with the chosen scopes and shows it once", async () => {
    let keys: (typeof key)[] = [];
    const { sent } = fakeApi({
      ...baseRoutes(),
      "GET /api/v1/api-keys": () => jsonResponse(keys),
      "POST /api/v1/api-keys": () => {
        keys = [key];
        return jsonResponse({ ...key, key: "hbk_V3HVlfzC_secretpart" }, 201);
      },
    });
    renderApp("/account");
    const section = await screen.findByRole("region", { name: "API keys" });
    expect(within(section).getByText(/allows 1 live key/)).toBeTruthy();
    await within(section).findByText(/No keys yet/);

    fireEvent.change(within(section).getByLabelText("Key name"), { target: { value: " trading bot " } });
    const read = within(section).getByRole("checkbox", { name: /Read/ }) as HTMLInputElement;
    expect(read.checked && read.disabled).toBe(true);
    fireEvent.click(within(section).getByRole("checkbox", { name: /Write/ }));
    fireEvent.click(within(section).getByRole("button", { name: "Create key" }));

    expect((await within(section).findByLabelText("New API key")).textContent).toBe("hbk_V3HVlfzC_secretpart");
    expect(within(section).getByRole("button", { name: "Copy API key" })).toBeTruthy();
    expect(sent.find((c) => c.method === "POST")?.body).toEqual({ name: "trading bot", scopes: ["read", "write"] });

    // The list refreshes; with the one allowed key in use, another cannot be made.
    await within(section).findByRole("list", { name: "Your API keys" });
    await waitFor(() =>
      expect((within(section).getByRole("button", { name: "Create key" }) as HTMLButtonElement).disabled).toBe(true),
    );
    fireEvent.click(within(section).getByRole("button", { name: "Done" }));
    await waitFor(() => expect(within(section).queryByLabelText("New API key")).toBeNull());
  });

  it("shows the server's refusal", async () => {
    fakeApi({
      ...baseRoutes(),
      "POST /api/v1/api-keys": () => problem(403, "forbidden", "the pro plan allows 1 live API keys; revoke one first"),
    });
    renderApp("/account");
    const section = await screen.findByRole("region", { name: "API keys" });
    fireEvent.change(within(section).getByLabelText("Key name"), { target: { value: "bot" } });
    fireEvent.click(within(section).getByRole("button", { name: "Create key" }));
    expect((await within(section).findByRole("alert")).textContent).toContain("revoke one first");
  });

  it("revokes a key only after confirmation", async () => {
    let keys = [key];
    const { sent } = fakeApi({
      ...baseRoutes(),
      "GET /api/v1/api-keys": () => jsonResponse(keys),
      [`DELETE /api/v1/api-keys/${key.id}`]: () => {
        keys = [{ ...key, revoked_at: 1_700_000_500_000 } as unknown as typeof key];
        return ok();
      },
    });
    renderApp("/account");
    const section = await screen.findByRole("region", { name: "API keys" });
    fireEvent.click(await within(section).findByRole("button", { name: "Revoke trading bot" }));
    expect(sent.some((c) => c.method === "DELETE")).toBe(false);
    expect(within(section).getByText(/stop working at once/)).toBeTruthy();

    fireEvent.click(within(section).getByRole("button", { name: "Revoke “trading bot”" }));
    expect(await within(section).findByText("Revoked")).toBeTruthy();
    expect(sent.some((c) => c.method === "DELETE" && c.path === `/api/v1/api-keys/${key.id}`)).toBe(true);
  });

  it("shows an error with a retry when the keys cannot be listed", async () => {
    fakeApi({ ...baseRoutes(), "GET /api/v1/api-keys": () => problem(503, "unavailable", "retry shortly") });
    renderApp("/account");
    const section = await screen.findByRole("region", { name: "API keys" });
    expect((await within(section).findByRole("alert")).textContent).toContain("retry shortly");
    expect(within(section).getByRole("button", { name: "Try again" })).toBeTruthy();
  });
});
