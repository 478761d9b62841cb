import { fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { fakeApi, jsonResponse, me, ok, problem } from "../../test/api";
import { renderApp } from "../../test/render";
import { baseRoutes } from "./fixtures";

const RECOVERY = Array.from({ length: 10 }, (_, i) => `abcd-efgh-${String(i).padStart(4, "k")}`);

describe("Two-factor authentication", () => {
  it("sets up with a QR code and the key, turns on with a code, and shows the recovery codes once", async () => {
    let enabled = false;
    const { sent } = fakeApi({
      ...baseRoutes(),
      "GET /api/v1/me": () => jsonResponse(me({ totp_enabled: enabled })),
      "POST /api/v1/me/totp": () =>
        jsonResponse({
          secret: "JBSWY3DPEHPK3PXP",
          otpauth_uri: "otpauth://totp/Harbinger:trader%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Harbinger",
        }),
      "POST /api/v1/me/totp/confirm": () => {
        enabled = true;
        return jsonResponse({ recovery_codes: RECOVERY });
      },
    });
    renderApp("/account");
    const section = await screen.findByRole("region", { name: "Two-factor authentication" });
    expect(within(section).getByText("Off")).toBeTruthy();

    fireEvent.change(within(section).getByLabelText("Current password"), { target: { value: "pass phrase" } });
    fireEvent.click(within(section).getByRole("button", { name: "Set up two-factor authentication" }));

    const qr = await within(section).findByRole("img", { name: /QR code/ });
    expect(qr.getAttribute("src")).toMatch(/^data:image\/svg\+xml/);
    expect(within(section).getByText("JBSW Y3DP EHPK 3PXP")).toBeTruthy();

    fireEvent.change(within(section).getByLabelText("Authentication code"), { target: { value: "123 456" } });
    fireEvent.click(within(section).getByRole("button", { name: "Turn on two-factor authentication" }));

    const list = await within(section).findByRole("list", { name: "Recovery codes" });
    expect(within(list).getAllByRole("listitem").map((li) => li.textContent)).toEqual(RECOVERY);
    expect(within(section).getByText(/shown only once/)).toBeTruthy();
    expect(within(section).getByRole("button", { name: "Copy recovery codes" })).toBeTruthy();
    expect(sent.find((c) => c.path === "/api/v1/me/totp/confirm")?.body).toEqual({ code: "123456" });

    // The refreshed session says "on"; the codes stay until the reader says they are saved.
    await within(section).findByText("On");
    expect(within(section).getByRole("list", { name: "Recovery codes" })).toBeTruthy();
    fireEvent.click(within(section).getByRole("button", { name: "I have saved them" }));
    expect(within(section).queryByRole("list", { name: "Recovery codes" })).toBeNull();
    expect(within(section).getByRole("button", { name: "Turn off two-factor authentication" })).toBeTruthy();
  });

  it("keeps the reader signed in after a wrong password, showing why", async () => {
    fakeApi({
      ...baseRoutes(),
      "POST /api/v1/me/totp": () => problem(401, "invalid-credentials", "email or password is incorrect"),
    });
    renderApp("/account");
    const section = await screen.findByRole("region", { name: "Two-factor authentication" });
    fireEvent.change(within(section).getByLabelText("Current password"), { target: { value: "wrong" } });
    fireEvent.click(within(section).getByRole("button", { name: "Set up two-factor authentication" }));
    expect((await within(section).findByRole("alert")).textContent).toContain("email or password is incorrect");
    expect(screen.getByRole("heading", { level: 1, name: "Account" })).toBeTruthy();
  });

  it("shows why a code was refused", async () => {
    fakeApi({
      ...baseRoutes(),
      "POST /api/v1/me/totp": () => jsonResponse({ secret: "JBSWY3DPEHPK3PXP", otpauth_uri: "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP" }),
      "POST /api/v1/me/totp/confirm": () =>
        problem(422, "invalid", "the code does not match; check the device's clock"),
    });
    renderApp("/account");
    const section = await screen.findByRole("region", { name: "Two-factor authentication" });
    fireEvent.change(within(section).getByLabelText("Current password"), { target: { value: "pass" } });
    fireEvent.click(within(section).getByRole("button", { name: "Set up two-factor authentication" }));
    fireEvent.change(await within(section).findByLabelText("Authentication code"), { target: { value: "000000" } });
    fireEvent.click(within(section).getByRole("button", { name: "Turn on two-factor authentication" }));
    expect((await within(section).findByRole("alert")).textContent).toContain("check the device's clock");
  });

  it("turns two-factor off with the password and a current code", async () => {
    let enabled = true;
    const { sent } = fakeApi({
      ...baseRoutes(),
      "GET /api/v1/me": () => jsonResponse(me({ totp_enabled: enabled })),
      "POST /api/v1/me/totp/disable": () => {
        enabled = false;
        return ok();
      },
    });
    renderApp("/account");
    const section = await screen.findByRole("region", { name: "Two-factor authentication" });
    fireEvent.change(within(section).getByLabelText("Current password"), { target: { value: "pass phrase" } });
    fireEvent.change(within(section).getByLabelText("Authentication code"), { target: { value: " 123456 " } });
    fireEvent.click(within(section).getByRole("button", { name: "Turn off two-factor authentication" }));
    expect((await within(section).findByRole("status")).textContent).toContain("Two-factor authentication is off");
    expect(within(section).getByRole("button", { name: "Set up two-factor authentication" })).toBeTruthy();
    expect(sent.find((c) => c.path === "/api/v1/me/totp/disable")?.body).toEqual({ password: "pass phrase", code: "123456" });
  });
});
