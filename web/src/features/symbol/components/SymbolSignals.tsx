/** The symbol's latest signals, each linking to its detail. */
import { Link } from "react-router";
import { Badge, type Tone } from "../../../components/Badge";
import { QueryState, Skeleton } from "../../../components/QueryState";
import type { Schemas } from "../../../lib/api/client";
import { formatDateTime, formatPercent, formatPrice } from "../../../lib/format";
import type { QueryLike } from "../../../components/QueryState";

const OUTCOME: Record<string, [string, Tone]> = {
  target_hit: ["Target hit", "ok"],
  stop_hit: ["Stop hit", "fail"],
  expired: ["Expired", "neutral"],
};

const SHOWN = 12;

export function SymbolSignals({ query }: { query: QueryLike<Schemas["SignalPage"]> }) {
  return (
    <QueryState
      query={query}
      skeleton={<Skeleton lines={5} />}
      isEmpty={(d) => d.signals.every((s) => s.sealed)}
      empty="No signal has been issued on this symbol yet (or none has been released to your plan)."
    >
      {(d) => {
        const open = d.signals.filter((s) => !s.sealed);
        return (
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">Latest signals on this symbol</caption>
              <thead>
                <tr>
                  <th scope="col">Issued</th>
                  <th scope="col">Side</th>
                  <th scope="col">Strategy</th>
                  <th scope="col" className="num">Confidence</th>
                  <th scope="col" className="num">Entry</th>
                  <th scope="col">Outcome</th>
                </tr>
              </thead>
              <tbody>
                {open.slice(0, SHOWN).map((s) => {
                  const [label, tone] = s.outcome ? (OUTCOME[s.outcome.status] ?? [s.outcome.status, "neutral"]) : ["Open", "pending" as Tone];
                  return (
                    <tr key={s.id}>
                      <td>
                        <Link to={`/signals/${s.id}`}>{formatDateTime(s.issued_at)}</Link>
                      </td>
                      <td className={s.side === "long" ? "up" : "down"}>{s.side === "long" ? "▲ Long" : "▼ Short"}</td>
                      <td>{s.strategy}</td>
                      <td className="num">{formatPercent(s.confidence, 0)}</td>
                      <td className="num">{formatPrice(s.entry)}</td>
                      <td>
                        <Badge tone={tone}>{label}</Badge>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {open.length > SHOWN && (
              <p style={{ margin: "8px 12px" }}>
                <Link to={`/signals?symbol=${encodeURIComponent(open[0]!.symbol ?? "")}`}>All {open.length} signals on this symbol</Link>
              </p>
            )}
          </div>
        );
      }}
    </QueryState>
  );
}
