/**
 * The signal's research note: its summary, each claim with links to the
 * sources it rests on, and a button to ask for one. The plan sets how many
 * notes a day may be asked for; the server's refusal is shown as it is given.
 */
import { Link } from "react-router";
import { Badge } from "../../../components/Badge";
import { ErrorMessage } from "../../../components/ErrorMessage";
import { Skeleton } from "../../../components/QueryState";
import { formatDateTime } from "../../../lib/format";
import { ApiError } from "../../../lib/api/http";
import { useMyPlan, useRequestResearch, useResearch } from "../api/queries";
import styles from "./detail.module.css";

/** A citation's address, when it is one a link may point to. */
function safeHref(url: string): string | undefined {
  if (url.startsWith("/")) return url;
  try {
    const u = new URL(url);
    return u.protocol === "https:" || u.protocol === "http:" ? u.href : undefined;
  } catch {
    return undefined;
  }
}

function Citation({ url, title }: { url: string; title?: string | null }) {
  const href = safeHref(url);
  const text = title || url;
  return href ? (
    <a href={href} target="_blank" rel="noopener noreferrer nofollow">
      {text}
    </a>
  ) : (
    <span>{text}</span>
  );
}

export function ResearchPanel({ signalId }: { signalId: string }) {
  const { plan } = useMyPlan();
  const research = useResearch(signalId, true);
  const ask = useRequestResearch(signalId);
  const noBudget = plan !== undefined && plan.ai_notes_per_day === 0;
  const note = research.data?.note;
  const status = research.data?.status;

  return (
    <section className="panel" aria-labelledby="research-heading">
      <div className="panel-header">
        <h2 id="research-heading">Research note</h2>
        {status && (
          <Badge tone={status === "ready" ? "ok" : status === "failed" ? "fail" : "pending"}>
            {status === "ready" ? "Ready" : status === "failed" ? "Failed" : "Being written…"}
          </Badge>
        )}
      </div>
      <div className={styles.research}>
        {research.isPending ? (
          <Skeleton lines={3} />
        ) : research.error ? (
          <ErrorMessage error={research.error} onRetry={() => research.refetch()} />
        ) : note ? (
          <>
            <p>{note.summary}</p>
            {note.claims.length > 0 && (
              <ol className={styles.claims}>
                {note.claims.map((c, i) => (
                  <li key={i}>
                    {c.text}
                    {c.sources.length > 0 && (
                      <span className={styles.sources}>
                        {" "}
                        ({c.sources.map((s, j) => (
                          <span key={j}>
                            {j > 0 && ", "}
                            <Citation url={s.url} title={s.title} />
                          </span>
                        ))})
                      </span>
                    )}
                  </li>
                ))}
              </ol>
            )}
            {note.citations.length > 0 && (
              <>
                <h3 className={styles.subhead}>Sources</h3>
                <ul className={styles.citations}>
                  {note.citations.map((c, i) => (
                    <li key={i}>
                      <Citation url={c.url} title={c.title} />
                    </li>
                  ))}
                </ul>
              </>
            )}
            <p className="muted">
              Written {formatDateTime(research.data?.updated_at)}
              {research.data?.model ? ` by ${research.data.model}` : ""}. It describes the signal; the
              prices and the confidence are Harbinger's models' alone.
            </p>
          </>
        ) : status === "pending" ? (
          <p role="status">The note is being written; it appears here when it is ready.</p>
        ) : status === "failed" ? (
          <p>The last attempt failed ({research.data?.error ?? "unknown reason"}). You may ask again.</p>
        ) : (
          <p className="muted">Nobody has asked for a note on this signal yet.</p>
        )}

        {noBudget && (
          <div className="alert alert-info" id={`${signalId}-no-notes`}>
            <p>
              Research notes are not part of the {plan.id} plan (0 a day).{" "}
              <Link to="/plan">See the plans</Link> to get them.
            </p>
          </div>
        )}
        {status !== "ready" && status !== "pending" && (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => ask.mutate()}
            disabled={noBudget || ask.isPending}
            aria-describedby={noBudget ? `${signalId}-no-notes` : undefined}
          >
            {ask.isPending ? "Requesting…" : "Request research note"}
          </button>
        )}
        {ask.error && <ResearchRefusal error={ask.error} />}
      </div>
    </section>
  );
}

function ResearchRefusal({ error }: { error: unknown }) {
  const limited = error instanceof ApiError && (error.status === 429 || error.status === 403);
  return (
    <div>
      <ErrorMessage error={error} />
      {limited && (
        <p>
          <Link to="/plan">Compare plans</Link> for a larger research budget.
        </p>
      )}
    </div>
  );
}
