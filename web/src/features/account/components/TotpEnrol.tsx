import { useState, type FormEvent } from "react";
import { CopyButton } from "../../../components/CopyButton";
import { ErrorMessage } from "../../../components/ErrorMessage";
import { Field } from "../../../components/Field";
import { useTotpConfirm, type TotpSetup } from "../api/security";
import styles from "../Account.module.css";
import { QrCode } from "./QrCode";

/** "ABCD EFGH …": easier to type from the screen; the apps ignore the spaces. */
const grouped = (secret: string) => secret.replace(/(.{4})(?=.)/g, "$1 ");

/** Step two of enrolment: scan, then prove it works with one code. */
export function TotpEnrol({
  setup,
  onEnabled,
  onCancel,
}: {
  setup: TotpSetup;
  onEnabled: (codes: string[]) => void;
  onCancel: () => void;
}) {
  const confirm = useTotpConfirm();
  const [code, setCode] = useState("");

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    confirm.mutate(code.replace(/\s+/g, ""), {
      onSuccess: (data) => onEnabled(data.recovery_codes),
    });
  }

  return (
    <div className={styles.enrol}>
      <QrCode text={setup.otpauth_uri} label="QR code to add Harbinger to your authenticator app" />
      <div className="form">
        <p>
          Scan the code with an authenticator app (1Password, Google Authenticator, Aegis…). No
          camera? Enter this key by hand:
        </p>
        <div className={styles.row}>
          <code className={styles.secret}>
            {grouped(setup.secret)}
          </code>
          <CopyButton text={setup.secret} label="Copy key" />
        </div>
        <form className={`form ${styles.form}`} onSubmit={onSubmit} aria-busy={confirm.isPending}>
          <Field
            label="Authentication code"
            hint="The 6-digit code the app now shows for Harbinger."
            inputMode="numeric"
            autoComplete="one-time-code"
            required
            maxLength={7}
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
          {confirm.error && <ErrorMessage error={confirm.error} />}
          <div className={styles.row}>
            <button type="submit" className="btn btn-primary" disabled={confirm.isPending}>
              Turn on two-factor authentication
            </button>
            <button type="button" className="btn" onClick={onCancel}>
              Cancel
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
