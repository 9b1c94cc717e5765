import type { EvalResult } from "@crucible/types";

/** A stored evaluation run without its items (what eval's `ResultStore.list` returns). */
export type ViewerResultSummary = Omit<EvalResult, "items"> & { id: string; createdAt: string };

/**
 * Where the viewer reads evaluation results from. `@crucible/eval`'s `ResultStore` satisfies it as is; the mirror
 * does not depend on eval, so callers pass one in (`MirrorOptions.viewer.results`).
 */
export interface ViewerResultsProvider {
  /** Runs, newest first. */
  list(options?: { limit?: number; offset?: number }): ViewerResultSummary[] | Promise<ViewerResultSummary[]>;
  /** One run with its per-item results; undefined when unknown. */
  load(
    id: string,
  ): (EvalResult & { id: string; createdAt: string }) | undefined | Promise<(EvalResult & { id: string; createdAt: string }) | undefined>;
}
