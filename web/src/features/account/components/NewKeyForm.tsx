import { useState, type FormEvent } from "react";
import { CopyButton } from "../../../components/CopyButton";
import { ErrorMessage } from "../../../components/ErrorMessage";
import { Field } from "../../../components/Field";
import { SCOPES, useCreateApiKey, type Scope } from "../api/apiKeys";
import styles from "../Account.module.css";

const SCOPE_TEXT: Record<Scope, { label: string; hint: string }> = {
  read: { label: "Read", hint: "signals, market data, your portfolios (every key can read)" },
  write: { label: "Write", hint: "also change your portfolios, watchlist and other data" },
};

/** Name and scopes in; the whole key out, shown this once. */
export function NewKeyForm({ atLimit }: { atLimit: boolean }) {
  const create = useCreateApiKey();
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<Set<Scope>>(() => new Set<Scope>(["read"]));

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    create.mutate(
      { name: name.trim(), scopes: SCOPES.filter((s) => scopes.has(s)) },
      { onSuccess: () => setName("") },
    );
  }

  function toggle(scope: Scope, on: boolean) {
    const next = new Set(scopes);
    if (on) next.add(scope);
    else next.delete(scope);
    setScopes(next);
  }

  return (
    <div className={styles.stack}>
      {create.data && (
        <div className="alert alert-ok form">
          <strong>Copy the key “{create.data.name}” now: it is shown only once.</strong>
          <output className={styles.secret} aria-label="New API key">
            {create.data.key}
          </output>
          <p className={styles.row}>
            <CopyButton text={create.data.key} label="Copy API key" />
            <button type="button" className="btn btn-small" onClick={() => create.reset()}>
              Done
            </button>
          </p>
          <p className="muted">
            Send it as <code>Authorization: Bearer &lt;key&gt;</code>. If it leaks, revoke it below.
          </p>
        </div>
      )}
      <form className={`form ${styles.form}`} onSubmit={onSubmit} aria-busy={create.isPending}>
        <Field
          label="Key name"
          hint="Where the key is used, e.g. “trading bot” or “spreadsheet”."
          required
          maxLength={100}
          autoComplete="off"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <fieldset className={styles.scopes}>
          <legend>Scopes</legend>
          {SCOPES.map((scope) => (
            <label key={scope} className={styles.check}>
              <input
                type="checkbox"
                checked={scopes.has(scope)}
                // The server gives every key read access; a write-only key does not exist.
                disabled={scope === "read"}
                onChange={(e) => toggle(scope, e.target.checked)}
              />
              <span>
                {SCOPE_TEXT[scope].label} <span className="muted">({SCOPE_TEXT[scope].hint})</span>
              </span>
            </label>
          ))}
        </fieldset>
        {create.error && <ErrorMessage error={create.error} />}
        {atLimit && (
          <p className="muted" id="key-limit">
            You have as many live keys as your plan allows; revoke one to create another.
          </p>
        )}
        <div>
          <button
            type="submit"
            className="btn btn-primary"
            disabled={create.isPending || atLimit}
            aria-describedby={atLimit ? "key-limit" : undefined}
          >
            Create key
          </button>
        </div>
      </form>
    </div>
  );
}
