import { useState } from "react";
import { Badge } from "../../../components/Badge";
import { ErrorMessage } from "../../../components/ErrorMessage";
import { formatDate, formatRelative } from "../../../lib/format";
import { useRevokeApiKey, type KeyView } from "../api/apiKeys";
import styles from "../Account.module.css";

/** One key by name and prefix; revoking asks once more, since programs using it stop working. */
export function KeyItem({ apiKey }: { apiKey: KeyView }) {
  const revoke = useRevokeApiKey();
  const [confirming, setConfirming] = useState(false);
  const revoked = apiKey.revoked_at !== null && apiKey.revoked_at !== undefined;

  return (
    <li className={styles.item}>
      <div className={styles.itemMain}>
        <span className={styles.itemTitle}>
          <span>{apiKey.name}</span>
          <code className="muted">{apiKey.prefix}…</code>
          {apiKey.scopes.map((s) => (
            <Badge key={s} tone="neutral">
              {s}
            </Badge>
          ))}
          {revoked && <Badge tone="fail">Revoked</Badge>}
        </span>
        <span className={styles.itemMeta}>
          Created {formatDate(apiKey.created_at)} ·{" "}
          {apiKey.last_used_at ? `last used ${formatRelative(apiKey.last_used_at)}` : "never used"}
          {revoked && ` · revoked ${formatDate(apiKey.revoked_at)}`}
        </span>
        {revoke.error && <ErrorMessage error={revoke.error} />}
      </div>
      {!revoked && (
        <div className={styles.itemActions}>
          {confirming ? (
            <>
              <span role="status">Programs using this key stop working at once.</span>
              <button
                type="button"
                className="btn btn-small btn-danger"
                disabled={revoke.isPending}
                onClick={() => revoke.mutate(apiKey.id)}
              >
                Revoke “{apiKey.name}”
              </button>
              <button type="button" className="btn btn-small" onClick={() => setConfirming(false)}>
                Keep it
              </button>
            </>
          ) : (
            <button type="button" className="btn btn-small" onClick={() => setConfirming(true)}>
              Revoke <span className="visually-hidden">{apiKey.name}</span>
            </button>
          )}
        </div>
      )}
    </li>
  );
}
