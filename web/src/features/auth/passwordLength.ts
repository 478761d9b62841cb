import { formatNumber } from "../../lib/format";
import type { PasswordRules } from "./api/auth";

/** Characters as the server counts them (Unicode scalar values, not UTF-16 units). */
export function charCount(value: string): number {
  return [...value].length;
}

/** Why `value` cannot be sent yet, judged by the length rules alone (the server judges strength). */
export function lengthProblem(value: string, rules: PasswordRules | undefined): string | undefined {
  if (!rules) return undefined;
  const n = charCount(value);
  if (n < rules.min_chars) return `Use at least ${formatNumber(rules.min_chars, 0)} characters.`;
  if (n > rules.max_chars) return `Use at most ${formatNumber(rules.max_chars, 0)} characters.`;
  return undefined;
}
