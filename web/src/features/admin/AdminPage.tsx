import { Navigate, NavLink, Route, Routes } from "react-router";
import { PageHeader } from "../../components/PageHeader";
import { AuditTab } from "./audit/AuditTab";
import { JobsTab } from "./jobs/JobsTab";
import { MailboxTab } from "./mailbox/MailboxTab";
import { ProvidersTab } from "./providers/ProvidersTab";
import { UsersTab } from "./users/UsersTab";
import styles from "./Admin.module.css";

const TABS = [
  { to: "users", label: "Users" },
  { to: "audit", label: "Audit log" },
  { to: "jobs", label: "Jobs" },
  { to: "providers", label: "Providers" },
  { to: "mailbox", label: "Mailbox" },
] as const;

function tabClass({ isActive }: { isActive: boolean }) {
  return isActive ? `${styles.tab} ${styles.tabActive}` : styles.tab;
}

/**
 * The operators' area (the route already refuses anyone without role admin).
 * Each section is a URL of its own, so a tab can be linked and reloaded.
 */
export function AdminPage() {
  return (
    <article className="page">
      <PageHeader title="Admin" description="Accounts, the audit log, jobs, data providers and mail." />
      <nav aria-label="Admin sections" className={styles.tabs}>
        {TABS.map((t) => (
          <NavLink key={t.to} to={`/admin/${t.to}`} className={tabClass}>
            {t.label}
          </NavLink>
        ))}
      </nav>
      <Routes>
        <Route index element={<Navigate to="users" replace />} />
        <Route path="users" element={<UsersTab />} />
        <Route path="audit" element={<AuditTab />} />
        <Route path="jobs" element={<JobsTab />} />
        <Route path="providers" element={<ProvidersTab />} />
        <Route path="mailbox" element={<MailboxTab />} />
        <Route path="*" element={<Navigate to="users" replace />} />
      </Routes>
    </article>
  );
}
