import { useState, type FormEvent } from "react";
import { ErrorMessage } from "../../../components/ErrorMessage";
import { Field } from "../../../components/Field";
import { useChangeEmail } from "../api/security";
import styles from "../Account.module.css";
import { Section } from "./Section";

/** Starts an email change; the address changes only once the link mailed to it is opened. */
export function EmailSection({ email }: { email: string }) {
  const change = useChangeEmail();
  const [password, setPassword] = useState("");
  const [newEmail, setNewEmail] = useState("");

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    change.mutate(
      { password, new_email: newEmail.trim() },
      { onSuccess: () => setPassword("") },
    );
  }

  return (
    <Section id="email" title="Email">
      <p className="muted">
        You sign in with <span className="mono">{email}</span>. To change it, we mail a link to the
        new address; the change happens when you open it.
      </p>
      <form className={`form ${styles.form}`} onSubmit={onSubmit} aria-busy={change.isPending}>
        <Field
          label="New email"
          type="email"
          autoComplete="email"
          required
          maxLength={254}
          value={newEmail}
          onChange={(e) => {
            setNewEmail(e.target.value);
            if (change.isSuccess) change.reset();
          }}
        />
        <Field
          label="Current password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {change.error && <ErrorMessage error={change.error} />}
        {change.isSuccess && (
          <div className="alert alert-ok" role="status">
            <strong>Check the new inbox</strong>
            <p>
              We mailed a confirmation link to <span className="mono">{change.variables.new_email}</span>.
              Your address changes when you open it; until then, keep signing in with {email}.
            </p>
          </div>
        )}
        <div>
          <button type="submit" className="btn btn-primary" disabled={change.isPending}>
            Change email
          </button>
        </div>
      </form>
    </Section>
  );
}
