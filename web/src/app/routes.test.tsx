import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { jsonResponse, mockFetch } from "../test/http";
import { renderApp } from "../test/render";

const signedOut = () =>
  jsonResponse({ type: "about:blank", title: "Unauthorized", status: 401 }, 401, "application/problem+json");

const me = (role: "user" | "admin") => () =>
  jsonResponse({
    id: "0190a0b0-0000-7000-8000-000000000001",
    email: "trader@example.com",
    role,
    plan: "pro",
    billing_status: null,
    email_verified: true,
    totp_enabled: false,
    created_at: 0,
    api_keys_allowed: 1,
    requests_per_minute: 60,
  });

describe("routing", () => {
  it("shows the Not found page for an unknown route, inside the shell", async () => {
    mockFetch({ "/api/v1/me": signedOut });
    renderApp("/no/such/page");

    expect((await screen.findByRole("heading", { level: 1 })).textContent).toBe("Not found");
    expect(screen.getByText("/no/such/page").tagName).toBe("CODE");
    expect(document.title).toBe("Not found · Harbinger");
    expect(screen.getByRole("link", { name: "Harbinger home" }).getAttribute("href")).toBe("/");
  });

  it("shows visitors the public sections only, and offers sign-in", async () => {
    mockFetch({ "/api/v1/me": signedOut });
    renderApp("/no/such/page");

    await screen.findByRole("link", { name: "Sign in" });
    const nav = screen.getByRole("navigation", { name: "Main" });
    const links = within(nav).getAllByRole("link").map((a) => a.textContent);
    expect(links).toEqual(["Track record", "Ledger", "System status"]);
  });

  it("shows a signed-in user their sections, and the admin menu only to admins", async () => {
    mockFetch({ "/api/v1/me": me("user") });
    const { unmount } = renderApp("/no/such/page");
    await screen.findByText("trader@example.com");
    let nav = screen.getByRole("navigation", { name: "Main" });
    expect(within(nav).queryByRole("link", { name: "Admin" })).toBeNull();
    expect(within(nav).getByRole("link", { name: "Signals" })).toBeTruthy();
    unmount();

    mockFetch({ "/api/v1/me": me("admin") });
    renderApp("/no/such/page");
    await screen.findByText("trader@example.com");
    nav = screen.getByRole("navigation", { name: "Main" });
    expect(within(nav).getByRole("link", { name: "Admin" })).toBeTruthy();
  });

  it("sends a visitor who opens a signed-in page to sign in, keeping where they were going", async () => {
    mockFetch({ "/api/v1/me": signedOut });
    renderApp("/portfolios?tab=positions");
    // The login page's route renders; its `next` keeps the page and query.
    await screen.findByRole("heading", { level: 1 });
    expect(document.title).toMatch(/Login|Sign in/);
  });
});
