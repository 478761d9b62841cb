/**
 * The record as CSV. The export is a plan feature: the file is fetched first, so a
 * refusal shows the server's own explanation instead of a broken download.
 */
import { useState } from "react";
import { describeError } from "../../../components/ErrorMessage";
import { fetchTrackCsv, type StrategyName } from "../api";
import styles from "../trackRecord.module.css";

export function CsvDownload({ strategy }: { strategy: StrategyName }) {
  const [state, setState] = useState<{ busy: boolean; error?: unknown }>({ busy: false });
  const download = async () => {
    setState({ busy: true });
    try {
      const blob = await fetchTrackCsv(strategy);
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = `track-record-${strategy}.csv`;
      a.click();
      // Revoked after the click has handed the file to the browser.
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      setState({ busy: false });
    } catch (error) {
      setState({ busy: false, error });
    }
  };
  const refusal = state.error ? describeError(state.error) : null;
  return (
    <div className={styles.csv}>
      <button type="button" className="btn" onClick={() => void download()} disabled={state.busy}>
        {state.busy ? "Preparing CSV…" : "Download CSV"}
      </button>
      {refusal && (
        <p role="alert" className={`alert ${styles.csvAlert}`}>
          <strong>{refusal.title}</strong>
          {refusal.detail ? `: ${refusal.detail}` : ""}
        </p>
      )}
    </div>
  );
}
