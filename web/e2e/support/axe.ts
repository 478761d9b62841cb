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

/** Serious and critical violations on the page as a readable report, or null when none. */
export async function accessibilityReport(page: Page, name: string): Promise<string | null> {
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
  if (blocking.length === 0) return null;
  const report = blocking
    .map(
      (v) =>
        `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
        // The first element's summary carries the numbers (e.g. the contrast ratio found).
        `    ${(v.nodes[0]?.failureSummary ?? "").replace(/\s*\n\s*/g, " ")}\n` +
        v.nodes.map((n) => `      ${n.target.join(" ")}`).join("\n"),
    )
    .join("\n");
  return `axe: ${blocking.length} serious or critical violation(s) on ${name} (${page.url()}):\n${report}`;
}

/** Fails on any serious or critical violation, naming the rule, its help and the elements. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const report = await accessibilityReport(page, name);
  if (report) throw new Error(report);
}

const findings: string[] = [];

/**
 * Like `expectAccessible`, but keeps the report for `expectNoAccessibilityFindings` at the
 * end of the file, so a page that fails axe does not stop a story that is still worth
 * walking (the steps after it would otherwise go untested).
 */
export async function checkAccessible(page: Page, name: string): Promise<void> {
  const report = await accessibilityReport(page, name);
  if (report) findings.push(report);
}

export function expectNoAccessibilityFindings(): void {
  if (findings.length) throw new Error(findings.join("\n\n"));
}
