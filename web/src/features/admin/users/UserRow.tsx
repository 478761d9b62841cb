import { useState } from "react";
import { Badge } from "../../../components/Badge";
import { formatDate } from "../../../lib/format";
import type { AdminUser } from "../api/types";
import type { UserChange } from "../api/users";
import styles from "../Admin.module.css";

const ROLES = ["user", "admin"] as const;

/**
 * One account: role and plan apply on change; disabling ends every session
 * the account has, so it asks first (inline, so it works without a dialog).
 */
export function UserRow({
  user,
  disabled,
  planIds,
  isSelf,
  pending,
  onChange,
}: {
  user: AdminUser;
  /** null: not known (the audit log could not be read). */
  disabled: boolean | null;
  planIds: string[];
  isSelf: boolean;
  /** The change being sent for this row, if any. */
  pending: UserChange | null;
  onChange: (change: UserChange) => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const base = { id: user.id, email: user.email };
  const busy = pending !== null;
  const role = pending?.kind === "role" ? pending.role : user.role;
  const plan = pending?.kind === "plan" ? pending.plan : user.plan;
  const plans = planIds.includes(user.plan) ? planIds : [user.plan, ...planIds];
  const verb = disabled ? "Enable" : "Disable";

  return (
    <tr>
      <th scope="row" className={styles.rowHead}>
        {user.email}
        {isSelf && <span className="muted"> (you)</span>}
      </th>
      <td>
        <select
          aria-label={`Role for ${user.email}`}
          value={role}
          // Demoting yourself would lock you out of this page.
          disabled={busy || isSelf}
          title={isSelf ? "You cannot change your own role" : undefined}
          onChange={(e) => onChange({ ...base, kind: "role", role: e.target.value })}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </td>
      <td>
        <select
          aria-label={`Plan for ${user.email}`}
          value={plan}
          disabled={busy}
          onChange={(e) => onChange({ ...base, kind: "plan", plan: e.target.value })}
        >
          {plans.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
        {user.billing_status && <span className="muted"> ({user.billing_status})</span>}
      </td>
      <td>
        <Badge tone={user.email_verified ? "ok" : "pending"}>
          {user.email_verified ? "Verified" : "Unverified"}
        </Badge>
      </td>
      <td>
        {disabled === null ? (
          <Badge tone="neutral">Unknown</Badge>
        ) : (
          <Badge tone={disabled ? "fail" : "ok"}>{disabled ? "Disabled" : "Active"}</Badge>
        )}
      </td>
      <td>{formatDate(user.created_at)}</td>
      <td className={styles.actionsCell}>
        {isSelf ? (
          <span className="muted">—</span>
        ) : confirming ? (
          <span className={styles.confirm}>
            <span>{disabled ? "Let them sign in again?" : "Sign them out everywhere?"}</span>
            <button
              type="button"
              className={disabled ? "btn btn-small" : "btn btn-small btn-danger"}
              autoFocus
              aria-label={`Confirm ${verb.toLowerCase()} ${user.email}`}
              onClick={() => {
                setConfirming(false);
                onChange({ ...base, kind: "disabled", disabled: !disabled });
              }}
            >
              Confirm
            </button>
            <button type="button" className="btn btn-small" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </span>
        ) : (
          <button
            type="button"
            className={disabled ? "btn btn-small" : "btn btn-small btn-danger"}
            disabled={busy || disabled === null}
            aria-label={`${verb} ${user.email}`}
            onClick={() => setConfirming(true)}
          >
            {pending?.kind === "disabled" ? "Saving…" : verb}
          </button>
        )}
      </td>
    </tr>
  );
}
