import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { fakeApi, jsonResponse, passwordRules, problem, signedOut } from "../../test/api";
import { renderApp } from "../../test/render";

describe("Forgot password page", () => {
  it("mails a link and answers the same whoever asks", async () => {
    const api = fakeApi({
      "GET /api/v1/me": signedOut,
      "POST /api/v1/auth/forgot-password": () => jsonResponse({ status: "ok" }, 202),
    });
    renderApp("/forgot-password");
    fireEvent.change(await screen.findByLabelText("Email"), { target: { value: "trader@example.com" } });
    fireEvent.click(screen.getByRole("button", { name: "Send reset link" }));
    expect((await screen.findByRole("status")).textContent).toContain("a reset link is on its way");
    expect(api.bodiesTo("/api/v1/auth/forgot-password")).toEqual([{ email: "trader@example.com" }]);
  });

  it("shows a refusal's detail", async () => {
    fakeApi({
      "GET /api/v1/me": signedOut,
      "POST /api/v1/auth/forgot-password": () => problem(429, null, "too many requests; wait a minute"),
    });
    renderApp("/forgot-password");
    fireEvent.change(await screen.findByLabelText("Email"), { target: { value: "trader@example.com" } });
    fireEvent.click(screen.getByRole("button", { name: "Send reset link" }));
    expect((await screen.findByRole("alert")).textContent).toContain("wait a minute");
  });
});

describe("Reset password page", () => {
  it("sets the new password with the token from the link", async () => {
    const api = fakeApi({
      "GET /api/v1/me": signedOut,
      "GET /api/v1/auth/password-rules": passwordRules,
      "POST /api/v1/auth/reset-password": () => jsonResponse({ status: "ok" }),
    });
    renderApp("/reset-password?token=tok");
    await screen.findByText(/8 to 1,024 characters/);
    fireEvent.change(screen.getByLabelText("New password"), { target: { value: "ledger harbour violet 42" } });
    fireEvent.click(screen.getByRole("button", { name: "Set new password" }));
    expect((await screen.findByRole("status")).textContent).toContain("Your password has changed");
    expect(api.bodiesTo("/api/v1/auth/reset-password")).toEqual([
      { token: "tok", password: "ledger harbour violet 42" },
    ]);
  });

  it("offers a new link when this one has expired", async () => {
    fakeApi({
      "GET /api/v1/me": signedOut,
      "GET /api/v1/auth/password-rules": passwordRules,
      "POST /api/v1/auth/reset-password": () =>
        problem(400, "invalid-token", "this link is invalid or has expired"),
    });
    renderApp("/reset-password?token=old");
    fireEvent.change(await screen.findByLabelText("New password"), { target: { value: "ledger harbour violet 42" } });
    fireEvent.click(screen.getByRole("button", { name: "Set new password" }));
    expect((await screen.findByRole("alert")).textContent).toContain("invalid or has expired");
    expect(screen.getAllByRole("link", { name: "Ask for a new link" })[0]!.getAttribute("href")).toBe(
      "/forgot-password",
    );
    expect((screen.getByRole("button", { name: "Set new password" }) as HTMLButtonElement).disabled).toBe(true);
  });
});
