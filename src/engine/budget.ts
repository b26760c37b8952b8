/**
 * The work one evaluation of a rule's logic may do. A 200-byte rule can otherwise take the
 * machine down: `reduce` + `merge` doubling a list, three `some` nested over literal lists, a
 * `cat` that doubles a string. Both engines count: a step for each element a loop visits (some,
 * all, none, filter, map, reduce) and, in the reference engine, each `apply`; and the elements
 * and characters `merge` and `cat` make. Over either budget, evaluation stops with
 * EvaluationBudgetExceeded: the run reports it at the record's place (run-check.ts), the load of a
 * rule pack whose own test cases go over it fails.
 */
export const MAX_STEPS = 10_000_000;
export const MAX_CELLS = 20_000_000;

/** What is left of the current evaluation's budget, and how deep evaluations are nested (only the outermost resets it). */
export const budget = { steps: MAX_STEPS, cells: MAX_CELLS, depth: 0 };

export class EvaluationBudgetExceeded extends Error {
  /** The budget that was exceeded, in words: "the evaluation went over its budget of 10,000,000 steps". */
  readonly budgetText: string;
  constructor(what: "steps" | "cells") {
    const budgetText = what === "steps" ? `the evaluation went over its budget of ${MAX_STEPS.toLocaleString("en-US")} steps` : `the evaluation made more than ${MAX_CELLS.toLocaleString("en-US")} list elements or characters, its budget`;
    super(what === "steps" ? `${budgetText} (a loop inside a loop over long lists?): simplify the rule` : `${budgetText} (a merge or cat that keeps doubling?): simplify the rule`);
    this.budgetText = budgetText;
    this.name = "EvaluationBudgetExceeded";
  }
}

/** Runs one evaluation with a fresh budget, or within the budget of the evaluation it is part of. */
export function withBudget<T>(evaluate: () => T): T {
  if (budget.depth === 0) {
    budget.steps = MAX_STEPS;
    budget.cells = MAX_CELLS;
  }
  budget.depth++;
  try {
    return evaluate();
  } finally {
    budget.depth--;
  }
}

/** One step taken (call as `if (--budget.steps < 0) overSteps()` in hot loops). */
export function overSteps(): never {
  throw new EvaluationBudgetExceeded("steps");
}

/** `count` list elements or characters made. */
export function made(count: number): void {
  if ((budget.cells -= count) < 0) throw new EvaluationBudgetExceeded("cells");
}
