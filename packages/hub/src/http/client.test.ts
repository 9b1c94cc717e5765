import {
  type CrucibleError,
  EntryNotFoundError,
  GatedRepoError,
  HubError,
  RepoNotFoundError,
  RevisionNotFoundError,
  UnauthorizedError,
} from "@crucible/types";
import { describe, expect, it } from "vitest";
import { resolveHubConfig } from "../env/config.js";
import { hubRequest } from "./client.js";
import { backoffDelay, parseRateLimit, parseRetryAfter } from "./retry.js";

type Handler = (req: Request, n: number) => Response | Promise<Response>;

function fakeFetch(handler: Handler) {
  const calls: Request[] = [];
  const times: number[] = [];
  const fn = (async (input: string | URL | Request, init?: RequestInit) => {
    const req = new Request(input, init);
    calls.push(req);
    times.push(Date.now());
    return handler(req, calls.length);
  }) as typeof fetch;
  return { fn, calls, times };
}

const TOKEN = "hf_supersecrettoken123";
const cfg = (fetchFn: typeof fetch, extra = {}) =>
  resolveHubConfig({ fetch: fetchFn, token: TOKEN, retryBaseMs: 1, retryMaxMs: 4, maxRetryAfterMs: 5000, ...extra }, {});

function errorResponse(status: number, code?: string, message?: string): Response {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (code) headers["x-error-code"] = code;
  if (message) headers["x-error-message"] = message;
  return new Response(JSON.stringify({ error: message ?? "err" }), { status, headers });
}

async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected a rejection");
}

describe("retry header parsing", () => {
  it("parses Retry-After seconds and HTTP-dates, and RateLimit only when r=0", () => {
    expect(parseRetryAfter("3")).toBe(3000);
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("nonsense")).toBeUndefined();
    expect(parseRateLimit('"resolvers";r=0;t=12')).toBe(12_000);
    expect(parseRateLimit('"api";r=5;t=12')).toBeUndefined();
    expect(parseRateLimit(null)).toBeUndefined();
  });

  it("backs off exponentially with a cap and jitter in [50%, 100%]", () => {
    expect(backoffDelay(1, 100, 1000, () => 0.999999)).toBeCloseTo(100, 0);
    expect(backoffDelay(3, 100, 1000, () => 0)).toBe(200);
    expect(backoffDelay(10, 100, 1000, () => 0.999999)).toBeCloseTo(1000, 0);
  });
});

