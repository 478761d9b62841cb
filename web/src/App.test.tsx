import { fireEvent, render, screen, within } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";
import { App } from "./App";
import { sections } from "./sections";

function renderAt(path: string) {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <App />
    </MemoryRouter>,
  );
}

describe("routing", () => {
  it("shows the Not found page for an unknown route, inside the shell", () => {
    renderAt("/no/such/page");

    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Not found");
    expect(screen.getByText("/no/such/page").tagName).toBe("CODE");
    expect(document.title).toBe("Not found · Harbinger");
    // Header and navigation are still there to get back.
    expect(screen.getByRole("link", { name: "Harbinger home" }).getAttribute("href")).toBe("/");
    expect(within(screen.getByRole("navigation", { name: "Main" })).getAllByRole("link")).toHaveLength(
      sections.length,
    );
  });

  it("lists every section in the navigation, in order", () => {
    renderAt("/");

    const nav = screen.getByRole("navigation", { name: "Main" });
    const links = within(nav).getAllByRole("link");
    expect(links.map((a) => a.textContent)).toEqual([
      "Signals",
      "Track record",
      "Ledger",
      "Markets",
      "Portfolios",
      "Plans",
      "Settings",
    ]);
    expect(links.map((a) => a.getAttribute("href"))).toEqual(sections.map((s) => s.path));
  });

  it("renders the landing page at /", () => {
    renderAt("/");

    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Harbinger");
    expect(screen.getByText(/AI trading-signals service/)).toBeTruthy();
    expect(screen.getByRole("link", { name: /System status.*readiness/ }).getAttribute("href")).toBe(
      "/status",
    );
  });

  it("shows an honest placeholder for sections not built yet", () => {
    renderAt("/ledger");

    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Ledger");
    expect(screen.getByText(/^Coming soon: the append-only record/)).toBeTruthy();
    expect(document.title).toBe("Ledger · Harbinger");
    const active = within(screen.getByRole("navigation", { name: "Main" })).getByRole("link", {
      name: "Ledger",
    });
    expect(active.getAttribute("aria-current")).toBe("page");
  });

  it("navigates client-side when a nav link is clicked", () => {
    renderAt("/");

    const nav = screen.getByRole("navigation", { name: "Main" });
    fireEvent.click(within(nav).getByRole("link", { name: "Track record" }));

    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Track record");
    expect(screen.getByText(/^Coming soon: how past signals performed/)).toBeTruthy();
  });
});
