import { Field } from "../../../components/Field";
import { formatNumber } from "../../../lib/format";
import { usePasswordRules, type PasswordRules } from "../api/security";

/** Characters as the server counts them (Unicode scalar values, not UTF-16 units). */
const charCount = (value: string) => [...value].length;

/** Why `value` cannot be sent yet by the length rules alone; the server judges strength. */
export function lengthProblem(value: string, rules: PasswordRules | undefined): string | undefined {
  if (!rules) return undefined;
  const n = charCount(value);
  if (n < rules.min_chars) return `Use at least ${formatNumber(rules.min_chars, 0)} characters.`;
  if (n > rules.max_chars) return `Use at most ${formatNumber(rules.max_chars, 0)} characters.`;
  return undefined;
}

function rulesText(rules: PasswordRules | undefined, isPending: boolean): string {
  if (rules) {
    return `${formatNumber(rules.min_chars, 0)} to ${formatNumber(rules.max_chars, 0)} characters; ${rules.strength}.`;
  }
  return isPending ? "Loading the password rules…" : "The server checks the password when you submit.";
}

function countText(value: string, rules: PasswordRules | undefined): string {
  const n = charCount(value);
  if (n === 0) return "\u00a0";
  const missing = rules ? rules.min_chars - n : 0;
  return missing > 0
    ? `${formatNumber(n, 0)} characters so far; ${formatNumber(missing, 0)} more needed.`
    : `${formatNumber(n, 0)} characters.`;
}

/** A new password with the server's rules and a live length count beneath it. */
export function NewPasswordField({
  value,
  onValueChange,
  error,
}: {
  value: string;
  onValueChange: (value: string) => void;
  error?: string;
}) {
  const rules = usePasswordRules();
  return (
    <Field
      label="New password"
      type="password"
      autoComplete="new-password"
      required
      value={value}
      onChange={(e) => onValueChange(e.target.value)}
      error={error}
      hint={
        <>
          {rulesText(rules.data, rules.isPending)}
          <br />
          {countText(value, rules.data)}
        </>
      }
    />
  );
}
