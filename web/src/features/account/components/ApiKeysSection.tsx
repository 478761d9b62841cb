import { Link } from "react-router";
import { QueryState, Skeleton } from "../../../components/QueryState";
import { formatNumber } from "../../../lib/format";
import type { Me } from "../../../lib/session";
import { useApiKeys } from "../api/apiKeys";
import styles from "../Account.module.css";
import { KeyItem } from "./KeyItem";
import { NewKeyForm } from "./NewKeyForm";
import { Section } from "./Section";

/** Keys for programs; the plan caps how many live keys the account holds. */
export function ApiKeysSection({ user }: { user: Me }) {
  const keys = useApiKeys();
  const allowed = user.api_keys_allowed;
  const live = keys.data?.filter((k) => k.revoked_at === null || k.revoked_at === undefined).length ?? 0;

  return (
    <Section id="api-keys" title="API keys">
      {allowed === 0 ? (
        <div className="alert alert-info">
          <strong>Your plan ({user.plan}) includes no API keys.</strong>
          <p>
            Programs reach Harbinger with a key. <Link to="/plan">Upgrade your plan</Link> to create
            one.
          </p>
        </div>
      ) : (
        <>
          <p className="muted">
            Your plan ({user.plan}) allows {formatNumber(allowed, 0)} live{" "}
            {allowed === 1 ? "key" : "keys"}, each limited to{" "}
            {formatNumber(user.requests_per_minute, 0)} requests per minute.
            {keys.data && ` ${formatNumber(live, 0)} in use.`}
          </p>
          <NewKeyForm atLimit={keys.data !== undefined && live >= allowed} />
        </>
      )}
      <h3 className={styles.subhead}>Your keys</h3>
      <QueryState
        query={keys}
        skeleton={<Skeleton lines={2} />}
        isEmpty={(list) => list.length === 0}
        empty={allowed === 0 ? "No keys." : "No keys yet. Name one above to create it."}
      >
        {(list) => (
          <ul className={styles.list} aria-label="Your API keys">
            {[...list]
              .sort((a, b) => Number(!!a.revoked_at) - Number(!!b.revoked_at) || b.created_at - a.created_at)
              .map((k) => (
                <KeyItem key={k.id} apiKey={k} />
              ))}
          </ul>
        )}
      </QueryState>
    </Section>
  );
}
