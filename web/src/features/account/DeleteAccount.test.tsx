import { fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { fakeApi, jsonResponse, me, ok, problem, signedOut } from "../../test/api";
import { renderApp } from "../../test/render";
import { baseRoutes } from "./fixtures";

describe("Delete account", () => {
  it("asks for the password and the typed word, then signs out and says so", async () => {
    let deleted = false;
    const { sent } = fakeApi({
      ...baseRoutes(),
      "GET /api/v1/me": () => (deleted ? signedOut() : jsonResponse(me())),
      "POST /api/v1/me/delete": () => {
        deleted = true;
        return ok();
      },
    });
    renderApp("/account");
    const section = await screen.findByRole("region", { name: "Delete account" });
    const button = within(section).getByRole("button", { name: "Delete account" }) as HTMLButtonElement;
    fireEvent.change(within(section).getByLabelText("Current password"), { target: { value: "pass phrase" } });
    expect(button.disabled).toBe(true);
    fireEvent.change(within(section).getByLabelText("Type DELETE to confirm"), { target: { value: "DELETE" } });
    expect(button.disabled).toBe(false);
    fireEvent.click(button);

    expect((await screen.findByRole("status")).textContent).toContain("Your account was deleted");
    expect(screen.getByRole("heading", { level: 1, name: "Sign in" })).toBeTruthy();
    expect(sent.find((c) => c.path === "/api/v1/me/delete")?.body).toEqual({ password: "pass phrase" });
  });

  it("shows the refusal and stays put on a wrong password", async () => {
    fakeApi({
      ...baseRoutes(),
      "POST /api/v1/me/delete": () => problem(401, "invalid-credentials", "email or password is incorrect"),
    });
    renderApp("/account");
    const section = await screen.findByRole("region", { name: "Delete account" });
    fireEvent.change(within(section).getByLabelText("Current password"), { target: { value: "wrong" } });
    fireEvent.change(within(section).getByLabelText("Type DELETE to confirm"), { target: { value: "DELETE" } });
    fireEvent.click(within(section).getByRole("button", { name: "Delete account" }));
    expect((await within(section).findByRole("alert")).textContent).toContain("email or password is incorrect");
  });
});