describe("hubRequest", () => {
  it("sends the token and the crucible user agent", async () => {
    const f = fakeFetch(() => new Response("ok"));
    await hubRequest(cfg(f.fn), "http://hub.test/api/datasets/a/b");
    expect(f.calls[0]?.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
    expect(f.calls[0]?.headers.get("user-agent")).toMatch(/^crucible\//);
  });

  it("retries a 429 storm and honours Retry-After", async () => {
    const f = fakeFetch((_r, n) =>
      n <= 3 ? new Response("slow down", { status: 429, headers: { "retry-after": "0" } }) : new Response("ok"),
    );
    const res = await hubRequest(cfg(f.fn), "http://hub.test/x");
    expect(await res.text()).toBe("ok");
    expect(f.calls.length).toBe(4);
  });

  it("waits what Retry-After asks (capped by maxRetryAfterMs)", async () => {
    const f = fakeFetch((_r, n) => (n === 1 ? new Response("", { status: 429, headers: { "retry-after": "1" } }) : new Response("ok")));
    await hubRequest(cfg(f.fn, { maxRetryAfterMs: 120 }), "http://hub.test/x");
    const gap = (f.times[1] ?? 0) - (f.times[0] ?? 0);
    // lower bound only (a timer never fires much early; a slow machine only makes it later)
    expect(gap).toBeGreaterThanOrEqual(100);
  });

  it("waits for the RateLimit reset when the quota is exhausted", async () => {
    const f = fakeFetch((_r, n) =>
      n === 1 ? new Response("", { status: 429, headers: { ratelimit: '"api";r=0;t=1' } }) : new Response("ok"),
    );
    await hubRequest(cfg(f.fn, { maxRetryAfterMs: 150 }), "http://hub.test/x");
    expect((f.times[1] ?? 0) - (f.times[0] ?? 0)).toBeGreaterThanOrEqual(140);
  });

  it("retries 5xx bursts and network errors, then succeeds", async () => {
    const f = fakeFetch((_r, n) => {
      if (n === 1) throw new TypeError("fetch failed");
      if (n <= 3) return errorResponse(503);
      return new Response("ok");
    });
    expect(await (await hubRequest(cfg(f.fn), "http://hub.test/x")).text()).toBe("ok");
    expect(f.calls.length).toBe(4);
  });

  it("gives up after maxRetries with a retryable HubError that names the status", async () => {
    const f = fakeFetch(() => errorResponse(502));
    const e = await caught(hubRequest(cfg(f.fn, { maxRetries: 2 }), "http://hub.test/x"));
    expect(e).toBeInstanceOf(HubError);
    expect((e as HubError).status).toBe(502);
    expect((e as HubError).retryable).toBe(true);
    expect(f.calls.length).toBe(3);
  });

  it("does not retry a 404 and maps X-Error-Code to typed errors", async () => {
    const cases: Array<[Response, new (...a: never[]) => Error, string]> = [
      [errorResponse(404, "RepoNotFound", "Repository not found"), RepoNotFoundError, "REPO_NOT_FOUND"],
      [errorResponse(401, "GatedRepo", "gated"), GatedRepoError, "GATED_REPO"],
      [errorResponse(403, "GatedRepo", "gated"), GatedRepoError, "GATED_REPO"],
      [errorResponse(404, "RevisionNotFound", "Invalid rev id: nope"), RevisionNotFoundError, "REVISION_NOT_FOUND"],
      [errorResponse(404, "EntryNotFound", "Entry not found"), EntryNotFoundError, "ENTRY_NOT_FOUND"],
      [errorResponse(401, undefined, "Invalid credentials in Authorization header"), UnauthorizedError, "UNAUTHORIZED"],
      [errorResponse(401, undefined, "Invalid username or password."), RepoNotFoundError, "REPO_NOT_FOUND"],
    ];
    for (const [response, cls, code] of cases) {
      const f = fakeFetch(() => response.clone());
      const e = await caught(
        hubRequest(cfg(f.fn), `http://hub.test/api/datasets/a/b?token=${TOKEN}`, { context: { repo: "a/b", revision: "nope", file: "x" } }),
      );
      expect(e).toBeInstanceOf(cls);
      expect((e as CrucibleError).code).toBe(code);
      expect(f.calls.length).toBe(1);
      expect(String((e as Error).message)).not.toContain(TOKEN);
      expect(String((e as HubError).url)).not.toContain(TOKEN);
    }
  });

  it("words gated errors with what to do", async () => {
    const f = fakeFetch(() => errorResponse(401, "GatedRepo"));
    const e = (await caught(hubRequest(cfg(f.fn), "http://hub.test/x", { context: { repo: "a/b" } }))) as Error;
    expect(e.message).toMatch(/accept the dataset's terms/i);
    expect(e.message).toMatch(/HF_TOKEN/);
  });

  it("never leaks the token from a network error message", async () => {
    const f = fakeFetch(() => {
      throw new TypeError(`fetch failed: Bearer ${TOKEN}`);
    });
    const e = (await caught(hubRequest(cfg(f.fn, { maxRetries: 0 }), "http://hub.test/x"))) as HubError;
    expect(e.code).toBe("NETWORK");
    expect(e.retryable).toBe(true);
    expect(e.message).not.toContain(TOKEN);
  });

  it("refuses every request in offline mode", async () => {
    const f = fakeFetch(() => new Response("ok"));
    const e = (await caught(hubRequest(cfg(f.fn, { offline: true }), "http://hub.test/x"))) as CrucibleError;
    expect(e.code).toBe("OFFLINE_CACHE_MISS");
    expect(f.calls.length).toBe(0);
  });
});
