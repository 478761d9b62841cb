import { useState } from "react";
import { Badge } from "../../../components/Badge";
import { ErrorMessage } from "../../../components/ErrorMessage";
import { QueryState, Skeleton } from "../../../components/QueryState";
import { formatDateTime, formatNumber, formatRelative } from "../../../lib/format";
import { useEndOtherSessions, useEndSession, useSessions, type SessionView } from "../api/sessions";
import styles from "../Account.module.css";
import { describeAgent } from "../userAgent";
import { Section } from "./Section";

function SessionItem({ session }: { session: SessionView }) {
  const end = useEndSession();
  const device = describeAgent(session.user_agent);
  return (
    <li className={styles.item}>
      <div className={styles.itemMain}>
        <span className={styles.itemTitle}>
          <span title={session.user_agent ?? undefined}>{device}</span>
          {session.current && <Badge tone="info">This session</Badge>}
        </span>
        <span className={styles.itemMeta}>
          {session.ip ?? "Unknown address"} · signed in {formatDateTime(session.created_at)} · last
          seen {formatRelative(session.last_seen_at)}
        </span>
        {end.error && <ErrorMessage error={end.error} />}
      </div>
      {!session.current && (
        <div className={styles.itemActions}>
          <button
            type="button"
            className="btn btn-small"
            disabled={end.isPending}
            onClick={() => end.mutate(session.id)}
          >
            End session{" "}
            <span className="visually-hidden">
              on {device}, last seen {formatDateTime(session.last_seen_at)}
            </span>
          </button>
        </div>
      )}
    </li>
  );
}

/** Where the account is signed in; any other session can be ended from here. */
export function SessionsSection() {
  const sessions = useSessions();
  const endOthers = useEndOtherSessions();
  const [ended, setEnded] = useState<number>();
  const others = sessions.data?.filter((s) => !s.current).length ?? 0;

  return (
    <Section
      id="sessions"
      title="Sessions"
      status={
        <button
          type="button"
          className="btn btn-small"
          disabled={others === 0 || endOthers.isPending}
          onClick={() => endOthers.mutate(undefined, { onSuccess: (r) => setEnded(r.ended) })}
        >
          End all other sessions
        </button>
      }
    >
      {endOthers.error && <ErrorMessage error={endOthers.error} />}
      {ended !== undefined && (
        <div className="alert alert-ok" role="status">
          {ended === 1 ? "1 other session was" : `${formatNumber(ended, 0)} other sessions were`} signed out.
        </div>
      )}
      <QueryState
        query={sessions}
        skeleton={<Skeleton lines={3} />}
        isEmpty={(list) => list.length === 0}
        empty="No browser is signed in to this account."
      >
        {(list) => (
          <ul className={styles.list} aria-label="Signed-in sessions">
            {[...list]
              .sort((a, b) => Number(b.current) - Number(a.current) || b.last_seen_at - a.last_seen_at)
              .map((s) => (
                <SessionItem key={s.id} session={s} />
              ))}
          </ul>
        )}
      </QueryState>
    </Section>
  );
}
