/**
 * A combobox that adds a symbol: type a ticker or a name, pick a suggestion
 * with the arrow keys and Enter (or the mouse). The WAI-ARIA combobox pattern:
 * focus stays in the field, the active option is announced.
 */
import { useEffect, useId, useState } from "react";
import { useSymbolSuggestions } from "../api/queries";
import styles from "./watchlist.module.css";

export function AddSymbol({
  onAdd,
  disabled,
  exclude,
}: {
  onAdd: (symbol: string) => void;
  disabled: boolean;
  exclude: readonly string[];
}) {
  const id = useId();
  const [text, setText] = useState("");
  const [q, setQ] = useState("");
  const [active, setActive] = useState(-1);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const t = setTimeout(() => setQ(text.trim()), 200);
    return () => clearTimeout(t);
  }, [text]);
  const search = useSymbolSuggestions(q);
  const options = (search.data?.items ?? []).filter((i) => !exclude.includes(i.symbol));
  const shown = open && q.length > 0 && options.length > 0;

  const choose = (symbol: string) => {
    onAdd(symbol);
    setText("");
    setQ("");
    setActive(-1);
    setOpen(false);
  };

  return (
    <div className={styles.combo}>
      <label htmlFor={`${id}-input`} className={styles.label}>
        Add a symbol
      </label>
      <input
        id={`${id}-input`}
        role="combobox"
        aria-expanded={shown}
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={shown && active >= 0 ? `${id}-opt-${active}` : undefined}
        className={styles.input}
        value={text}
        disabled={disabled}
        placeholder="Ticker or name"
        autoComplete="off"
        spellCheck={false}
        maxLength={64}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") {
            setOpen(true);
            setActive((a) => Math.min(a + 1, options.length - 1));
          } else if (e.key === "ArrowUp") {
            setActive((a) => Math.max(a - 1, -1));
          } else if (e.key === "Escape") {
            setOpen(false);
            setActive(-1);
          } else if (e.key === "Enter") {
            e.preventDefault();
            const pick = options[active] ?? options.find((o) => o.symbol === text.trim().toUpperCase());
            if (pick) choose(pick.symbol);
          } else return;
          if (e.key !== "Enter") e.preventDefault();
        }}
      />
      <ul id={`${id}-list`} role="listbox" aria-label="Suggestions" className={styles.options} hidden={!shown}>
        {options.map((o, i) => (
          <li
            key={o.symbol}
            id={`${id}-opt-${i}`}
            role="option"
            aria-selected={i === active}
            className={`${styles.option} ${i === active ? styles.optionActive : ""}`}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => choose(o.symbol)}
          >
            <strong>{o.symbol}</strong> <span className="muted">{o.name}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
