/**
 * axe-core in the page under test. `@axe-core/playwright` needs a newer Node, so the
 * engine is injected with `evaluate` (the server's CSP forbids inline script tags, and
 * evaluate is not subject to it) and run there.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

interface Violation {
  id: string;
  impact?: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** Fails on any serious or critical violation, naming the rule, its help and the elements. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const injected = await page.evaluate(() => "axe" in window);
  if (!injected) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map(({ id, impact, help, helpUrl, nodes }) => ({
      id,
      impact,
      help,
      helpUrl,
      nodes: nodes.map(({ target, failureSummary }) => ({ target, failureSummary })),
    }));
  });
  const blocking = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  if (blocking.length === 0) return;
  const report = blocking
    .map(
      (v) =>
        `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
        // The first element's summary carries the numbers (e.g. the contrast ratio found).
        `    ${(v.nodes[0]?.failureSummary ?? "").replace(/\s*\n\s*/g, " ")}\n` +
        v.nodes.map((n) => `      ${n.target.join(" ")}`).join("\n"),
    )
    .join("\n");
  throw new Error(`axe: ${blocking.length} serious or critical violation(s) on ${name} (${page.url()}):\n${report}`);
}
