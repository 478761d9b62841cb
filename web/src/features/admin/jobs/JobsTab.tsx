import { Badge } from "../../../components/Badge";
import { QueryState, Skeleton } from "../../../components/QueryState";
import { formatNumber } from "../../../lib/format";
import { useJobs } from "../api/queries";

const COUNTS = [
  { key: "queued", label: "Queued", hint: "waiting for a worker" },
  { key: "running", label: "Running", hint: "leased by a worker now" },
  { key: "done", label: "Done", hint: "finished" },
  { key: "dead", label: "Dead", hint: "out of attempts; needs a look" },
] as const;

export function JobsTab() {
  const jobs = useJobs();
  return (
    <section aria-labelledby="jobs-heading">
      <h2 id="jobs-heading">Jobs</h2>
      <QueryState query={jobs} skeleton={<Skeleton height={74} />}>
        {(counts) => (
          <>
            <dl className="stat-grid" aria-label="Jobs by status">
              {COUNTS.map((c) => (
                <div className="stat" key={c.key}>
                  <dt>{c.label}</dt>
                  <dd>
                    {formatNumber(counts[c.key], 0)}{" "}
                    {c.key === "dead" && counts.dead > 0 && <Badge tone="fail">Attention</Badge>}
                  </dd>
                  <dd className="muted">{c.hint}</dd>
                </div>
              ))}
            </dl>
            <p className="muted">
              Refreshed every 10 seconds. The API reports counts only; individual recent jobs are not
              listed.
            </p>
          </>
        )}
      </QueryState>
    </section>
  );
}
