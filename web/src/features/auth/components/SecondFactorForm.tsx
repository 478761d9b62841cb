import { useState, type FormEvent } from "react";
import { ErrorMessage } from "../../../components/ErrorMessage";
import { Field } from "../../../components/Field";
import { isTotpRequired } from "../api/auth";
import styles from "../Auth.module.css";

/**
 * The second sign-in step: the six-digit code from the authenticator app, or
 * one of the recovery codes saved when two-factor was turned on.
 */
export function SecondFactorForm({
  pending,
  error,
  onSubmit,
  onBack,
}: {
  pending: boolean;
  error: unknown;
  onSubmit: (code: string) => void;
  onBack: () => void;
}) {
  const [recovery, setRecovery] = useState(false);
  const [code, setCode] = useState("");

  function submit(e: FormEvent) {
    e.preventDefault();
    // Authenticator apps show the code as "123 456"; the server wants the digits.
    onSubmit(recovery ? code.trim() : code.replace(/\s+/g, ""));
  }

  return (
    <form className="form" onSubmit={submit} aria-busy={pending}>
      {recovery ? (
        <Field
          key="recovery"
          label="Recovery code"
          hint="One of the ten codes you saved when you turned on two-factor authentication, like abcd-efgh-jkmn. Each works once."
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          required
          autoFocus
          className={styles.codeInput}
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
      ) : (
        <Field
          key="totp"
          label="Authentication code"
          hint="The 6-digit code your authenticator app shows for Harbinger."
          inputMode="numeric"
          autoComplete="one-time-code"
          required
          autoFocus
          maxLength={7}
          className={styles.codeInput}
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
      )}
      {error !== null && error !== undefined && (
        isTotpRequired(error) ? (
          <div className="alert alert-error" role="alert">
            <strong>That code was not accepted</strong>
            <p>
              {recovery
                ? "Check the recovery code; each one works only once."
                : "Check that it is the current code and that your device's clock is right."}
            </p>
          </div>
        ) : (
          <ErrorMessage error={error} />
        )
      )}
      <div className={styles.actions}>
        <button type="submit" className="btn btn-primary" disabled={pending}>
          Verify
        </button>
        <button
          type="button"
          className={styles.linkButton}
          onClick={() => {
            setRecovery(!recovery);
            setCode("");
          }}
        >
          {recovery ? "Use the authenticator app instead" : "Use a recovery code"}
        </button>
      </div>
      <button type="button" className={styles.linkButton} onClick={onBack}>
        Start again with a different account
      </button>
    </form>
  );
}
