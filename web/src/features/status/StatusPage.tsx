import { useCallback, useEffect, useState } from "react";
import { ApiError, getHealth, getReadiness, type Check, type Health, type Readiness } from "../../lib/api/http";
import { Badge } from "../../components/Badge";
import { usePageTitle } from "../../lib/usePageTitle";

type Load<T> =
  | { state: "loading" }
  | { state: "done"; data: T }
  | { state: "failed"; error: ApiError };

const HEALTHY = new Set(["ok", "healthy", "pass", "up", "alive", "ready"]);

function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError({
    status: 0,
    title: "Unexpected error",
    detail: err instanceof Error ? err.message : String(err),
  });
}

function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === "AbortError";
}

/** Shows `/healthz` and `/readyz` of the Harbinger instance serving this page. */
export function Status() {
  usePageTitle("System status");
  const [health, setHealth] = useState<Load<Health>>({ state: "loading" });
  const [readiness, setReadiness] = useState<Load<Readiness>>({ state: "loading" });
  const [checkedAt, setCheckedAt] = useState<Date | null>(null);
  const [round, setRound] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setHealth({ state: "loading" });
    setReadiness({ state: "loading" });

    const settle = <T,>(promise: Promise<T>, set: (load: Load<T>) => void) =>
      promise.then(
        (data) => set({ state: "done", data }),
        (err: unknown) => {
          if (!isAbort(err)) set({ state: "failed", error: toApiError(err) });
        },
      );

    void Promise.all([
      settle(getHealth(controller.signal), setHealth),
      settle(getReadiness(controller.signal), setReadiness),
    ]).then(() => {
      if (!controller.signal.aborted) setCheckedAt(new Date());
    });

    return () => controller.abort();
  }, [round]);

  const refresh = useCallback(() => setRound((n) => n + 1), []);
  const busy = health.state === "loading" || readiness.state === "loading";

  return (
    <article className="page">
      <div className="page-heading">
        <h1>System status</h1>
        <button type="button" className="button" onClick={refresh} disabled={busy}>
          {busy ? "Checking…" : "Refresh"}
        </button>
      </div>
      <p className="muted" aria-live="polite">
        {checkedAt ? `Last checked ${checkedAt.toLocaleTimeString()}.` : "Checking…"}
      </p>

      <StatusPanel
        title="Liveness"
        endpoint="/healthz"
        load={health}
        isOk={(h) => HEALTHY.has(h.status.toLowerCase())}
        checks={(h) => h.checks}
        extra={(h) => extraFields(h)}
      />
      <StatusPanel
        title="Readiness"
        endpoint="/readyz"
        load={readiness}
        isOk={(r) => r.status === "ready" && Object.values(r.checks).every((c) => c.ok)}
        checks={(r) => r.checks}
      />
    </article>
  );
}

/** Scalar fields of the health body other than status and checks (version, uptime…). */
function extraFields(health: Health): [string, string][] {
  return Object.entries(health)
    .filter(([key]) => key !== "status" && key !== "checks")
    .filter(([, value]) => ["string", "number", "boolean"].includes(typeof value))
    .map(([key, value]) => [key, String(value)]);
}

interface PanelProps<T extends { status: string }> {
  title: string;
  endpoint: string;
  load: Load<T>;
  isOk: (data: T) => boolean;
  checks: (data: T) => Record<string, Check> | undefined;
  extra?: (data: T) => [string, string][];
}

function StatusPanel<T extends { status: string }>(props: PanelProps<T>) {
  const { title, endpoint, load } = props;
  const headingId = `status-${endpoint.replace(/\W/g, "")}`;

  return (
    <section className="panel" aria-labelledby={headingId}>
      <header className="panel-header">
        <h2 id={headingId}>
          {title} <code className="muted">{endpoint}</code>
        </h2>
        {load.state === "loading" && <span className="badge badge-pending">Checking</span>}
        {load.state === "failed" && (
          <Badge ok={false}>{load.error.status === 0 ? "Unreachable" : "Error"}</Badge>
        )}
        {load.state === "done" && (
          <Badge ok={props.isOk(load.data)}>{load.data.status}</Badge>
        )}
      </header>

      {load.state === "failed" && (
        <div className="alert" role="alert">
          <strong>{load.error.title}</strong>
          {load.error.status > 0 && <span className="muted"> (HTTP {load.error.status})</span>}
          {load.error.detail && <p>{load.error.detail}</p>}
        </div>
      )}

      {load.state === "done" && (
        <PanelBody checks={props.checks(load.data)} extra={props.extra?.(load.data) ?? []} />
      )}
    </section>
  );
}

function PanelBody({
  checks,
  extra,
}: {
  checks: Record<string, Check> | undefined;
  extra: [string, string][];
}) {
  const entries = Object.entries(checks ?? {});
  return (
    <>
      {extra.length > 0 && (
        <dl className="facts">
          {extra.map(([key, value]) => (
            <div key={key}>
              <dt>{key}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
      {checks !== undefined &&
        (entries.length === 0 ? (
          <p className="muted">No checks reported.</p>
        ) : (
          <ul className="checks" aria-label="Checks">
            {entries.map(([name, check]) => (
              <li key={name} className="check" data-testid={`check-${name}`}>
                <span className="check-name">{name}</span>
                <Badge ok={check.ok}>{check.ok ? "OK" : "Failing"}</Badge>
                <span className="check-detail">{check.detail ?? ""}</span>
              </li>
            ))}
          </ul>
        ))}
    </>
  );
}
