import { useState } from "react";
import { ErrorMessage } from "../../../components/ErrorMessage";
import { QueryState, Skeleton } from "../../../components/QueryState";
import { formatDateTime, formatMoney, formatNumber, formatPrice } from "../../../lib/format";
import {
  TX_PAGE,
  useDeleteTransaction,
  useTransactions,
  type Transaction,
} from "../api/portfolios";
import styles from "../portfolios.module.css";
import { signClass } from "./sign";
import { SIDES } from "./TransactionForm";

const sideLabel = (kind: string) => SIDES.find(([k]) => k === kind)?.[1] ?? kind;

/** Midnight UTC is a date-only entry: shown as the date it names, not shifted to local time. */
function when(ms: number): string {
  const d = new Date(ms);
  if (ms % 86_400_000 === 0) return d.toISOString().slice(0, 10);
  return formatDateTime(ms);
}

/** The book, a page at a time, in book order; paper portfolios read only. */
export function TransactionsTable({
  portfolioId,
  currency,
  readOnly,
}: {
  portfolioId: string;
  currency: string;
  readOnly: boolean;
}) {
  const [offset, setOffset] = useState(0);
  const txs = useTransactions(portfolioId, offset);
  const remove = useDeleteTransaction(portfolioId);
  const [confirming, setConfirming] = useState<string | null>(null);

  const row = (t: Transaction) => (
    <tr key={t.id}>
      <td>{when(t.time)}</td>
      <td>{sideLabel(t.kind)}</td>
      <td>{t.symbol ?? "—"}</td>
      <td className="num">{formatNumber(t.quantity, 6)}</td>
      <td className="num">{formatPrice(t.price)}</td>
      <td className="num">{formatMoney(t.fee, currency)}</td>
      <td className={`num ${signClass(t.cash_effect)}`}>{formatMoney(t.cash_effect, currency)}</td>
      {!readOnly && (
        <td>
          {confirming === t.id ? (
            <span className={styles.rowActions} role="group" aria-label="Confirm deletion">
              <button
                type="button"
                className="btn btn-small btn-danger"
                autoFocus
                disabled={remove.isPending}
                onClick={() => remove.mutate(t.id, { onSuccess: () => setConfirming(null) })}
              >
                Confirm delete
              </button>
              <button
                type="button"
                className="btn btn-small"
                onClick={() => {
                  setConfirming(null);
                  remove.reset();
                }}
              >
                Cancel
              </button>
            </span>
          ) : (
            <button
              type="button"
              className="btn btn-small"
              aria-label={`Delete ${sideLabel(t.kind)}${t.symbol ? ` ${t.symbol}` : ""} of ${when(t.time)}`}
              onClick={() => {
                remove.reset();
                setConfirming(t.id);
              }}
            >
              Delete
            </button>
          )}
        </td>
      )}
    </tr>
  );

  return (
    <QueryState
      query={txs}
      isEmpty={(list) => list.length === 0 && offset === 0}
      empty={<p>No transactions yet.</p>}
      skeleton={<Skeleton lines={4} />}
    >
      {(list) => (
        <>
          {remove.error ? <ErrorMessage error={remove.error} /> : null}
          <div className="table-wrap" tabIndex={0} role="region" aria-label="Transactions table">
            <table className="table" aria-label="Transactions">
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Side</th>
                  <th scope="col">Symbol</th>
                  <th scope="col" className="num">Quantity</th>
                  <th scope="col" className="num">Price</th>
                  <th scope="col" className="num">Fee</th>
                  <th scope="col" className="num">Cash effect</th>
                  {!readOnly && <th scope="col">Actions</th>}
                </tr>
              </thead>
              <tbody>{list.map(row)}</tbody>
            </table>
          </div>
          {(offset > 0 || list.length === TX_PAGE) && (
            <nav className={styles.pager} aria-label="Transaction pages">
              <button
                type="button"
                className="btn btn-small"
                disabled={offset === 0}
                onClick={() => setOffset(Math.max(0, offset - TX_PAGE))}
              >
                Previous
              </button>
              <span className="muted">
                {offset + 1}–{offset + list.length}
              </span>
              <button
                type="button"
                className="btn btn-small"
                disabled={list.length < TX_PAGE}
                onClick={() => setOffset(offset + TX_PAGE)}
              >
                Next
              </button>
            </nav>
          )}
        </>
      )}
    </QueryState>
  );
}
