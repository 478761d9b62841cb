import { useId, useState, type FormEvent } from "react";
import { ErrorMessage } from "../../../components/ErrorMessage";
import { Field } from "../../../components/Field";
import { useCreatePortfolio, type NewPortfolio } from "../api/portfolios";
import { STRATEGIES, STRATEGY_LABELS } from "../strategies";

/**
 * A new portfolio: a name and, optionally, a strategy to follow. A followed strategy makes it
 * a paper portfolio whose trades the server writes itself, so stake and capital are asked
 * only then.
 */
export function CreatePortfolioForm({ disabled }: { disabled: boolean }) {
  const create = useCreatePortfolio();
  const [name, setName] = useState("");
  const [follow, setFollow] = useState("");
  const [stake, setStake] = useState("");
  const [capital, setCapital] = useState("");
  const followId = useId();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: NewPortfolio = { name: name.trim() };
    if (follow) {
      body.follow = { strategy: follow };
      if (stake.trim()) body.follow.stake = stake.trim();
      if (capital.trim()) body.follow.capital = capital.trim();
    }
    create.mutate(body, {
      onSuccess: () => {
        setName("");
        setFollow("");
        setStake("");
        setCapital("");
      },
    });
  };

  return (
    <form className="form" onSubmit={submit} aria-label="New portfolio">
      <Field
        label="Portfolio name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        required
        maxLength={100}
        disabled={disabled}
        autoComplete="off"
      />
      <div className="field">
        <label htmlFor={followId}>Follows a strategy</label>
        <select
          id={followId}
          value={follow}
          onChange={(e) => setFollow(e.target.value)}
          disabled={disabled}
          aria-describedby={`${followId}-hint`}
        >
          <option value="">No: I record my own transactions</option>
          {STRATEGIES.map((s) => (
            <option key={s} value={s}>
              {STRATEGY_LABELS[s]} (paper)
            </option>
          ))}
        </select>
        <p id={`${followId}-hint`} className="field-hint">
          A paper portfolio buys each long signal of the strategy and sells at its outcome by
          itself; its transactions cannot be edited.
        </p>
      </div>
      {follow && (
        <>
          <Field
            label="Stake per signal (USD)"
            hint="Default 10000"
            inputMode="decimal"
            pattern="[0-9]+(\.[0-9]{1,2})?"
            placeholder="10000"
            value={stake}
            onChange={(e) => setStake(e.target.value)}
          />
          <Field
            label="Starting cash (USD)"
            hint="Default 100000"
            inputMode="decimal"
            pattern="[0-9]+(\.[0-9]{1,2})?"
            placeholder="100000"
            value={capital}
            onChange={(e) => setCapital(e.target.value)}
          />
        </>
      )}
      {create.error ? <ErrorMessage error={create.error} /> : null}
      <div>
        <button
          type="submit"
          className="btn btn-primary"
          disabled={disabled || create.isPending}
        >
          {create.isPending ? "Creating…" : "Create portfolio"}
        </button>
      </div>
    </form>
  );
}
