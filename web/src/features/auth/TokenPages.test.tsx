import { render, screen, within } from "@testing-library/react";
import { StrictMode } from "react";
import { MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";
import { AppProvider } from "../../app/provider";
import { AppRoutes } from "../../app/routes";
import { fakeApi, jsonResponse, problem, signedOut } from "../../test/api";
import { renderApp, testQueryClient } from "../../test/render";

/** As the browser runs it: React's development double-mount included. */
function renderStrict(path: string) {
  return render(
    <StrictMode>
      <AppProvider client={testQueryClient()}>
        <MemoryRouter initialEntries={[path]}>
          <AppRoutes />
        </MemoryRouter>
      </AppProvider>
    </StrictMode>,
  );
}

describe("Verify email page", () => {
  it("redeems the token exactly once and says the address is confirmed", async () => {
    const api = fakeApi({
      "GET /api/v1/me": signedOut,
      "POST /api/v1/auth/verify-email": () => jsonResponse({ status: "ok" }),
    });
    renderStrict("/verify-email?token=abc123");

    expect((await screen.findByRole("status")).textContent).toMatch(/Confirming|confirmed/);
    const done = (await screen.findByText("Your email address is confirmed")).closest("[role=status]");
    expect(within(done as HTMLElement).getByRole("link", { name: "Sign in" }).getAttribute("href")).toBe("/login");
    expect(api.bodiesTo("/api/v1/auth/verify-email")).toEqual([{ token: "abc123" }]);
  });

  it("shows the server's reason when the link has expired", async () => {
    fakeApi({
      "GET /api/v1/me": signedOut,
      "POST /api/v1/auth/verify-email": () =>
        problem(400, "invalid-token", "this link is invalid or has expired"),
    });
    renderApp("/verify-email?token=old");
    expect((await screen.findByRole("alert")).textContent).toContain("this link is invalid or has expired");
  });

  it("says so when the address has no token, without calling the server", async () => {
    const api = fakeApi({ "GET /api/v1/me": signedOut });
    renderApp("/verify-email");
    expect((await screen.findByRole("alert")).textContent).toContain("This link is incomplete");
    expect(api.bodiesTo("/api/v1/auth/verify-email")).toEqual([]);
  });
});

describe("Confirm email page", () => {
  it("confirms the new address", async () => {
    const api = fakeApi({
      "GET /api/v1/me": signedOut,
      "POST /api/v1/auth/confirm-email": () => jsonResponse({ status: "ok" }),
    });
    renderStrict("/confirm-email?token=xyz");
    expect(await screen.findByText("Your email address has changed")).toBeTruthy();
    expect(api.bodiesTo("/api/v1/auth/confirm-email")).toEqual([{ token: "xyz" }]);
  });

  it("explains a conflict in the server's words", async () => {
    fakeApi({
      "GET /api/v1/me": signedOut,
      "POST /api/v1/auth/confirm-email": () =>
        problem(409, null, "that email address now belongs to another account"),
    });
    renderApp("/confirm-email?token=xyz");
    expect((await screen.findByRole("alert")).textContent).toContain("now belongs to another account");
  });
});
