import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { fakeApi, jsonResponse, me, ok, problem, signedOut } from "../../test/api";
import { renderApp } from "../../test/render";
import { baseRoutes, otherSession, thisSession } from "./fixtures";

const region = (name: string) => screen.getByRole("region", { name });

describe("Account page", () => {
  it("shows each section under its heading, and the profile", async () => {
    fakeApi(baseRoutes(me({ email_verified: false })));
    renderApp("/account");

    await screen.findByRole("heading", { level: 1, name: "Account" });
    for (const name of ["Profile", "Password", "Email", "Two-factor authentication", "Sessions", "API keys", "Delete account"]) {
      expect(screen.getByRole("heading", { level: 2, name })).toBeTruthy();
    }
    const profile = region("Profile");
    expect(within(profile).getByText("trader@example.com")).toBeTruthy();
    expect(within(profile).getByText("Not verified")).toBeTruthy();
    // The title is set in an effect, which may run just after the heading appears.
    await waitFor(() => expect(document.title).toBe("Account · Harbinger"));
  });

  it("sends a signed-out visitor to sign in first", async () => {
    fakeApi({ "GET /api/v1/me": () => signedOut() });
    renderApp("/account");
    expect(await screen.findByRole("button", { name: "Sign in" })).toBeTruthy();
  });

  it("changes the password and keeps this session", async () => {
    const { sent } = fakeApi({ ...baseRoutes(), "POST /api/v1/me/password": ok });
    renderApp("/account");
    const section = await screen.findByRole("region", { name: "Password" });
    fireEvent.change(within(section).getByLabelText("Current password"), { target: { value: "old pass phrase 1" } });
    fireEvent.change(within(section).getByLabelText("New password"), { target: { value: "ledger harbour violet 42" } });
    fireEvent.click(within(section).getByRole("button", { name: "Change password" }));

    expect((await within(section).findByRole("status")).textContent).toContain("Every other session was signed out");
    expect(sent.find((c) => c.path === "/api/v1/me/password")?.body).toEqual({
      current_password: "old pass phrase 1",
      new_password: "ledger harbour violet 42",
      keep_this_session: true,
    });
  });

  it("starts an email change and says a link was mailed; a wrong password does not sign the reader out", async () => {
    let attempt = 0;
    fakeApi({
      ...baseRoutes(),
      "POST /api/v1/me/email": () =>
        attempt++ === 0
          ? problem(401, "invalid-credentials", "email or password is incorrect")
          : jsonResponse({ status: "ok" }, 202),
    });
    renderApp("/account");
    const section = await screen.findByRole("region", { name: "Email" });
    fireEvent.change(within(section).getByLabelText("New email"), { target: { value: "new@example.com" } });
    fireEvent.change(within(section).getByLabelText("Current password"), { target: { value: "nope" } });
    fireEvent.click(within(section).getByRole("button", { name: "Change email" }));
    expect((await within(section).findByRole("alert")).textContent).toContain("email or password is incorrect");
    expect(screen.getByRole("heading", { level: 1, name: "Account" })).toBeTruthy();

    fireEvent.change(within(section).getByLabelText("Current password"), { target: { value: "right one" } });
    fireEvent.click(within(section).getByRole("button", { name: "Change email" }));
    const done = await within(section).findByRole("status");
    expect(done.textContent).toContain("We mailed a confirmation link to new@example.com");
  });

  it("lists sessions with this one marked, and ends the others", async () => {
    let list = [thisSession, otherSession];
    const { sent } = fakeApi({
      ...baseRoutes(),
      "GET /api/v1/me/sessions": () => jsonResponse(list),
      [`DELETE /api/v1/me/sessions/${otherSession.id}`]: () => {
        list = [thisSession];
        return ok();
      },
      "POST /api/v1/me/sessions/logout-others": () => jsonResponse({ ended: 0 }),
    });
    renderApp("/account");
    const section = await screen.findByRole("region", { name: "Sessions" });
    const items = await within(section).findAllByRole("listitem");
    expect(items).toHaveLength(2);
    expect(within(items[0]!).getByText("This session")).toBeTruthy();
    expect(within(items[0]!).getByText("Chrome on Linux")).toBeTruthy();
    expect(within(items[1]!).getByText("Safari on iOS")).toBeTruthy();

    fireEvent.click(within(items[1]!).getByRole("button", { name: /End session on Safari on iOS/ }));
    await within(section).findByText("Chrome on Linux");
    expect(sent.some((c) => c.method === "DELETE")).toBe(true);
    await expectEventually(() => within(section).getAllByRole("listitem").length === 1);
    expect((within(section).getByRole("button", { name: "End all other sessions" }) as HTMLButtonElement).disabled).toBe(true);
  });
});

async function expectEventually(check: () => boolean) {
  const { waitFor } = await import("@testing-library/react");
  await waitFor(() => expect(check()).toBe(true));
}
