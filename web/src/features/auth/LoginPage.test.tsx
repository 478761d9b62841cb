import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { fakeApi, jsonResponse, me, problem, signedOut } from "../../test/api";
import { renderApp } from "../../test/render";

/** A server with one account; `login` answers each attempt in turn. */
function server(...answers: (() => Response)[]) {
  let signedIn = false;
  let attempt = 0;
  return fakeApi({
    "GET /api/v1/me": () => (signedIn ? jsonResponse(me()) : signedOut()),
    "POST /api/v1/auth/login": () => {
      const res = answers[Math.min(attempt++, answers.length - 1)]!();
      signedIn = res.ok;
      return res;
    },
  });
}

async function signIn(email: string, password: string) {
  fireEvent.change(await screen.findByLabelText("Email"), { target: { value: email } });
  fireEvent.change(screen.getByLabelText("Password"), { target: { value: password } });
  fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
}

describe("Login page", () => {
  it("signs in and returns to the page the reader came from", async () => {
    const api = server(() => jsonResponse(me()));
    renderApp("/login?next=%2Fno%2Fsuch%2Fpage%3Fx%3D1");
    await screen.findByRole("heading", { name: "Sign in" });
    // The title is set in an effect, which may run just after the heading appears.
    await waitFor(() => expect(document.title).toBe("Sign in · Harbinger"));
    await signIn(" trader@example.com ", "a-long-pass phrase 42");

    expect(await screen.findByText("/no/such/page")).toBeTruthy();
    expect(api.bodiesTo("/api/v1/auth/login")).toEqual([
      { email: "trader@example.com", password: "a-long-pass phrase 42" },
    ]);
  });

  it("shows the server's reason when the password is wrong, and offers the way out", async () => {
    server(() => problem(401, "invalid-credentials", "email or password is incorrect"));
    renderApp("/login");
    await signIn("trader@example.com", "wrong");

    expect((await screen.findByRole("alert")).textContent).toContain("email or password is incorrect");
    expect(screen.getByRole("link", { name: "Forgot your password?" }).getAttribute("href")).toBe("/forgot-password");
    expect(screen.getByRole("link", { name: "Create an account" }).getAttribute("href")).toBe("/register");
  });

  it("says how long a locked account must wait", async () => {
    server(() =>
      problem(429, "login-locked", "too many failed attempts; try again in 60 s", { retryAfter: 60 }),
    );
    renderApp("/login");
    await signIn("trader@example.com", "wrong");
    expect((await screen.findByRole("alert")).textContent).toContain("try again in 60 s");
  });

  it("asks for the authenticator code when two-factor is on, then sends all three together", async () => {
    const required = () => problem(401, "totp-required", "a valid two-factor code is required");
    const api = server(required, required, () => jsonResponse(me()));
    renderApp("/login?next=/no/such/page");
    await signIn("trader@example.com", "a-long-pass phrase 42");

    const code = await screen.findByLabelText("Authentication code");
    expect(screen.queryByLabelText("Password")).toBeNull();
    expect(screen.queryByRole("alert")).toBeNull();

    fireEvent.change(code, { target: { value: "000 000" } });
    fireEvent.click(screen.getByRole("button", { name: "Verify" }));
    expect((await screen.findByRole("alert")).textContent).toContain("That code was not accepted");

    fireEvent.change(code, { target: { value: "123 456" } });
    fireEvent.click(screen.getByRole("button", { name: "Verify" }));
    await screen.findByText("/no/such/page");

    const sent = api.bodiesTo("/api/v1/auth/login");
    expect(sent.at(-1)).toEqual({
      email: "trader@example.com",
      password: "a-long-pass phrase 42",
      totp: "123456",
    });
  });

  it("takes a recovery code instead of the authenticator code", async () => {
    const api = server(() => problem(401, "totp-required", "a valid two-factor code is required"), () =>
      jsonResponse(me()),
    );
    renderApp("/login?next=/no/such/page");
    await signIn("trader@example.com", "a-long-pass phrase 42");

    fireEvent.click(await screen.findByRole("button", { name: "Use a recovery code" }));
    fireEvent.change(screen.getByLabelText("Recovery code"), { target: { value: " abcd-efgh-jkmn " } });
    fireEvent.click(screen.getByRole("button", { name: "Verify" }));
    await screen.findByText("/no/such/page");
    expect(api.bodiesTo("/api/v1/auth/login").at(-1)).toMatchObject({ totp: "abcd-efgh-jkmn" });
  });
});
