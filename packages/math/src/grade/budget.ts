/** Thrown internally when a grading step runs out of time or work budget. @internal */
export class BudgetExceeded extends Error {
  constructor() {
    super("grading budget exceeded");
    this.name = "BudgetExceeded";
  }
}

/**
 * A cooperative work budget: every loop in the grader calls `tick()`, which throws {@link BudgetExceeded}
 * once the deadline has passed or the step cap is reached. Nothing in the grader loops without ticking,
 * so a pathological input ends within roughly the deadline.
 * @internal
 */
export class Budget {
  private steps = 0;
  private readonly deadline: number;
  constructor(
    timeoutMs: number,
    private readonly maxSteps = 2_000_000,
  ) {
    this.deadline = performance.now() + timeoutMs;
  }
  /** Counts `n` units of work and throws when the budget is spent. */
  tick(n = 1): void {
    this.steps += n;
    if (this.steps > this.maxSteps) throw new BudgetExceeded();
    if ((this.steps & 255) < n || n > 255) {
      if (performance.now() > this.deadline) throw new BudgetExceeded();
    }
  }
  /** True when the deadline has passed. */
  expired(): boolean {
    return performance.now() > this.deadline;
  }
}
