import { useRef, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { ErrorMessage } from "../../../components/ErrorMessage";
import { formatMoney, formatPercent } from "../../../lib/format";
import {
  useDeletePortfolio,
  usePortfolio,
  useRenamePortfolio,
  type Portfolio,
} from "../api/portfolios";
import { strategyLabel } from "../strategies";
import { signClass } from "./sign";
import styles from "../portfolios.module.css";

/**
 * One row of the list. The list endpoint carries no valuation, so each row reads its
 * portfolio's detail (the same cache entry its page uses) for the value and the return.
 */
export function PortfolioRow({ portfolio }: { portfolio: Portfolio }) {
  const detail = usePortfolio(portfolio.id);
  const rename = useRenamePortfolio();
  const remove = useDeletePortfolio();
  const [mode, setMode] = useState<"view" | "rename" | "confirm">("view");
  const [name, setName] = useState(portfolio.name);
  const actionsRef = useRef<HTMLDivElement>(null);
  const d = detail.data;
  const follows = d?.follows ?? portfolio.follows;

  const back = () => {
    setMode("view");
    rename.reset();
    remove.reset();
    // Keep the keyboard where it was: on this row's actions.
    requestAnimationFrame(() => actionsRef.current?.querySelector("button")?.focus());
  };
  const submitRename = (e: FormEvent) => {
    e.preventDefault();
    rename.mutate({ id: portfolio.id, name: name.trim() }, { onSuccess: back });
  };

  return (
    <tr>
      <td>
        <Link to={`/portfolios/${portfolio.id}`}>{portfolio.name}</Link>
        {follows && <span className="tag">Paper · {strategyLabel(follows.strategy)}</span>}
      </td>
      <td className="num">{cell(detail, d && formatMoney(d.total_value, d.base_currency))}</td>
      <td className={`num ${signClass(d?.twr)}`}>
        {cell(detail, d && formatPercent(d.twr, 2, true))}
      </td>
      <td>
        {mode === "view" && (
          <div className={styles.rowActions} ref={actionsRef}>
            <button
              type="button"
              className="btn btn-small"
              aria-label={`Rename ${portfolio.name}`}
              onClick={() => setMode("rename")}
            >
              Rename
            </button>
            <button
              type="button"
              className="btn btn-small btn-danger"
              aria-label={`Delete ${portfolio.name}`}
              onClick={() => setMode("confirm")}
            >
              Delete
            </button>
          </div>
        )}
        {mode === "rename" && (
          <form className={styles.rowActions} onSubmit={submitRename}>
            <label className="visually-hidden" htmlFor={`rename-${portfolio.id}`}>
              New name for {portfolio.name}
            </label>
            <input
              id={`rename-${portfolio.id}`}
              value={name}
              onChange={(e) => setName(e.target.value)}
              required
              maxLength={100}
              autoFocus
            />
            <button type="submit" className="btn btn-small btn-primary" disabled={rename.isPending}>
              Save
            </button>
            <button type="button" className="btn btn-small" onClick={back}>
              Cancel
            </button>
          </form>
        )}
        {mode === "confirm" && (
          <div className={styles.rowActions} role="group" aria-label={`Confirm deleting ${portfolio.name}`}>
            <span>Delete it and all its transactions?</span>
            <button
              type="button"
              className="btn btn-small btn-danger"
              disabled={remove.isPending}
              onClick={() => remove.mutate(portfolio.id)}
              autoFocus
            >
              Yes, delete {portfolio.name}
            </button>
            <button type="button" className="btn btn-small" onClick={back}>
              Cancel
            </button>
          </div>
        )}
        {(rename.error ?? remove.error) ? <ErrorMessage error={rename.error ?? remove.error} /> : null}
      </td>
    </tr>
  );
}

/** A value once loaded, a dash while loading, "unavailable" when its detail failed. */
function cell(q: { isPending: boolean; error: unknown }, text: string | undefined) {
  if (q.isPending) return <span className="muted" aria-label="Loading">…</span>;
  if (q.error || text === undefined) return <span className="muted">unavailable</span>;
  return text;
}
