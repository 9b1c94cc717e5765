import { mulberry32 } from "@crucible/core";
import type { FaultOptions } from "./types.js";

/** What to do with one request. */
export interface FaultDecision {
  latencyMs: number;
  /** Answer with this status instead of handling the request. */
  status?: 429 | number;
  retryAfterSeconds?: number;
  /** Cut the file body after this many bytes. */
  cutAfter?: number;
  /** Short label for logs. */
  label?: string;
}

/** Stateful fault injector: counts faultable requests and draws from a seeded stream. */
export class FaultInjector {
  private faults: FaultOptions = {};
  private counter = 0;
  private cuts = 0;
  private random: () => number = mulberry32(0);

  /** @param faults - Initial faults; default none. */
  constructor(faults: FaultOptions = {}) {
    this.set(faults);
  }

  /** Replace the faults and restart the counters and the random stream. */
  set(faults: FaultOptions): void {
    this.faults = { ...faults };
    this.counter = 0;
    this.cuts = 0;
    this.random = mulberry32(faults.seed ?? 0);
  }

  /**
   * Decide the fault for one request (call once per request, in arrival order).
   * @param route - Route name of the request.
   * @param method - HTTP method; body cuts apply to GETs of `resolve`/`raw` only. Default `GET`.
   */
  decide(route: string, method = "GET"): FaultDecision {
    const f = this.faults;
    if (f.routes && !f.routes.includes(route)) return { latencyMs: 0 };
    this.counter += 1;
    const n = this.counter;
    const d: FaultDecision = { latencyMs: Math.max(0, f.latencyMs ?? 0) };
    const rl = f.rateLimit;
    if (rl && ((rl.count !== undefined && n <= rl.count) || (rl.every !== undefined && rl.every > 0 && n % rl.every === 0))) {
      d.status = 429;
      d.retryAfterSeconds = Math.max(0, Math.floor(rl.retryAfterSeconds));
      d.label = "429";
      return d;
    }
    if (f.errorRate !== undefined && f.errorRate > 0 && this.random() < f.errorRate) {
      d.status = f.errorStatus ?? 500;
      d.label = String(d.status);
      return d;
    }
    const fileBody = method === "GET" && (route === "resolve" || route === "raw");
    if (
      fileBody &&
      f.cutBodyAfterBytes !== undefined &&
      f.cutBodyAfterBytes >= 0 &&
      (f.cutBodyCount === undefined || this.cuts < f.cutBodyCount)
    ) {
      this.cuts += 1;
      d.cutAfter = f.cutBodyAfterBytes;
      d.label = `cut@${f.cutBodyAfterBytes}`;
    }
    return d;
  }
}
