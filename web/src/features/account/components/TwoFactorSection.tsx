import { useState, type FormEvent } from "react";
import { Badge } from "../../../components/Badge";
import { ErrorMessage } from "../../../components/ErrorMessage";
import { Field } from "../../../components/Field";
import { useTotpBegin, useTotpDisable } from "../api/security";
import styles from "../Account.module.css";
import { RecoveryCodes } from "./RecoveryCodes";
import { Section } from "./Section";
import { TotpEnrol } from "./TotpEnrol";

/**
 * A password form with one action: starting enrolment, or turning two-factor
 * off, which also asks for a current code (or a recovery code), so a stolen
 * password alone cannot remove the second factor.
 */
function PasswordStep({
  action,
  danger = false,
  withCode = false,
  mutation,
  onSubmit,
}: {
  action: string;
  danger?: boolean;
  withCode?: boolean;
  mutation: { isPending: boolean; error: unknown };
  onSubmit: (password: string, code: string) => void;
}) {
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  function submit(e: FormEvent) {
    e.preventDefault();
    onSubmit(password, code.trim());
  }
  return (
    <form className={`form ${styles.form}`} onSubmit={submit} aria-busy={mutation.isPending}>
      <Field
        label="Current password"
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      {withCode && (
        <Field
          label="Authentication code"
          hint="The six digits your authenticator app shows now, or one of your recovery codes."
          autoComplete="one-time-code"
          required
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
      )}
      {mutation.error !== null && <ErrorMessage error={mutation.error} />}
      <div>
        <button
          type="submit"
          className={danger ? "btn btn-danger" : "btn btn-primary"}
          disabled={mutation.isPending}
        >
          {action}
        </button>
      </div>
    </form>
  );
}

/**
 * Two-factor: off → password → scan and confirm with a code → recovery codes
 * (once) → on. The codes stay on screen until dismissed, even though the
 * refreshed session already says two-factor is on.
 */
export function TwoFactorSection({ enabled }: { enabled: boolean }) {
  const begin = useTotpBegin();
  const disable = useTotpDisable();
  const [codes, setCodes] = useState<string[]>();

  let body;
  if (codes) {
    body = <RecoveryCodes codes={codes} onDone={() => setCodes(undefined)} />;
  } else if (enabled) {
    body = (
      <>
        <p>
          Signing in asks for a code from your authenticator app, or one of your recovery codes.
        </p>
        <PasswordStep
          action="Turn off two-factor authentication"
          danger
          withCode
          mutation={disable}
          onSubmit={(password, code) =>
            disable.mutate({ password, code }, { onSuccess: () => begin.reset() })
          }
        />
      </>
    );
  } else if (begin.data) {
    body = (
      <TotpEnrol
        setup={begin.data}
        onEnabled={(recovery) => {
          setCodes(recovery);
          begin.reset();
        }}
        onCancel={() => begin.reset()}
      />
    );
  } else {
    body = (
      <>
        <p>
          Protect your account with a code from an authenticator app on your phone, asked for at
          every sign-in.
        </p>
        {disable.isSuccess && (
          <div className="alert alert-info" role="status">
            Two-factor authentication is off.
          </div>
        )}
        <PasswordStep
          action="Set up two-factor authentication"
          mutation={begin}
          onSubmit={(password) => begin.mutate(password, { onSuccess: () => disable.reset() })}
        />
      </>
    );
  }

  return (
    <Section
      id="two-factor"
      title="Two-factor authentication"
      status={<Badge tone={enabled ? "ok" : "neutral"}>{enabled ? "On" : "Off"}</Badge>}
    >
      {body}
    </Section>
  );
}
