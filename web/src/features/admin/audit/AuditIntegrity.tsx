import { Badge } from "../../../components/Badge";
import { ErrorMessage } from "../../../components/ErrorMessage";
import { Skeleton } from "../../../components/QueryState";
import { formatNumber } from "../../../lib/format";
import { useAuditVerification } from "../api/queries";
import styles from "../Admin.module.css";

/**
 * Whether the audit log is intact: the server recomputes every row's hash and
 * checks the signed checkpoints, as `harbinger audit verify` does, and names
 * the first bad seq when it is not.
 */
export function AuditIntegrity() {
  const check = useAuditVerification();
  let body;
  if (check.isPending) {
    body = <Skeleton lines={1} />;
  } else if (check.error || !check.data) {
    body = <ErrorMessage error={check.error} onRetry={() => check.refetch()} />;
  } else if (check.data.intact) {
    const v = check.data;
    body = (
      <p>
        <Badge tone="ok">Intact</Badge> {formatNumber(v.rows ?? 0, 0)} rows up to seq{" "}
        {v.head_seq}, {formatNumber(v.checkpoints ?? 0, 0)} signed checkpoints matched
        {v.signatures_checked ? "" : " (no public key here: signatures not checked)"}.
      </p>
    );
  } else {
    body = (
      <p className="alert" role="alert">
        <Badge tone="fail">Broken</Badge> at seq {check.data.first_bad_seq}: {check.data.problem}.
      </p>
    );
  }
  return (
    <div className={styles.integrity} role="status" aria-label="Audit log integrity" aria-busy={check.isFetching}>
      {body}
      <button type="button" className="btn btn-small" disabled={check.isFetching} onClick={() => check.refetch()}>
        {check.isFetching ? "Verifying…" : "Verify again"}
      </button>
    </div>
  );
}
