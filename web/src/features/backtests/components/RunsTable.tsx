import { Link } from "react-router";
import { QueryState, Skeleton } from "../../../components/QueryState";
import { formatDateTime } from "../../../lib/format";
import { useBacktests, type Backtest } from "../api/backtests";
import { strategyLabel } from "../strategies";
import { StatusBadge } from "./StatusBadge";

/** The request as accepted by the server (a bare object in the schema). */
function requestOf(b: Backtest): { strategy: string; symbols: string[] } {
  const r = b.request as unknown as { strategy?: unknown; symbols?: unknown };
  return {
    strategy: typeof r.strategy === "string" ? r.strategy : "",
    symbols: Array.isArray(r.symbols) ? r.symbols.filter((s): s is string => typeof s === "string") : [],
  };
}

function symbolsText(symbols: string[]): string {
  return symbols.length <= 4 ? symbols.join(", ") : `${symbols.slice(0, 3).join(", ")} and ${symbols.length - 3} more`;
}

/** Your latest runs (the server keeps the last 50), newest first. */
export function RunsTable() {
  const runs = useBacktests();
  return (
    <QueryState
      query={runs}
      isEmpty={(list) => list.length === 0}
      empty={<p>No backtests yet.</p>}
      skeleton={<Skeleton lines={3} />}
    >
      {(list) => (
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Past backtests table">
          <table className="table" aria-label="Past backtests">
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Strategy</th>
                <th scope="col">Symbols</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {list.map((b) => {
                const req = requestOf(b);
                return (
                  <tr key={b.id}>
                    <td>
                      <Link to={`/backtests/${b.id}`}>{formatDateTime(b.created_at)}</Link>
                    </td>
                    <td>{strategyLabel(req.strategy)}</td>
                    <td>{symbolsText(req.symbols)}</td>
                    <td>
                      <StatusBadge status={b.status} />
                      {b.status === "running" && b.progress.total > 0 && (
                        <span className="muted">
                          {" "}
                          {b.progress.done}/{b.progress.total}
                        </span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </QueryState>
  );
}
