import type { InputHTMLAttributes } from "react";
import { Field } from "../../../components/Field";
import { formatNumber } from "../../../lib/format";
import { usePasswordRules, type PasswordRules } from "../api/auth";
import styles from "../Auth.module.css";
import { charCount } from "../passwordLength";

function RulesText({ rules, isPending, failed }: { rules?: PasswordRules; isPending: boolean; failed: boolean }) {
  if (rules) {
    return (
      <>
        {formatNumber(rules.min_chars, 0)} to {formatNumber(rules.max_chars, 0)} characters;{" "}
        {rules.strength}.
      </>
    );
  }
  if (isPending) return <>Loading the password rules…</>;
  return failed ? <>The rules could not be loaded; the server checks the password when you submit.</> : null;
}

function LengthHint({ value, rules }: { value: string; rules?: PasswordRules }) {
  const n = charCount(value);
  if (n === 0) return <span className={styles.count}>&nbsp;</span>;
  const missing = rules ? rules.min_chars - n : 0;
  if (missing > 0) {
    return (
      <span className={`${styles.count} ${styles.short}`}>
        {formatNumber(n, 0)} characters so far; {formatNumber(missing, 0)} more needed.
      </span>
    );
  }
  return <span className={styles.count}>{formatNumber(n, 0)} characters.</span>;
}

/**
 * A new password: the server's rules shown before submit, and a live length
 * count under the field. The strength verdict itself comes from the server.
 */
export function NewPasswordField({
  label,
  value,
  onValueChange,
  error,
  ...input
}: {
  label: string;
  value: string;
  onValueChange: (value: string) => void;
  error?: string;
} & Omit<InputHTMLAttributes<HTMLInputElement>, "value" | "onChange">) {
  const rules = usePasswordRules();
  return (
    <Field
      label={label}
      type="password"
      autoComplete="new-password"
      required
      value={value}
      onChange={(e) => onValueChange(e.target.value)}
      error={error}
      hint={
        <>
          <span className={styles.rules}>
            <RulesText rules={rules.data} isPending={rules.isPending} failed={rules.isError} />
          </span>
          <LengthHint value={value} rules={rules.data} />
        </>
      }
      {...input}
    />
  );
}
