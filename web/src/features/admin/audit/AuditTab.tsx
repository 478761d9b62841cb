import { useSearchParams } from "react-router";
import { Badge } from "../../../components/Badge";
import { Field } from "../../../components/Field";
import { QueryState, Skeleton } from "../../../components/QueryState";
import { formatDateTime } from "../../../lib/format";
import { AUDIT_PAGE, useAudit } from "../api/queries";
import type { AuditFilters, AuditRow } from "../api/types";
import styles from "../Admin.module.css";
import { AuditIntegrity } from "./AuditIntegrity";

/** Actions the server writes, offered as suggestions (any text is accepted). */
const ACTIONS = [
  "authn_login_success", "authn_login_fail", "authn_login_locked", "authn_lockout", "authn_logout",
  "authn_logout_others", "authn_password_change", "authn_password_reset", "authn_password_reset_requested",
  "authn_email_change", "authn_email_change_requested", "authn_mfa_enabled", "authn_mfa_disabled",
  "authn_mfa_fail", "authn_reauth_fail", "authn_session_revoked", "authz_fail", "authz_role_change",
  "plan_change", "user_created", "user_registered", "email_verified", "user_disabled", "user_enabled", "user_deleted",
  "apikey_created", "apikey_revoked", "webhook_rejected", "webhook_rejected_summary",
];

const TEXT_FILTERS = ["action", "actor_id", "target_id"] as const;

function filtersFrom(params: URLSearchParams): AuditFilters {
  const f: AuditFilters = {};
  for (const key of TEXT_FILTERS) {
    const v = params.get(key)?.trim();
    if (v) f[key] = v;
  }
  const after = Number(params.get("after_seq"));
  if (Number.isInteger(after) && after > 0) f.after_seq = after;
  return f;
}

function who(type: string | null, id: string | null) {
  if (!type && !id) return <span className="muted">—</span>;
  return (
    <>
      {type}
      {id && <code> {id}</code>}
    </>
  );
}

export function AuditTab() {
  const [params, setParams] = useSearchParams();
  const filters = filtersFrom(params);
  const audit = useAudit(filters);

  function apply(form: HTMLFormElement) {
    const data = new FormData(form);
    const next = new URLSearchParams();
    for (const key of [...TEXT_FILTERS, "after_seq"]) {
      const v = String(data.get(key) ?? "").trim();
      if (v) next.set(key, v);
    }
    setParams(next);
  }

  function page(afterSeq: number | null) {
    const next = new URLSearchParams(params);
    if (afterSeq === null) next.delete("after_seq");
    else next.set("after_seq", String(afterSeq));
    setParams(next);
  }

  return (
    <section aria-labelledby="audit-heading">
      <h2 id="audit-heading">Audit log</h2>
      <AuditIntegrity />
      <form
        className={styles.filters}
        aria-label="Filter the audit log"
        // Keyed by the URL so the inputs show the filters in force after back/forward.
        key={params.toString()}
        onSubmit={(e) => {
          e.preventDefault();
          apply(e.currentTarget);
        }}
      >
        <Field label="Action" name="action" list="audit-actions" defaultValue={filters.action ?? ""} />
        <datalist id="audit-actions">
          {ACTIONS.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
        <Field label="Actor id" name="actor_id" defaultValue={filters.actor_id ?? ""} />
        <Field label="Target id" name="target_id" defaultValue={filters.target_id ?? ""} />
        <Field label="After seq" name="after_seq" type="number" min={0} defaultValue={filters.after_seq ?? ""} />
        <button type="submit" className="btn">
          Apply
        </button>
        <button type="button" className="btn" onClick={() => setParams(new URLSearchParams())}>
          Clear
        </button>
      </form>

      <QueryState
        query={audit}
        skeleton={<Skeleton lines={8} />}
        isEmpty={(rows) => rows.length === 0}
        empty={filters.after_seq ? "No entries after this point." : "No entries match these filters."}
      >
        {(rows) => <AuditTable rows={rows} />}
      </QueryState>

      <div className={styles.pager}>
        <span className="muted">Oldest first, {AUDIT_PAGE} per page.</span>
        <span>
          {filters.after_seq !== undefined && (
            <button type="button" className="btn btn-small" onClick={() => page(null)}>
              First page
            </button>
          )}{" "}
          {audit.data && audit.data.length === AUDIT_PAGE && (
            <button type="button" className="btn btn-small" onClick={() => page(audit.data.at(-1)!.seq)}>
              Next page
            </button>
          )}
        </span>
      </div>
    </section>
  );
}

function AuditTable({ rows }: { rows: AuditRow[] }) {
  return (
    <>
      <div className="table-wrap">
        <table className="table" aria-label="Audit log entries">
          <thead>
            <tr>
              <th scope="col" className="num">Seq</th>
              <th scope="col">Time</th>
              <th scope="col">Action</th>
              <th scope="col">Outcome</th>
              <th scope="col">Actor</th>
              <th scope="col">Target</th>
              <th scope="col">IP</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td className="num">{r.seq}</td>
                <td>{formatDateTime(r.ts)}</td>
                <td>
                  <code>{r.action}</code>
                </td>
                <td>
                  <Badge tone={r.outcome === "success" ? "ok" : "fail"}>{r.outcome}</Badge>
                </td>
                <td>{who(r.actor_type, r.actor_id)}</td>
                <td>{who(r.target_type, r.target_id)}</td>
                <td>{r.ip ?? <span className="muted">—</span>}</td>
                <td className={styles.meta} title={[r.reason, r.metadata].filter(Boolean).join(" ")}>
                  {r.reason && <span>{r.reason} </span>}
                  {r.metadata && r.metadata !== "{}" && <code>{r.metadata}</code>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
