import { PageHeader } from "../../components/PageHeader";
import { Skeleton } from "../../components/QueryState";
import { useSession } from "../../lib/session";
import styles from "./Account.module.css";
import { ApiKeysSection } from "./components/ApiKeysSection";
import { DeleteAccountSection } from "./components/DeleteAccountSection";
import { EmailSection } from "./components/EmailSection";
import { PasswordSection } from "./components/PasswordSection";
import { ProfileSection } from "./components/ProfileSection";
import { SessionsSection } from "./components/SessionsSection";
import { TwoFactorSection } from "./components/TwoFactorSection";

const SECTIONS = [
  ["profile", "Profile"],
  ["password", "Password"],
  ["email", "Email"],
  ["two-factor", "Two-factor"],
  ["sessions", "Sessions"],
  ["api-keys", "API keys"],
  ["delete", "Delete account"],
] as const;

/** The signed-in user's own settings, one panel each, stacked so every one can be linked to. */
export function AccountPage() {
  const { user } = useSession();

  return (
    <article className="page">
      <PageHeader title="Account" description="Your sign-in details, security and API access." />
      {user ? (
        <div className={styles.layout}>
          <nav className={styles.toc} aria-label="Account sections">
            <ul>
              {SECTIONS.map(([id, label]) => (
                <li key={id}>
                  <a href={`#${id}`}>{label}</a>
                </li>
              ))}
            </ul>
          </nav>
          <div className={styles.sections}>
            <ProfileSection user={user} />
            <PasswordSection email={user.email} />
            <EmailSection email={user.email} />
            <TwoFactorSection enabled={user.totp_enabled} />
            <SessionsSection />
            <ApiKeysSection user={user} />
            <DeleteAccountSection />
          </div>
        </div>
      ) : (
        // RequireAuth guards the route; this covers the moment the session is being re-read.
        <Skeleton lines={6} />
      )}
    </article>
  );
}
