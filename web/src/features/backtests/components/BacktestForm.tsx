import { useId, useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { ErrorMessage } from "../../../components/ErrorMessage";
import { Field } from "../../../components/Field";
import { useRunBacktest, type NewBacktest } from "../api/backtests";
import { STRATEGIES, STRATEGY_NAMES, type StrategyName } from "../strategies";
import styles from "../backtests.module.css";

/** "aapl, msft  nvda" → ["AAPL", "MSFT", "NVDA"], each once. */
export function parseSymbols(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((s) => s.trim().toUpperCase()).filter(Boolean))];
}

/** A number field's value, or undefined when left blank (the server's default then applies). */
const opt = (text: string) => (text.trim() === "" ? undefined : Number(text));

/**
 * What to backtest. Blank optional fields are left out of the request, so the server's
 * defaults apply and the report says which values were used.
 */
export function BacktestForm({ maxSymbols }: { maxSymbols: number }) {
  const run = useRunBacktest();
  const navigate = useNavigate();
  const [strategy, setStrategy] = useState<StrategyName>("sma_cross");
  const [symbols, setSymbols] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [fill, setFill] = useState<"next_open" | "close">("next_open");
  const [fees, setFees] = useState("");
  const [slippage, setSlippage] = useState("");
  const [size, setSize] = useState("");
  const [variants, setVariants] = useState("");
  const [params, setParams] = useState<Record<string, string>>({});
  const strategyId = useId();
  const fillId = useId();
  const specs = STRATEGIES[strategy].params;
  const count = parseSymbols(symbols).length;
  const tooMany = count > maxSymbols;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: NewBacktest = { strategy, symbols: parseSymbols(symbols), fill };
    if (from) body.from = from;
    if (to) body.to = to;
    body.fees_bps = opt(fees);
    body.slippage_bps = opt(slippage);
    body.size = opt(size);
    body.variants = opt(variants);
    const chosen = specs.flatMap((p) => {
      const v = opt(params[p.name] ?? "");
      return v === undefined ? [] : [[p.name, v] as const];
    });
    if (chosen.length) body.params = Object.fromEntries(chosen);
    run.mutate(body, { onSuccess: (b) => navigate(`/backtests/${b.id}`) });
  };

  return (
    <form className="form" onSubmit={submit} aria-label="New backtest">
      <div className={styles.grid}>
        <div className="field">
          <label htmlFor={strategyId}>Strategy</label>
          <select
            id={strategyId}
            value={strategy}
            onChange={(e) => {
              setStrategy(e.target.value as StrategyName);
              setParams({});
            }}
          >
            {STRATEGY_NAMES.map((s) => (
              <option key={s} value={s}>
                {STRATEGIES[s].label}
              </option>
            ))}
          </select>
        </div>
        <div className={styles.wide}>
          <Field
            label="Symbols"
            required
            value={symbols}
            onChange={(e) => setSymbols(e.target.value)}
            placeholder="AAPL, MSFT"
            autoCapitalize="characters"
            autoComplete="off"
            spellCheck={false}
            hint={`Separated by commas or spaces; up to ${maxSymbols} on your plan (${count} now).`}
            error={tooMany ? `Your plan backtests at most ${maxSymbols} symbols at once.` : undefined}
          />
        </div>
        <Field label="From" type="date" value={from} onChange={(e) => setFrom(e.target.value)} hint="Blank: all history" />
        <Field label="To" type="date" value={to} onChange={(e) => setTo(e.target.value)} hint="Inclusive" />
        <div className="field">
          <label htmlFor={fillId}>Fill</label>
          <select id={fillId} aria-describedby={`${fillId}-hint`} value={fill} onChange={(e) => setFill(e.target.value as "next_open" | "close")}>
            <option value="next_open">Next bar&apos;s open</option>
            <option value="close">Signal bar&apos;s close</option>
          </select>
          <p id={`${fillId}-hint`} className="field-hint">
            The next open has no look-ahead
          </p>
        </div>
        <Field label="Fees (bps per side)" type="number" min={0} max={1000} step="any" placeholder="0" value={fees} onChange={(e) => setFees(e.target.value)} />
        <Field label="Slippage (bps per side)" type="number" min={0} max={1000} step="any" placeholder="0" value={slippage} onChange={(e) => setSlippage(e.target.value)} />
        <Field label="Position size" type="number" min={0.01} max={1} step="any" placeholder="1" value={size} onChange={(e) => setSize(e.target.value)} hint="Share of equity per position, up to 1" />
        <Field
          label="Variants tried"
          type="number"
          min={1}
          max={100000}
          step={1}
          placeholder="1"
          value={variants}
          onChange={(e) => setVariants(e.target.value)}
          hint="Strategy settings you tried before this one: the deflated Sharpe discounts for them"
        />
      </div>
      <fieldset className={styles.params}>
        <legend>{STRATEGIES[strategy].label} parameters</legend>
        <div className={styles.grid}>
          {specs.map((p) => (
            <Field
              key={`${strategy}-${p.name}`}
              label={p.name}
              type="number"
              min={p.min}
              max={p.max}
              step={p.integer ? 1 : "any"}
              placeholder={String(p.default)}
              value={params[p.name] ?? ""}
              onChange={(e) => setParams({ ...params, [p.name]: e.target.value })}
              hint={`${p.doc} (default ${p.default})`}
            />
          ))}
        </div>
      </fieldset>
      {run.error ? <ErrorMessage error={run.error} /> : null}
      <div>
        <button type="submit" className="btn btn-primary" disabled={run.isPending || tooMany}>
          Run backtest
        </button>
      </div>
    </form>
  );
}
