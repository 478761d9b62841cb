import { Link } from "react-router";
import { Badge } from "../../../components/Badge";
import { formatDate, formatNumber } from "../../../lib/format";
import type { Me } from "../../../lib/session";
import styles from "../Account.module.css";
import { Section } from "./Section";

/** Who is signed in, on which plan, and since when. */
export function ProfileSection({ user }: { user: Me }) {
  return (
    <Section id="profile" title="Profile">
      <dl className={styles.facts}>
        <dt>Email</dt>
        <dd>
          <span className={styles.row}>
            <span className="mono">{user.email}</span>
            <Badge tone={user.email_verified ? "ok" : "pending"}>
              {user.email_verified ? "Verified" : "Not verified"}
            </Badge>
          </span>
          {!user.email_verified && (
            <span className="muted">
              Open the link in the verification mail we sent to this address. Until then the account has the Free
              plan&apos;s limits and no API keys, and it is deleted after a week.
            </span>
          )}
        </dd>
        <dt>Plan</dt>
        <dd>
          <span className={styles.row}>
            <span>
              {user.plan}: {formatNumber(user.requests_per_minute, 0)} API requests per minute
            </span>
            <Link to="/plan">Change plan</Link>
          </span>
        </dd>
        <dt>Two-factor</dt>
        <dd>
          <Badge tone={user.totp_enabled ? "ok" : "neutral"}>{user.totp_enabled ? "On" : "Off"}</Badge>
        </dd>
        <dt>Member since</dt>
        <dd>{formatDate(user.created_at)}</dd>
      </dl>
    </Section>
  );
}
