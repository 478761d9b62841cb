import { CopyButton } from "../../../components/CopyButton";
import styles from "../Account.module.css";

/** The ten recovery codes, shown this once: the server keeps only their hashes. */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  return (
    <div className="form">
      <div className="alert alert-ok" role="status">
        <strong>Two-factor authentication is on</strong>
      </div>
      <div className="alert alert-error">
        <strong>Save these recovery codes now. They are shown only once.</strong>
        <p>
          Each one signs you in once if you lose your phone. Keep them in a password manager or
          on paper, away from the device with the authenticator app.
        </p>
      </div>
      <ul className={styles.codes} aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <div className={styles.row}>
        <CopyButton text={codes.join("\n")} label="Copy recovery codes" />
        <button type="button" className="btn btn-primary" onClick={onDone}>
          I have saved them
        </button>
      </div>
    </div>
  );
}
