import { useState } from "react";
import { ErrorMessage } from "../../../components/ErrorMessage";
import { Skeleton } from "../../../components/QueryState";
import { useSession } from "../../../lib/session";
import { usePlanIds } from "../api/queries";
import { useChangeUser, useUsers, type UserChange } from "../api/users";
import styles from "../Admin.module.css";
import { UserRow } from "./UserRow";

function describe(change: UserChange): string {
  switch (change.kind) {
    case "role":
      return `role of ${change.email} set to ${change.role}`;
    case "plan":
      return `plan of ${change.email} set to ${change.plan}`;
    case "disabled":
      return `${change.email} ${change.disabled ? "disabled" : "enabled"}`;
  }
}

export function UsersTab() {
  const { user: me } = useSession();
  const users = useUsers();
  const planIds = usePlanIds();
  const change = useChangeUser(me?.id);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState("");
  const [plan, setPlan] = useState("");

  const all = users.data?.pages.flat() ?? [];
  const needle = email.trim().toLowerCase();
  // The API pages users but does not filter them: the filters narrow the loaded pages.
  const shown = all.filter(
    (u) =>
      (!needle || u.email.toLowerCase().includes(needle)) &&
      (!role || u.role === role) &&
      (!plan || u.plan === plan),
  );
  const knownPlans = planIds.data ?? [...new Set(all.map((u) => u.plan))];

  return (
    <section aria-labelledby="users-heading">
      <h2 id="users-heading">Users</h2>
      <div className={styles.filters} role="search" aria-label="Filter users">
        <label>
          Email contains
          <input type="search" value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          Role
          <select value={role} onChange={(e) => setRole(e.target.value)}>
            <option value="">Any role</option>
            <option value="user">user</option>
            <option value="admin">admin</option>
          </select>
        </label>
        <label>
          Plan
          <select value={plan} onChange={(e) => setPlan(e.target.value)}>
            <option value="">Any plan</option>
            {knownPlans.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
      </div>

      <p className={styles.status} aria-live="polite">
        {change.isPending
          ? `Saving: ${describe(change.variables)}…`
          : change.isSuccess
            ? `Saved: ${describe(change.variables)}.`
            : ""}
      </p>
      {change.error && <ErrorMessage error={change.error} />}

      {users.isPending ? (
        <Skeleton lines={6} />
      ) : users.error ? (
        <ErrorMessage error={users.error} onRetry={() => users.refetch()} />
      ) : all.length === 0 ? (
        <div className="empty-state">No accounts yet.</div>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table" aria-label="Users">
              <thead>
                <tr>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">Plan</th>
                  <th scope="col">Verified</th>
                  <th scope="col">Access</th>
                  <th scope="col">Created</th>
                  <th scope="col" className={styles.actionsCell}>
                    Actions
                  </th>
                </tr>
              </thead>
              <tbody>
                {shown.map((u) => (
                  <UserRow
                    key={u.id}
                    user={u}
                    disabled={u.disabled}
                    planIds={knownPlans}
                    isSelf={u.id === me?.id}
                    pending={change.isPending && change.variables.id === u.id ? change.variables : null}
                    onChange={(c) => change.mutate(c)}
                  />
                ))}
              </tbody>
            </table>
          </div>
          {shown.length === 0 && <div className="empty-state">No loaded account matches these filters.</div>}
          <div className={styles.pager}>
            <span className="muted">
              {shown.length} of {all.length} loaded accounts shown
              {users.hasNextPage ? "; more on the server" : ""}.
            </span>
            {users.hasNextPage && (
              <button
                type="button"
                className="btn btn-small"
                disabled={users.isFetchingNextPage}
                onClick={() => users.fetchNextPage()}
              >
                {users.isFetchingNextPage ? "Loading…" : "Load more"}
              </button>
            )}
          </div>
        </>
      )}
    </section>
  );
}
