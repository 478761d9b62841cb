import { describe, expect, it } from "vitest";
import { safeNext } from "./safeNext";

describe("safeNext", () => {
  it("follows a path on this site, keeping its query and fragment", () => {
    expect(safeNext("/portfolios?tab=positions#top")).toBe("/portfolios?tab=positions#top");
    expect(safeNext("/signals/0190a0b0")).toBe("/signals/0190a0b0");
  });

  it("goes to the signals page when there is nowhere to go back to", () => {
    expect(safeNext(null)).toBe("/signals");
    expect(safeNext("")).toBe("/signals");
    expect(safeNext("/login?next=/account")).toBe("/signals");
  });

  it("never leaves the site", () => {
    for (const next of [
      "https://evil.example/",
      "//evil.example/path",
      "/\\evil.example",
      "\\\\evil.example",
      "javascript:alert(1)",
      "/\t/evil.example",
      "evil.example",
    ]) {
      expect(safeNext(next)).not.toMatch(/evil|javascript/);
    }
  });
});
