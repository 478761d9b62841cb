/**
 * The public signal ledger: its head and signed checkpoint, verification in the
 * browser, and the entries themselves. Public: no sign-in.
 */
import { PageHeader } from "../../components/PageHeader";
import { QueryState, Skeleton } from "../../components/QueryState";
import { useLedgerHead } from "./api";
import { EntriesTable } from "./components/EntriesTable";
import { HeadPanel } from "./components/HeadPanel";
import { VerifyPanel } from "./components/VerifyPanel";

export function LedgerPage() {
  const head = useLedgerHead();
  return (
    <article className="page">
      <PageHeader
        title="Ledger"
        description={
          <>
            Every signal is appended here when it is issued, with its stop, target and horizon, and every
            outcome later as a new entry: nothing is edited. Each entry is hash-chained to the one before,
            and the head is signed daily, so a changed, removed or reordered entry shows.
          </>
        }
      />
      <VerifyPanel serverKey={head.data?.public_key} />
      <QueryState
        query={head}
        skeleton={<Skeleton height={260} />}
        isEmpty={(h) => h.seq === 0}
        empty={
          <>
            <p>The ledger is empty: no signal has been issued yet.</p>
            <p>The first entry is written when the first signal is issued; its outcome follows when it is graded.</p>
          </>
        }
      >
        {(h) => (
          <>
            <HeadPanel head={h} />
            <EntriesTable headSeq={h.seq} />
          </>
        )}
      </QueryState>
    </article>
  );
}
