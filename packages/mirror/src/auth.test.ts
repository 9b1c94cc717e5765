import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMirror } from "./server.js";
import type { Mirror, MirrorLogEntry } from "./types.js";
import { buildFixtureRoot, type FixtureRoot } from "./test-support/fixtures.js";
import { rawRequest } from "./test-support/http.js";

let fx: FixtureRoot;
let mirror: Mirror;
const logs: MirrorLogEntry[] = [];
const GOOD = "hf_goodtoken1234567890";
const BAD = "hf_badtoken0987654321";

beforeAll(async () => {
  fx = buildFixtureRoot();
  mirror = await startMirror({
    root: fx.root,
    repos: {
      "test-org/tiny": { gated: true, tokens: [GOOD] },
      "openai/gsm8k": { private: true, tokens: [GOOD] },
    },
    log: (e) => logs.push(e),
  });
});
afterAll(async () => {
  await mirror?.close();
  fx?.cleanup();
});

const auth = (t: string) => ({ authorization: `Bearer ${t}` });

describe("gated repo", () => {
  it("info and tree stay readable without a token and report gated", async () => {
    const info = await rawRequest(mirror.url, "/api/datasets/test-org/tiny");
    expect(info.status).toBe(200);
    expect(JSON.parse(info.body.toString()).gated).toBe("manual");
    expect((await rawRequest(mirror.url, "/api/datasets/test-org/tiny/tree/main")).status).toBe(200);
  });

  it("files: no token → 401 GatedRepo, wrong token → 403 GatedRepo, granted token → 200", async () => {
    const p = "/datasets/test-org/tiny/resolve/main/README.md";
    const anon = await rawRequest(mirror.url, p);
    expect([anon.status, anon.headers["x-error-code"]]).toEqual([401, "GatedRepo"]);
    expect(String(anon.headers["x-error-message"])).toMatch(/must be authenticated/);
    const wrong = await rawRequest(mirror.url, p, { headers: auth(BAD) });
    expect([wrong.status, wrong.headers["x-error-code"]]).toEqual([403, "GatedRepo"]);
    const ok = await rawRequest(mirror.url, p, { headers: auth(GOOD) });
    expect(ok.status).toBe(200);
    expect(ok.body.equals(fx.tiny["README.md"] as Buffer)).toBe(true);
  });
});

describe("private repo", () => {
  it("no token → 401 RepoNotFound, wrong token → 404 RepoNotFound, granted → 200 private:true", async () => {
    for (const p of [
      "/api/datasets/openai/gsm8k",
      "/api/datasets/openai/gsm8k/tree/main",
      "/datasets/openai/gsm8k/resolve/main/README.md",
    ]) {
      const anon = await rawRequest(mirror.url, p);
      expect([anon.status, anon.headers["x-error-code"]]).toEqual([401, "RepoNotFound"]);
      const wrong = await rawRequest(mirror.url, p, { headers: auth(BAD) });
      expect([wrong.status, wrong.headers["x-error-code"]]).toEqual([404, "RepoNotFound"]);
      const ok = await rawRequest(mirror.url, p, { headers: auth(GOOD) });
      expect(ok.status).toBe(200);
    }
    const info = await rawRequest(mirror.url, "/api/datasets/openai/gsm8k", { headers: auth(GOOD) });
    expect(JSON.parse(info.body.toString()).private).toBe(true);
  });

  it("a private repo answers exactly like a missing one (no existence leak)", async () => {
    const priv = await rawRequest(mirror.url, "/api/datasets/openai/gsm8k", { headers: auth(BAD) });
    const missing = await rawRequest(mirror.url, "/api/datasets/openai/nothing", { headers: auth(BAD) });
    expect(priv.status).toBe(missing.status);
    expect(priv.body.toString()).toBe(missing.body.toString());
  });
});

describe("tokens never leak", () => {
  it("no token in error bodies, error headers or log entries", async () => {
    const requests = [
      ["/datasets/test-org/tiny/resolve/main/README.md", BAD],
      ["/api/datasets/openai/gsm8k", BAD],
      [`/api/datasets/openai/gsm8k?token=${BAD}`, BAD],
      ["/datasets/test-org/tiny/resolve/main/nope", GOOD],
    ] as const;
    const before = logs.length;
    for (const [p, t] of requests) {
      const r = await rawRequest(mirror.url, p, { headers: auth(t) });
      expect(r.body.toString()).not.toContain(t);
      expect(JSON.stringify(r.headers)).not.toContain(t);
    }
    // log entries are written on the server's 'close' event, which may trail the client's 'end'
    while (logs.length < before + requests.length) await new Promise((ok) => setImmediate(ok));
    expect(logs.slice(before).map((e) => e.status)).toEqual([403, 404, 404, 404]);
    const text = JSON.stringify(logs);
    expect(text).not.toContain(BAD);
    expect(text).not.toContain(GOOD);
  });
});
