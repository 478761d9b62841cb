import { equityCsv, metricsCsv, type Report } from "../report";
import styles from "../backtests.module.css";

/** Saves `text` as a file: a Blob behind a temporary link, released right after. */
function save(name: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** The report as the server stored it (JSON), and CSV files built from it here. */
export function ExportButtons({ id, raw, report }: { id: string; raw: unknown; report: Report }) {
  const base = `backtest-${id.slice(0, 8)}`;
  return (
    <div className={styles.actions}>
      <button type="button" className="btn btn-small" onClick={() => save(`${base}.json`, JSON.stringify(raw, null, 2), "application/json")}>
        Download report (JSON)
      </button>
      <button type="button" className="btn btn-small" onClick={() => save(`${base}-metrics.csv`, metricsCsv(report), "text/csv")}>
        Download metrics (CSV)
      </button>
      <button type="button" className="btn btn-small" onClick={() => save(`${base}-equity.csv`, equityCsv(report), "text/csv")}>
        Download equity (CSV)
      </button>
    </div>
  );
}
