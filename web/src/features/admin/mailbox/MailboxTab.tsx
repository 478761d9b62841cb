import { useSearchParams } from "react-router";
import { Field } from "../../../components/Field";
import { QueryState, Skeleton } from "../../../components/QueryState";
import { formatDateTime, formatRelative } from "../../../lib/format";
import { MAILBOX_PAGE, useMailbox } from "../api/queries";
import styles from "../Admin.module.css";
import { linkify } from "./linkify";

/**
 * The dev mailbox: mail the server would have sent, kept in development when no
 * SMTP server is configured, newest first. The tokens in its links are masked
 * unless the operator turned that off for local testing; with SMTP the server
 * answers 404 and the error says mail is sent instead.
 */
export function MailboxTab() {
  const [params, setParams] = useSearchParams();
  const to = params.get("to")?.trim() ?? "";
  const mail = useMailbox(to);
  const now = Date.now();

  return (
    <section aria-labelledby="mailbox-heading">
      <h2 id="mailbox-heading">Mailbox</h2>
      <form
        className={styles.filters}
        aria-label="Filter mail"
        key={to}
        onSubmit={(e) => {
          e.preventDefault();
          const v = String(new FormData(e.currentTarget).get("to") ?? "").trim();
          setParams(v ? { to: v } : {});
        }}
      >
        <Field label="Recipient" name="to" type="email" defaultValue={to} placeholder="name@example.com" />
        <button type="submit" className="btn">
          Show
        </button>
        {to && (
          <button type="button" className="btn" onClick={() => setParams({})}>
            All mail
          </button>
        )}
        <button type="button" className="btn" onClick={() => mail.refetch()} disabled={mail.isFetching}>
          {mail.isFetching ? "Refreshing…" : "Refresh"}
        </button>
      </form>
      <p className={`muted ${styles.note}`}>
        Kept only in development while no SMTP server is configured. The newest {MAILBOX_PAGE} are shown; the tokens
        in their links read [hidden] unless <code>HARBINGER_SMTP__DEV_MAILBOX_SHOW_LINKS=true</code>.
      </p>
      <QueryState
        query={mail}
        skeleton={<Skeleton height={240} />}
        isEmpty={(list) => list.length === 0}
        empty={to ? `No mail to ${to}.` : "No mail yet."}
      >
        {(list) => (
          <div className={styles.mails}>
            {list.map((m) => (
              <article key={m.id} className={styles.mail} aria-labelledby={`mail-${m.id}`}>
                <h3 id={`mail-${m.id}`}>{m.subject}</h3>
                <p className={styles.mailMeta}>
                  <span>To {m.to_addr}</span>
                  <time dateTime={new Date(m.created_at).toISOString()} title={formatDateTime(m.created_at)}>
                    {formatRelative(m.created_at, now)}
                  </time>
                </p>
                <pre className={styles.mailBody}>{linkify(m.body)}</pre>
              </article>
            ))}
          </div>
        )}
      </QueryState>
    </section>
  );
}
