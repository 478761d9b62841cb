import { fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { jsonResponse, mockFetch } from "../../test/http";
import { renderApp } from "../../test/render";
import fixture from "./fixtures/ledger.json?raw";

const signedOut = () => jsonResponse({ title: "Unauthorized", status: 401 }, 401, "application/problem+json");

type Raw = { entries: Record<string, unknown>[]; checkpoints: Record<string, unknown>[]; public_key: string };
const raw = () => JSON.parse(fixture) as Raw;

function server(exportText = fixture, headSeq = 152) {
  const r = raw();
  return mockFetch({
    "/api/v1/me": signedOut,
    "/api/v1/ledger/head": () =>
      jsonResponse({
        seq: headSeq,
        hash: r.entries[headSeq - 1]?.hash ?? "0".repeat(64),
        public_key: r.public_key,
        checkpoint: headSeq ? r.checkpoints[1] : null,
      }),
    "/api/v1/ledger": () =>
      jsonResponse({ entries: r.entries.slice(127), checkpoints: r.checkpoints, public_key: r.public_key }),
    "/api/v1/export/ledger.json": () => new Response(exportText, { headers: { "Content-Type": "application/json" } }),
  });
}

describe("Ledger page", () => {
  it("shows the head, the signed checkpoint and the newest entries first", async () => {
    server();
    renderApp("/ledger");
    const head = await screen.findByRole("region", { name: "Head and signed checkpoint" });
    expect(within(head).getByText(raw().public_key)).toBeTruthy();
    expect(within(head).getByText(/seq 150, signed/)).toBeTruthy();
    expect(within(head).getByText(/2 newer entries await/)).toBeTruthy();
    const rows = within(await screen.findByRole("table")).getAllByRole("row");
    expect(rows[1]!.textContent).toContain("152");
    expect(screen.getByText(/Seq 128–152 of 152/)).toBeTruthy();
    expect(screen.getAllByText("Sealed").length).toBeGreaterThan(0);
  });

  it("verifies the downloaded ledger in the browser", async () => {
    server();
    renderApp("/ledger");
    fireEvent.click(await screen.findByRole("button", { name: "Verify in your browser" }));
    const status = screen.getByRole("status");
    await within(status).findByText("Verified");
    expect(screen.getByText(/^signal ledger intact: 152 entries, head seq 152 .*2 signed checkpoints verified; 62 sealed/)).toBeTruthy();
    expect(screen.getByText(/operator's public key/)).toBeTruthy();
  });

  it("names the first bad seq of a tampered ledger, in the command's words", async () => {
    const r = raw();
    r.entries.splice(20, 1);
    server(JSON.stringify(r));
    renderApp("/ledger");
    fireEvent.click(await screen.findByRole("button", { name: "Verify in your browser" }));
    const status = screen.getByRole("status");
    expect((await within(status).findByText("Broken at seq 21")).textContent).toBeTruthy();
    expect(status.textContent).not.toContain("Verified");
    expect(screen.getByText("signal ledger broken at seq 21: gap at seq 21: the next row found has seq 22")).toBeTruthy();
  });

  it("checks a saved file chosen from disk", async () => {
    server();
    renderApp("/ledger");
    const input = await screen.findByLabelText("Check a saved file…");
    const r = raw();
    const sealed = r.entries.find((e) => e.sealed === true)!;
    sealed.content_hash = "0".repeat(64);
    fireEvent.change(input, { target: { files: [new File([JSON.stringify(r)], "saved.json")] } });
    const status = screen.getByRole("status");
    await within(status).findByText(`Broken at seq ${String(sealed.seq)}`);
  });

  it("says what is wrong with a file that is not an export", async () => {
    server('{"entries": []}');
    renderApp("/ledger");
    fireEvent.click(await screen.findByRole("button", { name: "Verify in your browser" }));
    await within(screen.getByRole("status")).findByText("Could not verify");
    expect(screen.getByText(/not a ledger export .*checkpoints: expected an array/)).toBeTruthy();
  });

  it("explains an empty ledger", async () => {
    server(fixture, 0);
    renderApp("/ledger");
    expect(await screen.findByText(/The ledger is empty/)).toBeTruthy();
    expect(screen.getByRole("button", { name: "Verify in your browser" })).toBeTruthy();
  });
});
