import { useId, useState, type FormEvent } from "react";
import { ErrorMessage } from "../../../components/ErrorMessage";
import { Field } from "../../../components/Field";
import { useAddTransaction, type NewTransaction } from "../api/portfolios";
import styles from "../portfolios.module.css";

export const SIDES = [
  ["buy", "Buy"],
  ["sell", "Sell"],
  ["dividend", "Dividend"],
  ["fee", "Fee"],
  ["cash_in", "Cash in"],
  ["cash_out", "Cash out"],
] as const;
type Side = (typeof SIDES)[number][0];

const today = () => new Date().toISOString().slice(0, 10);
const DECIMAL = "[0-9]*\\.?[0-9]+";

/**
 * One transaction by hand. The rules shown are the server's: buys, sells and dividends name
 * a symbol, cash moves never do; only trades need a price (elsewhere the quantity is the
 * amount). Amounts go as the typed decimal strings, never through a float.
 */
export function TransactionForm({ portfolioId }: { portfolioId: string }) {
  const add = useAddTransaction(portfolioId);
  const [date, setDate] = useState(today);
  const [side, setSide] = useState<Side>("buy");
  const [symbol, setSymbol] = useState("");
  const [quantity, setQuantity] = useState("");
  const [price, setPrice] = useState("");
  const [fee, setFee] = useState("");
  const sideId = useId();
  const cash = side === "cash_in" || side === "cash_out";
  const trade = side === "buy" || side === "sell";
  const needsSymbol = trade || side === "dividend";

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: NewTransaction = { time: date, kind: side, quantity: quantity.trim() };
    if (!cash && symbol.trim()) body.symbol = symbol.trim().toUpperCase();
    if (price.trim()) body.price = price.trim();
    if (fee.trim()) body.fee = fee.trim();
    add.mutate(body, {
      onSuccess: () => {
        setQuantity("");
        setPrice("");
        setFee("");
      },
    });
  };

  return (
    <form onSubmit={submit} aria-label="Add a transaction" className="form">
      <div className={styles.txForm}>
        <Field label="Date" type="date" required value={date} onChange={(e) => setDate(e.target.value)} />
        <div className="field">
          <label htmlFor={sideId}>Side</label>
          <select id={sideId} value={side} onChange={(e) => setSide(e.target.value as Side)}>
            {SIDES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <Field
          label="Symbol"
          value={cash ? "" : symbol}
          onChange={(e) => setSymbol(e.target.value)}
          required={needsSymbol}
          disabled={cash}
          placeholder={cash ? "none for cash" : side === "fee" ? "optional" : "AAPL"}
          autoCapitalize="characters"
          autoComplete="off"
          spellCheck={false}
        />
        <Field
          label="Quantity"
          inputMode="decimal"
          pattern={DECIMAL}
          required
          value={quantity}
          onChange={(e) => setQuantity(e.target.value)}
          hint={trade ? undefined : "The amount"}
        />
        <Field
          label="Price"
          inputMode="decimal"
          pattern={DECIMAL}
          required={trade}
          value={price}
          onChange={(e) => setPrice(e.target.value)}
          hint={trade ? undefined : "Optional: 1"}
        />
        <Field
          label="Fee"
          inputMode="decimal"
          pattern={DECIMAL}
          placeholder="0"
          value={fee}
          onChange={(e) => setFee(e.target.value)}
        />
      </div>
      {add.error ? <ErrorMessage error={add.error} /> : null}
      <div>
        <button type="submit" className="btn btn-primary" disabled={add.isPending}>
          Add transaction
        </button>
      </div>
    </form>
  );
}
