import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { fakeApi, jsonResponse, passwordRules, problem, signedOut } from "../../test/api";
import { renderApp } from "../../test/render";

describe("Register page", () => {
  it("shows the password rules before submit, counts as the reader types, and says to check the mail", async () => {
    const api = fakeApi({
      "GET /api/v1/me": signedOut,
      "GET /api/v1/auth/password-rules": passwordRules,
      "POST /api/v1/auth/register": () =>
        jsonResponse({ email: "new@example.com", status: "verification_sent" }, 201),
    });
    renderApp("/register");

    const password = await screen.findByLabelText("Password");
    await screen.findByText(/8 to 1,024 characters; not a common password/);
    fireEvent.change(screen.getByLabelText("Email"), { target: { value: "new@example.com" } });
    fireEvent.change(password, { target: { value: "short" } });
    expect(screen.getByText("5 characters so far; 3 more needed.")).toBeTruthy();

    // Too short: refused here, with the reason tied to the field, and nothing sent.
    fireEvent.click(screen.getByRole("button", { name: "Create account" }));
    expect(screen.getByText("Use at least 8 characters.")).toBeTruthy();
    expect(password.getAttribute("aria-invalid")).toBe("true");
    expect(api.bodiesTo("/api/v1/auth/register")).toEqual([]);

    fireEvent.change(password, { target: { value: "ledger harbour violet 42" } });
    expect(screen.getByText("24 characters.")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Create account" }));

    const done = await screen.findByRole("status");
    expect(done.textContent).toContain("Check your email to verify");
    expect(done.textContent).toContain("new@example.com");
    expect(api.bodiesTo("/api/v1/auth/register")).toEqual([
      { email: "new@example.com", password: "ledger harbour violet 42" },
    ]);
  });

  it("shows why the server refused the password", async () => {
    fakeApi({
      "GET /api/v1/me": signedOut,
      "GET /api/v1/auth/password-rules": passwordRules,
      "POST /api/v1/auth/register": () =>
        problem(422, "invalid", "this is a top-10 common password"),
    });
    renderApp("/register");
    fireEvent.change(await screen.findByLabelText("Email"), { target: { value: "new@example.com" } });
    fireEvent.change(screen.getByLabelText("Password"), { target: { value: "password1" } });
    fireEvent.click(screen.getByRole("button", { name: "Create account" }));
    expect((await screen.findByRole("alert")).textContent).toContain("this is a top-10 common password");
  });

  it("still lets the reader register when the rules cannot be loaded", async () => {
    fakeApi({
      "GET /api/v1/me": signedOut,
      "GET /api/v1/auth/password-rules": () => problem(503, "unavailable", "retry shortly"),
    });
    renderApp("/register");
    expect(await screen.findByText(/the server checks the password when you submit/)).toBeTruthy();
  });
});
