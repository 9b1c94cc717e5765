import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { FaultInjector } from "./faults.js";
import { startMirror } from "./server.js";
import type { Mirror } from "./types.js";
import { buildFixtureRoot, type FixtureRoot } from "./test-support/fixtures.js";
import { rawRequest } from "./test-support/http.js";

let fx: FixtureRoot;
let mirror: Mirror;
const FILE = "/datasets/test-org/tiny/resolve/main/data/train-00000-of-00001.parquet";

beforeAll(async () => {
  fx = buildFixtureRoot();
  mirror = await startMirror({ root: fx.root, faults: { rateLimit: { count: 1, retryAfterSeconds: 3 } } });
});
afterAll(async () => {
  await mirror?.close();
  fx?.cleanup();
});

describe("initial faults", () => {
  it("initial faults from options apply (first request rate-limited)", async () => {
    const first = await rawRequest(mirror.url, "/api/datasets/test-org/tiny");
    expect(first.status).toBe(429);
    expect(first.headers["retry-after"]).toBe("3");
    expect(first.headers.ratelimit).toBe('"api";r=0;t=3');
    expect((await rawRequest(mirror.url, "/api/datasets/test-org/tiny")).status).toBe(200);
  });
});

describe("fault injection", () => {
  beforeEach(() => mirror.setFaults({}));

  it("rateLimit.count: the first N requests get 429 with Retry-After, then normal", async () => {
    mirror.setFaults({ rateLimit: { count: 2, retryAfterSeconds: 7 } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await rawRequest(mirror.url, FILE, { method: "HEAD" });
      statuses.push(r.status);
      if (r.status === 429) {
        expect(r.headers["retry-after"]).toBe("7");
        expect(r.headers["x-error-code"]).toBeTruthy();
      }
    }
    expect(statuses).toEqual([429, 429, 200, 200]);
  });

  it("rateLimit.every: every Nth request gets 429", async () => {
    mirror.setFaults({ rateLimit: { every: 3, retryAfterSeconds: 0 } });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await rawRequest(mirror.url, "/api/datasets/test-org/tiny")).status);
    expect(statuses).toEqual([200, 200, 429, 200, 200, 429, 200]);
  });

  it("errorRate is seeded: the same seed gives the same 5xx pattern; rate 1 fails everything", async () => {
    const run = async (): Promise<number[]> => {
      mirror.setFaults({ errorRate: 0.5, seed: 42 });
      const out: number[] = [];
      for (let i = 0; i < 16; i++) out.push((await rawRequest(mirror.url, "/api/datasets/test-org/tiny")).status);
      return out;
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    expect(a).toContain(500);
    expect(a).toContain(200);
    mirror.setFaults({ errorRate: 1, errorStatus: 503 });
    const r = await rawRequest(mirror.url, FILE);
    expect(r.status).toBe(503);
    expect(r.headers["x-error-code"]).toBeTruthy();
  });

  it("routes limits faults to some routes", async () => {
    mirror.setFaults({ errorRate: 1, routes: ["resolve"] });
    expect((await rawRequest(mirror.url, "/api/datasets/test-org/tiny")).status).toBe(200);
    expect((await rawRequest(mirror.url, FILE)).status).toBe(500);
  });

  it("cutBodyAfterBytes: full Content-Length announced, N bytes sent, then the connection dies", async () => {
    const full = fx.tiny["data/train-00000-of-00001.parquet"] as Buffer;
    mirror.setFaults({ cutBodyAfterBytes: 100 });
    const r = await rawRequest(mirror.url, FILE);
    expect(r.status).toBe(200);
    expect(r.headers["content-length"]).toBe(String(full.length));
    expect(r.error).toBeDefined();
    expect(r.body.length).toBe(100);
    expect(r.body.equals(full.subarray(0, 100))).toBe(true);
    // a Range request resumes from where it broke
    const rest = await rawRequest(mirror.url, FILE, { headers: { range: "bytes=100-" } });
    expect(rest.status).toBe(206);
    expect(rest.body.length).toBe(100);
    mirror.setFaults({});
    const ok = await rawRequest(mirror.url, FILE, { headers: { range: "bytes=100-" } });
    expect(Buffer.concat([r.body, ok.body]).equals(full)).toBe(true);
  });

  it("cutBodyCount cuts only the first N file bodies (HEADs and API routes do not count)", async () => {
    mirror.setFaults({ cutBodyAfterBytes: 50, cutBodyCount: 1 });
    expect((await rawRequest(mirror.url, FILE, { method: "HEAD" })).status).toBe(200);
    expect((await rawRequest(mirror.url, "/api/datasets/test-org/tiny")).error).toBeUndefined();
    const cut = await rawRequest(mirror.url, FILE);
    expect([cut.body.length, cut.error !== undefined]).toEqual([50, true]);
    const whole = await rawRequest(mirror.url, FILE);
    expect(whole.error).toBeUndefined();
    expect(whole.body.equals(fx.tiny["data/train-00000-of-00001.parquet"] as Buffer)).toBe(true);
  });

  it("cutBodyAfterBytes also cuts fetch() bodies (the client sees an error)", async () => {
    mirror.setFaults({ cutBodyAfterBytes: 10 });
    const res = await fetch(mirror.url + FILE);
    await expect(res.arrayBuffer()).rejects.toThrow();
  });

  it("latencyMs holds the answer until that much (fake) time has passed", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      mirror.setFaults({ latencyMs: 60_000 });
      mirror.resetStats();
      let settled = false;
      const pending = rawRequest(mirror.url, "/api/datasets/test-org/tiny").then((r) => {
        settled = true;
        return r;
      });
      // wait (on real I/O, not timers) until the server has received the request
      while (mirror.stats.requests === 0) await new Promise((ok) => setImmediate(ok));
      for (let i = 0; i < 20; i++) await new Promise((ok) => setImmediate(ok));
      expect(settled).toBe(false);
      vi.advanceTimersByTime(59_000);
      for (let i = 0; i < 20; i++) await new Promise((ok) => setImmediate(ok));
      expect(settled).toBe(false);
      vi.advanceTimersByTime(1_000);
      const r = await pending;
      expect(r.status).toBe(200);
    } finally {
      vi.useRealTimers();
    }
  });

  it("setFaults({}) turns everything off", async () => {
    mirror.setFaults({});
    const r = await rawRequest(mirror.url, FILE);
    expect(r.status).toBe(200);
    expect(r.error).toBeUndefined();
  });
});

describe("FaultInjector", () => {
  it("counts only faultable routes and restarts on set", () => {
    const f = new FaultInjector({ rateLimit: { every: 2, retryAfterSeconds: 1 }, routes: ["resolve"] });
    expect(f.decide("tree").status).toBeUndefined();
    expect(f.decide("resolve").status).toBeUndefined();
    expect(f.decide("tree").status).toBeUndefined();
    expect(f.decide("resolve").status).toBe(429);
    f.set({ rateLimit: { every: 2, retryAfterSeconds: 1 } });
    expect(f.decide("tree").status).toBeUndefined();
    expect(f.decide("tree").status).toBe(429);
  });
});
