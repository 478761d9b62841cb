import { describe, expect, it, vi } from "vitest";
import { ApiError, getHealth, getReadiness, request } from "./http";
import { jsonResponse, mockFetch } from "../../test/http";

async function caught(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    return err as ApiError;
  }
  throw new Error("expected the call to fail");
}

describe("request", () => {
  it("sends same-origin credentials and asks for JSON", async () => {
    const fetch = mockFetch({ "/api/v1/thing": () => jsonResponse({ id: 7 }) });

    const body = await request<{ id: number }>("/api/v1/thing");

    expect(body).toEqual({ id: 7 });
    expect(fetch).toHaveBeenCalledTimes(1);
    const init = fetch.mock.calls[0]![1]!;
    expect(init.credentials).toBe("same-origin");
    expect(init.method).toBe("GET");
    expect((init.headers as Record<string, string>).Accept).toContain("application/json");
  });

  it("serialises a JSON body", async () => {
    const fetch = mockFetch({ "/api/v1/thing": () => new Response(null, { status: 204 }) });

    const body = await request("/api/v1/thing", { method: "POST", body: { a: 1 } });

    expect(body).toBeUndefined();
    const init = fetch.mock.calls[0]![1]!;
    expect(init.body).toBe('{"a":1}');
    expect((init.headers as Record<string, string>)["Content-Type"]).toBe("application/json");
  });

  it("parses an application/problem+json error into a typed ApiError", async () => {
    mockFetch({
      "/api/v1/signals": () =>
        jsonResponse(
          {
            type: "https://harbinger.example/problems/plan-limit",
            title: "Plan limit reached",
            status: 429,
            detail: "The free plan allows 10 signals a day.",
            instance: "/api/v1/signals",
            limit: 10,
          },
          429,
          "application/problem+json; charset=utf-8",
        ),
    });

    const err = await caught(request("/api/v1/signals"));

    expect(err.status).toBe(429);
    expect(err.title).toBe("Plan limit reached");
    expect(err.detail).toBe("The free plan allows 10 signals a day.");
    expect(err.type).toBe("https://harbinger.example/problems/plan-limit");
    expect(err.instance).toBe("/api/v1/signals");
    expect(err.problem?.limit).toBe(10);
    expect(err.message).toBe("Plan limit reached: The free plan allows 10 signals a day.");
  });

  it("falls back to the status line for an error that is not problem+json", async () => {
    mockFetch({
      "/api/v1/signals": () =>
        new Response("upstream timed out", {
          status: 502,
          statusText: "Bad Gateway",
          headers: { "Content-Type": "text/plain" },
        }),
    });

    const err = await caught(request("/api/v1/signals"));

    expect(err.status).toBe(502);
    expect(err.title).toBe("Bad Gateway");
    expect(err.detail).toBe("upstream timed out");
    expect(err.type).toBe("about:blank");
    expect(err.problem).toBeUndefined();
  });

  it("uses HTTP <status> as the title when the problem has none", async () => {
    mockFetch({
      "/api/v1/x": () => jsonResponse({ detail: "no title here" }, 400, "application/problem+json"),
    });

    const err = await caught(request("/api/v1/x"));

    expect(err.title).toBe("HTTP 400");
    expect(err.detail).toBe("no title here");
  });

  it("reports a network failure as status 0", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => {
        throw new TypeError("Failed to fetch");
      }),
    );

    const err = await caught(request("/api/v1/x"));

    expect(err.status).toBe(0);
    expect(err.title).toBe("Network error");
    expect(err.detail).toBe("Failed to fetch");
  });

  it("rejects a success whose body is not JSON", async () => {
    mockFetch({
      "/api/v1/x": () =>
        new Response("<html>", { status: 200, headers: { "Content-Type": "text/html" } }),
    });

    const err = await caught(request("/api/v1/x"));

    expect(err.title).toBe("Invalid response");
  });
});

describe("status endpoints", () => {
  it("reads a not-ready /readyz answer (503) as data, not as an error", async () => {
    mockFetch({
      "/readyz": () =>
        jsonResponse(
          {
            status: "not_ready",
            checks: {
              database: { ok: true, detail: "postgres 16.4" },
              redis: { ok: false, detail: "connection refused" },
              extra: { ok: "yes" },
            },
          },
          503,
        ),
    });

    const readiness = await getReadiness();

    expect(readiness.status).toBe("not_ready");
    expect(readiness.checks).toEqual({
      database: { ok: true, detail: "postgres 16.4" },
      redis: { ok: false, detail: "connection refused" },
      // Anything but a literal `true` is not ok.
      extra: { ok: false, detail: undefined },
    });
  });

  it("still treats other failures of /readyz as errors", async () => {
    mockFetch({
      "/readyz": () =>
        jsonResponse({ title: "Internal Server Error" }, 500, "application/problem+json"),
    });

    const err = await caught(getReadiness());

    expect(err.status).toBe(500);
    expect(err.title).toBe("Internal Server Error");
  });

  it("keeps the extra fields of /healthz", async () => {
    mockFetch({ "/healthz": () => jsonResponse({ status: "ok", version: "0.1.0" }) });

    const health = await getHealth();

    expect(health).toEqual({ status: "ok", version: "0.1.0" });
  });
});
