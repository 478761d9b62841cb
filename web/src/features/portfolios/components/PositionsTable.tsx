import { formatMoney, formatNumber, formatPercent, formatPrice, formatBarDate } from "../../../lib/format";
import type { PortfolioDetail, Position } from "../api/portfolios";
import styles from "../portfolios.module.css";
import { signClass } from "./sign";

/**
 * Average cost per unit, for display only: the server gives the open lots' cost basis and the
 * quantity, not their ratio. Totals are never added up here.
 */
function averageCost(p: Position): number | undefined {
  const q = Number(p.quantity);
  const c = Number(p.cost_basis);
  return q > 0 && Number.isFinite(c) ? c / q : undefined;
}

export function PositionsTable({ detail }: { detail: PortfolioDetail }) {
  const ccy = detail.base_currency;
  if (detail.positions.length === 0) {
    return <p className="empty-state">No open positions. Add a buy below, or import a CSV file.</p>;
  }
  return (
    <>
      <div className="table-wrap" tabIndex={0} role="region" aria-label="Positions table">
        <table className="table" aria-label="Positions">
          <thead>
            <tr>
              <th scope="col">Symbol</th>
              <th scope="col" className="num">Quantity</th>
              <th scope="col" className="num">Average cost</th>
              <th scope="col" className="num">Price</th>
              <th scope="col" className="num">Value</th>
              <th scope="col" className="num">Unrealised P&amp;L</th>
              <th scope="col" className="num">Weight</th>
            </tr>
          </thead>
          <tbody>
            {detail.positions.map((p) => (
              <tr key={p.symbol}>
                <th scope="row" className={styles.rowHead}>{p.symbol}</th>
                <td className="num">{formatNumber(p.quantity, 6)}</td>
                <td className="num">{formatPrice(averageCost(p))}</td>
                <td className="num">
                  {p.priced ? (
                    <span title={p.price_time ? `Close of ${formatBarDate(p.price_time)}` : undefined}>
                      {formatPrice(p.last_price)}
                    </span>
                  ) : (
                    <span className="muted">no price</span>
                  )}
                </td>
                <td className="num">{formatMoney(p.market_value, ccy)}</td>
                <td className={`num ${signClass(p.unrealized_pnl)}`}>
                  {formatMoney(p.unrealized_pnl, ccy)}
                </td>
                <td className="num">{formatPercent(p.weight, 1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {detail.unpriced.length > 0 && (
        <p className="muted">
          No stored price for {detail.unpriced.join(", ")}: left out of the value and the weights.
        </p>
      )}
    </>
  );
}

export function SummaryStats({ detail }: { detail: PortfolioDetail }) {
  const ccy = detail.base_currency;
  const money: [string, string, boolean?][] = [
    ["Total value", detail.total_value],
    ["Holdings", detail.holdings_value],
    ["Cash", detail.cash],
    ["Realised P&L", detail.realized_pnl, true],
    ["Unrealised P&L", detail.unrealized_pnl, true],
    ["Dividends", detail.dividends],
    ["Fees", detail.fees],
    ["Net cash in", detail.net_flows],
  ];
  return (
    <section aria-label="Summary">
      <dl className="stat-grid">
        {money.map(([label, value, signed]) => (
          <div className="stat" key={label}>
            <dt>{label}</dt>
            <dd className={signed ? signClass(value) : undefined}>{formatMoney(value, ccy)}</dd>
          </div>
        ))}
        <div className="stat">
          <dt>Return (TWR)</dt>
          <dd className={signClass(detail.twr)}>{formatPercent(detail.twr, 2, true)}</dd>
        </div>
      </dl>
    </section>
  );
}
