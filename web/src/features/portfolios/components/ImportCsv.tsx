import { useId, useRef } from "react";
import { ErrorMessage } from "../../../components/ErrorMessage";
import { ApiError } from "../../../lib/api/http";
import { useImportCsv } from "../api/portfolios";

interface RowError {
  line: number | null;
  reason: string;
}

/** The bad rows of a refused import: the 422 problem's `errors` extension. */
function rejectedRows(error: unknown): RowError[] | null {
  if (!(error instanceof ApiError) || error.status !== 422) return null;
  const raw = error.problem?.errors;
  if (!Array.isArray(raw)) return null;
  return raw.flatMap((e: unknown) => {
    if (e === null || typeof e !== "object") return [];
    const r = e as Record<string, unknown>;
    return [{ line: typeof r.line === "number" ? r.line : null, reason: String(r.reason ?? "") }];
  });
}

/** A file's text through FileReader, which every browser (and jsdom) has. */
function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ""));
    reader.onerror = () => reject(reader.error ?? new Error("the file could not be read"));
    reader.readAsText(file);
  });
}

/**
 * CSV import: choosing a file sends it at once. The server stores all of it or none of it,
 * so a refusal lists every bad row and says plainly that nothing was imported.
 */
export function ImportCsv({ portfolioId }: { portfolioId: string }) {
  const run = useImportCsv(portfolioId);
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  const rows = rejectedRows(run.error);

  const choose = async (file: File | undefined) => {
    if (!file) return;
    run.mutate(await readText(file), {
      // Clear the input so choosing the same file again (after fixing it) sends it again.
      onSettled: () => {
        if (input.current) input.current.value = "";
      },
    });
  };

  return (
    <div className="field">
      <label htmlFor={id}>Import CSV</label>
      <input
        ref={input}
        id={id}
        type="file"
        accept=".csv,text/csv"
        aria-describedby={`${id}-hint`}
        disabled={run.isPending}
        onChange={(e) => void choose(e.target.files?.[0])}
      />
      <p id={`${id}-hint`} className="field-hint">
        Columns <code>date,symbol,side,quantity,price,fee</code> with a header row, as the export
        writes them. The file is imported as soon as you choose it, all of it or none of it.
      </p>
      <div aria-live="polite">
        {run.isPending && <p>Importing…</p>}
        {run.data && (
          <p className="alert alert-ok">
            Imported {run.data.imported} transaction{run.data.imported === 1 ? "" : "s"}.
          </p>
        )}
      </div>
      {rows ? (
        <div className="alert" role="alert">
          <strong>Nothing was imported.</strong>
          <p>
            An import is all or nothing: fix {rows.length === 1 ? "this row" : `these ${rows.length} rows`}{" "}
            and import the file again.
          </p>
          {run.error instanceof ApiError && run.error.detail && <p>{run.error.detail}</p>}
          <div className="table-wrap" tabIndex={0} role="region" aria-label="Rejected rows table">
            <table className="table" aria-label="Rejected rows">
              <thead>
                <tr>
                  <th scope="col" className="num">Line</th>
                  <th scope="col">Reason</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r, i) => (
                  <tr key={`${r.line ?? "x"}-${i}`}>
                    <td className="num">{r.line ?? "—"}</td>
                    <td>{r.line === null ? `An existing transaction: ${r.reason}` : r.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : run.error ? (
        <ErrorMessage error={run.error} />
      ) : null}
    </div>
  );
}
