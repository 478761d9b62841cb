/**
 * The one place the dashboard talks to the Harbinger API.
 *
 * Every request goes through `request`, which sends same-origin credentials,
 * asks for JSON, and turns any failure into an `ApiError`. Errors that the
 * server reports as RFC 9457 problem details (`application/problem+json`)
 * keep their `title`, `detail`, `type` and `instance`; other failures get a
 * title built from the HTTP status so callers can always show something.
 */

/** RFC 9457 problem details, as the server sends them. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

export class ApiError extends Error {
  /** HTTP status, or 0 when no response arrived (network failure). */
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  /** Problem type URI; "about:blank" when the server gave none. */
  readonly type: string;
  readonly instance: string | undefined;
  /** The parsed problem document, when the server sent one. */
  readonly problem: ProblemDetails | undefined;

  constructor(init: {
    status: number;
    title: string;
    detail?: string | undefined;
    type?: string | undefined;
    instance?: string | undefined;
    problem?: ProblemDetails | undefined;
  }) {
    super(init.detail ? `${init.title}: ${init.detail}` : init.title);
    this.name = "ApiError";
    this.status = init.status;
    this.title = init.title;
    this.detail = init.detail;
    this.type = init.type ?? "about:blank";
    this.instance = init.instance;
    this.problem = init.problem;
  }
}

export interface RequestOptions {
  method?: string;
  /** Serialised as JSON when present. */
  body?: unknown;
  signal?: AbortSignal;
  /**
   * Non-2xx statuses whose body is still a normal response for this
   * endpoint (e.g. `/readyz` answers 503 with its checks).
   */
  acceptStatus?: readonly number[];
}

const PROBLEM_JSON = "application/problem+json";

function mediaType(res: Response): string {
  return (res.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
}

function isJson(type: string): boolean {
  return type === "application/json" || type.endsWith("+json");
}

function asString(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/** Builds the `ApiError` for a response that is not a success. */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  const type = mediaType(res);
  const fallbackTitle = res.statusText || `HTTP ${res.status}`;
  let text = "";
  try {
    text = await res.text();
  } catch {
    // Body unreadable: fall through with what the status line gives us.
  }

  if (isJson(type) && text) {
    try {
      const body: unknown = JSON.parse(text);
      if (body !== null && typeof body === "object" && !Array.isArray(body)) {
        const problem = body as ProblemDetails;
        return new ApiError({
          status: res.status,
          title: asString(problem.title) ?? fallbackTitle,
          detail: asString(problem.detail),
          type: asString(problem.type),
          instance: asString(problem.instance),
          problem: type === PROBLEM_JSON ? problem : undefined,
        });
      }
    } catch {
      // Not valid JSON after all; treat it as text below.
    }
  }

  const snippet = text.trim().slice(0, 200);
  return new ApiError({
    status: res.status,
    title: fallbackTitle,
    detail: snippet || undefined,
  });
}

/** Performs one API call and returns its parsed JSON body. */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: `application/json, ${PROBLEM_JSON}`,
  };
  const init: RequestInit = {
    method: options.method ?? "GET",
    credentials: "same-origin",
    headers,
  };
  if (options.signal) init.signal = options.signal;
  if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(options.body);
  }

  let res: Response;
  try {
    res = await fetch(path, init);
  } catch (err) {
    if (err instanceof DOMException && err.name === "AbortError") throw err;
    throw new ApiError({
      status: 0,
      title: "Network error",
      detail: err instanceof Error ? err.message : String(err),
    });
  }

  if (!res.ok && !options.acceptStatus?.includes(res.status)) {
    throw await errorFromResponse(res);
  }
  if (res.status === 204) return undefined as T;

  const text = await res.text();
  if (!text) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError({
      status: res.status,
      title: "Invalid response",
      detail: `${path} did not return valid JSON`,
    });
  }
}

// ---------------------------------------------------------------------------
// System status

export interface Check {
  ok: boolean;
  detail?: string;
}

export interface Readiness {
  status: string;
  checks: Record<string, Check>;
}

/** `/healthz` body: at least a status; anything else is shown as-is. */
export interface Health {
  status: string;
  checks?: Record<string, Check>;
  [field: string]: unknown;
}

function parseChecks(value: unknown): Record<string, Check> {
  const checks: Record<string, Check> = {};
  if (value === null || typeof value !== "object" || Array.isArray(value)) return checks;
  for (const [name, raw] of Object.entries(value as Record<string, unknown>)) {
    if (raw !== null && typeof raw === "object") {
      const r = raw as Record<string, unknown>;
      checks[name] = { ok: r.ok === true, detail: asString(r.detail) };
    } else {
      // A bare boolean (or anything else) still gets a badge.
      checks[name] = { ok: raw === true };
    }
  }
  return checks;
}

function asObject(body: unknown, path: string, status = 200): Record<string, unknown> {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new ApiError({
      status,
      title: "Invalid response",
      detail: `${path} did not return a JSON object`,
    });
  }
  return body as Record<string, unknown>;
}

export async function getHealth(signal?: AbortSignal): Promise<Health> {
  const body = asObject(
    await request<unknown>("/healthz", { signal, acceptStatus: [503] }),
    "/healthz",
  );
  const health: Health = { ...body, status: asString(body.status) ?? "unknown" };
  if ("checks" in body) health.checks = parseChecks(body.checks);
  return health;
}

export async function getReadiness(signal?: AbortSignal): Promise<Readiness> {
  const body = asObject(
    await request<unknown>("/readyz", { signal, acceptStatus: [503] }),
    "/readyz",
  );
  return {
    status: asString(body.status) ?? "unknown",
    checks: parseChecks(body.checks),
  };
}
