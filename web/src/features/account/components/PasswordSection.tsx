import { useState, type FormEvent } from "react";
import { ErrorMessage } from "../../../components/ErrorMessage";
import { Field } from "../../../components/Field";
import { useChangePassword, usePasswordRules } from "../api/security";
import styles from "../Account.module.css";
import { lengthProblem, NewPasswordField } from "./NewPasswordField";
import { Section } from "./Section";

export function PasswordSection({ email }: { email: string }) {
  const change = useChangePassword();
  const rules = usePasswordRules();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [tooShort, setTooShort] = useState<string>();

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const problem = lengthProblem(next, rules.data);
    setTooShort(problem);
    if (problem) return;
    change.mutate(
      { current_password: current, new_password: next },
      {
        onSuccess: () => {
          setCurrent("");
          setNext("");
        },
      },
    );
  }

  return (
    <Section id="password" title="Password">
      <form className={`form ${styles.form}`} onSubmit={onSubmit} aria-busy={change.isPending}>
        {/* Lets password managers file the new password under the right account. */}
        <input type="email" autoComplete="username" hidden readOnly value={email} />
        <Field
          label="Current password"
          type="password"
          autoComplete="current-password"
          required
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
        />
        <NewPasswordField
          value={next}
          onValueChange={(value) => {
            setNext(value);
            if (tooShort) setTooShort(lengthProblem(value, rules.data));
            if (change.isSuccess) change.reset();
          }}
          error={tooShort}
        />
        {change.error && <ErrorMessage error={change.error} />}
        {change.isSuccess && (
          <div className="alert alert-ok" role="status">
            Password changed. Every other session was signed out; this one stays signed in.
          </div>
        )}
        <div>
          <button type="submit" className="btn btn-primary" disabled={change.isPending}>
            Change password
          </button>
        </div>
      </form>
    </Section>
  );
}
