/**
 * Recent ledger entries, newest first, a page at a time. The page is kept in the URL
 * (`?after=`), so a link can point at any stretch of the chain.
 */
import { useSearchParams } from "react-router";
import { QueryState, Skeleton } from "../../../components/QueryState";
import {
  formatBarDate,
  formatDateTime,
  formatNumber,
  formatPercent,
  formatPrice,
} from "../../../lib/format";
import { PAGE, useLedgerEntries, type LedgerEntry } from "../api";
import styles from "../ledger.module.css";

type Fields = Record<string, unknown>;

function fields(text: string | null): Fields {
  if (!text) return {};
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Fields) : {};
  } catch {
    return {};
  }
}

const s = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : undefined);

/** What an entry says, in a sentence; the exact text it was hashed as under it. */
function Content({ e }: { e: LedgerEntry }) {
  if (e.sealed) {
    return (
      <>
        <strong className={`${styles.verdict} ${styles.pending}`}>Sealed</strong>{" "}
        <span className="muted">
          until {formatDateTime(e.released_to_free_at)}; committed to digest{" "}
          <code className="mono" title={e.content_hash ?? undefined}>
            {(e.content_hash ?? "").slice(0, 12)}…
          </code>
        </span>
      </>
    );
  }
  const f = fields(e.entry);
  const where = `${e.symbol ?? "?"} · ${e.strategy ?? "?"} · bar ${formatBarDate(e.bar_time)}`;
  const summary =
    e.kind === "signal"
      ? `${s(f.side) ?? "?"} at ${formatPrice(s(f.entry))}, stop ${formatPrice(s(f.stop))}, target ${formatPrice(s(f.target))}, confidence ${formatPercent(s(f.confidence), 0)}`
      : `${String(s(f.status) ?? "?").replaceAll("_", " ")}, exit ${formatPrice(s(f.exit_price))}, return ${formatPercent(s(f.return), 2, true)}`;
  return (
    <details>
      <summary>
        <strong>{where}</strong>: {summary}
      </summary>
      <pre className={`mono ${styles.entryText}`}>{e.entry}</pre>
    </details>
  );
}

export function EntriesTable({ headSeq }: { headSeq: number }) {
  const [params, setParams] = useSearchParams();
  const newest = Math.max(0, headSeq - PAGE);
  const asked = Number(params.get("after"));
  const after = params.has("after") && Number.isSafeInteger(asked) && asked >= 0 ? Math.min(asked, newest) : newest;
  const query = useLedgerEntries(after);
  const go = (to: number) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (to >= newest) next.delete("after");
        else next.set("after", String(to));
        return next;
      },
      { replace: false },
    );
  const last = Math.min(after + PAGE, headSeq);

  return (
    <section aria-labelledby="entries-heading">
      <h2 id="entries-heading">Entries</h2>
      <QueryState query={query} skeleton={<Skeleton height={PAGE * 37} />}>
        {(page) => (
          <>
            <div className="table-wrap" tabIndex={0} role="region" aria-label="Ledger entries">
              <table className="table" aria-describedby="entries-range">
                <thead>
                  <tr>
                    <th scope="col" className="num">Seq</th>
                    <th scope="col">Kind</th>
                    <th scope="col">Recorded</th>
                    <th scope="col">Content</th>
                    <th scope="col">Hash</th>
                  </tr>
                </thead>
                <tbody>
                  {[...page.entries].reverse().map((e) => (
                    <tr key={e.seq}>
                      <td className="num mono">{formatNumber(e.seq, 0)}</td>
                      <td>{e.kind}</td>
                      <td>{formatDateTime(e.recorded_at)}</td>
                      <td className={styles.content}>
                        <Content e={e} />
                      </td>
                      <td>
                        <code className="mono" title={e.hash}>
                          {e.hash.slice(0, 12)}…
                        </code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <nav className={styles.pager} aria-label="Ledger pages">
              <button type="button" className="btn btn-small" disabled={after <= 0} onClick={() => go(Math.max(0, after - PAGE))}>
                Older
              </button>
              <span id="entries-range" className="muted">
                Seq {formatNumber(after + 1, 0)}–{formatNumber(last, 0)} of {formatNumber(headSeq, 0)}
              </span>
              <button type="button" className="btn btn-small" disabled={after >= newest} onClick={() => go(after + PAGE)}>
                Newer
              </button>
            </nav>
          </>
        )}
      </QueryState>
    </section>
  );
}
