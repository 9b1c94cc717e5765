import { CrucibleError, TransformError } from "@crucible/types";
import { type GroupMember, isSkipRow, type RowContext, type SkipRow, type Step } from "./transform.js";

/** Receives what a pipeline produces. @internal */
export interface PipelineSink {
  output(value: unknown, ctx: RowContext): void;
  skip(skip: SkipRow, ctx: RowContext): void;
}

/** A compiled pipeline: push source rows in order, then call `end` once. @internal */
export interface Pipeline {
  push(value: unknown, ctx: RowContext): void;
  end(): void;
}

/** Where errors thrown by a step are attributed. @internal */
export interface PipelineLabel {
  /** The transform's name. */
  name: string;
  /** Repository, when the source is a Hub split. */
  repo?: string;
}

/** Calls a step function; a CrucibleError passes through (it already says what is wrong), anything else is wrapped. */
function call<R>(label: PipelineLabel, step: string, ctx: RowContext, fn: () => R): R {
  try {
    return fn();
  } catch (cause) {
    if (CrucibleError.isInstance(cause)) throw cause;
    const where = ctx.split !== undefined ? `row ${ctx.index} of split ${ctx.split}` : `row ${ctx.index}`;
    throw new TransformError(
      `Transform "${label.name}" (${step} step) threw on ${where} (source position ${ctx.position}): ${String((cause as Error)?.message ?? cause)}`,
      {
        row: ctx.index,
        ...(label.repo !== undefined ? { repo: label.repo } : {}),
        cause,
        hint: "Fix the transform or the row; nothing was stored for this run",
      },
    );
  }
}

/**
 * Chains the steps in push style, ending in `sink`. `group` steps buffer their members and flush at `end`.
 * @internal
 */
export function compilePipeline(steps: readonly Step[], sink: PipelineSink, label: PipelineLabel): Pipeline {
  let next: Pipeline = { push: (value, ctx) => sink.output(value, ctx), end: () => undefined };
  for (let s = steps.length - 1; s >= 0; s--) next = compileStep(steps[s] as Step, next, sink, label);
  return next;
}

function compileStep(step: Step, next: Pipeline, sink: PipelineSink, label: PipelineLabel): Pipeline {
  switch (step.kind) {
    case "map":
      return {
        push(value, ctx) {
          const out = call(label, "map", ctx, () => step.fn(value, ctx));
          if (isSkipRow(out)) sink.skip(out, ctx);
          else next.push(out, ctx);
        },
        end: () => next.end(),
      };
    case "filter":
      return {
        push(value, ctx) {
          const keep = call(label, "filter", ctx, () => step.fn(value, ctx));
          if (isSkipRow(keep)) sink.skip(keep, ctx);
          else if (keep) next.push(value, ctx);
        },
        end: () => next.end(),
      };
    case "flatMap":
      return {
        push(value, ctx) {
          const out = call(label, "flatMap", ctx, () => step.fn(value, ctx));
          if (isSkipRow(out)) sink.skip(out, ctx);
          else for (const item of out) next.push(item, ctx);
        },
        end: () => next.end(),
      };
    case "group": {
      const groups = new Map<unknown, GroupMember<unknown>[]>();
      return {
        push(value, ctx) {
          const key = call(label, "group key", ctx, () => step.key(value, ctx));
          let members = groups.get(key);
          if (members === undefined) groups.set(key, (members = []));
          members.push({ value, context: ctx });
        },
        end() {
          for (const [key, members] of groups) {
            const ctx = (members[0] as GroupMember<unknown>).context;
            const out = call(label, "group reduce", ctx, () => step.reduce(members, key));
            if (isSkipRow(out)) sink.skip(out, ctx);
            else next.push(out, ctx);
          }
          groups.clear();
          next.end();
        },
      };
    }
  }
}

/**
 * The outputs of one source row through map/filter/flatMap steps (no group), computed again on access by the
 * `"recompute"` output mode. Steps are pure functions of (row, context), so this gives what the build gave.
 * @internal
 */
export function evaluateRow(steps: readonly Step[], row: unknown, ctx: RowContext): unknown[] {
  let items: unknown[] = [row];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const value of items) {
      if (step.kind === "map") {
        const out = step.fn(value, ctx);
        if (!isSkipRow(out)) next.push(out);
      } else if (step.kind === "filter") {
        if (step.fn(value, ctx) === true) next.push(value);
      } else if (step.kind === "flatMap") {
        const out = step.fn(value, ctx);
        if (!isSkipRow(out)) for (const item of out) next.push(item);
      } else throw new Error("evaluateRow: group steps are not recomputed");
    }
    items = next;
  }
  return items;
}
