import { configuredJsonLogic, withRecorder, type VarRecorder } from "./operations.js";
import { argumentsOf, operatorOf } from "./logic-shape.js";

/** true, false, or "unknown" when the answer rests on a field the record lacks. */
export type Truth = boolean | "unknown";

/** Evaluates one JsonLogic expression against one scope: json-logic-js `apply` or a compiled form. */
export interface LogicEvaluator {
  evaluate(logic: unknown, scope: Record<string, unknown>): unknown;
}

export const referenceEvaluator: LogicEvaluator = {
  evaluate(logic, scope) {
    return configuredJsonLogic().apply(logic as Parameters<ReturnType<typeof configuredJsonLogic>["apply"]>[0], scope);
  },
};

/** What evaluating part of a rule read from the record and found missing. */
export class Reads implements VarRecorder {
  readonly values = new Map<string, unknown>();
  readonly missing = new Set<string>();

  constructor(private readonly root: unknown) {}

  read(scope: unknown, path: string, value: unknown, found: boolean, hasDefault: boolean): void {
    if (scope === this.root && found) this.values.set(path, value);
    // A default written in the rule (`{"var": ["tags", []]}`) says what absence means: not missing.
    if (!found && !hasDefault) this.missing.add(scope === this.root ? path : `…${path}`);
  }

  merge(other: Reads): void {
    other.values.forEach((value, path) => this.values.set(path, value));
    other.missing.forEach((path) => this.missing.add(path));
  }
}

/** One node of a decision: the condition, its truth and, for and/or/!/if, its parts. */
export interface ConditionTrace {
  logic: unknown;
  truth: Truth;
  value?: unknown;
  missing: string[];
  parts?: ConditionTrace[];
  /** For a leaf: what it read (its `values` keep the order the fields were read in). */
  reads?: Reads;
}

/**
 * Decides a condition in Kleene's three-valued logic over json-logic-js leaves: `and`, `or`,
 * `!`, `!!` and `if` combine their parts, every other expression is a leaf evaluated as
 * json-logic-js does it. A leaf that reads a missing field is unknown, and so is the whole
 * only when the known parts cannot settle it, so a missing field never silently passes or fails.
 */
export function decide(logic: unknown, scope: Record<string, unknown>, evaluator: LogicEvaluator, reads: Reads): ConditionTrace {
  const operator = operatorOf(logic);
  const parts = operator === undefined ? [] : argumentsOf(logic as object, operator);
  switch (operator) {
    case "and":
    case "or": {
      const traces = parts.map((part) => decide(part, scope, evaluator, reads));
      const decisive = operator === "and" ? false : true;
      const truth: Truth = traces.some((t) => t.truth === decisive)
        ? decisive
        : traces.some((t) => t.truth === "unknown")
          ? "unknown"
          : !decisive;
      return { logic, truth, missing: [], parts: traces };
    }
    case "!":
    case "!!": {
      const inner = decide(parts[0], scope, evaluator, reads);
      const truth: Truth = inner.truth === "unknown" ? "unknown" : operator === "!" ? !inner.truth : inner.truth;
      return { logic, truth, missing: [], parts: [inner] };
    }
    case "if":
    case "?:":
      return decideIf(logic, parts, scope, evaluator, reads);
    default:
      return decideLeaf(logic, scope, evaluator, reads);
  }
}

function decideIf(logic: unknown, parts: unknown[], scope: Record<string, unknown>, evaluator: LogicEvaluator, reads: Reads): ConditionTrace {
  if (parts.length < 3) return decideLeaf(logic, scope, evaluator, reads);
  const condition = decide(parts[0], scope, evaluator, reads);
  const rest = parts.length === 3 ? parts[2] : { if: parts.slice(2) };
  if (condition.truth !== "unknown") {
    const branch = decide(condition.truth ? parts[1] : rest, scope, evaluator, reads);
    return { logic, truth: branch.truth, value: branch.value, missing: [], parts: [condition, branch] };
  }
  const whenTrue = decide(parts[1], scope, evaluator, reads);
  const whenFalse = decide(rest, scope, evaluator, reads);
  const truth: Truth = whenTrue.truth === whenFalse.truth ? whenTrue.truth : "unknown";
  return { logic, truth, missing: [], parts: [condition, whenTrue, whenFalse] };
}

function decideLeaf(logic: unknown, scope: Record<string, unknown>, evaluator: LogicEvaluator, reads: Reads): ConditionTrace {
  const leafReads = new Reads(scope);
  const value = withRecorder(leafReads, () => evaluator.evaluate(logic, scope));
  reads.merge(leafReads);
  const missing = [...leafReads.missing];
  const truth: Truth = missing.length > 0 ? "unknown" : configuredJsonLogic().truthy(value);
  return { logic, truth, value, missing, reads: leafReads };
}

/** Evaluates an expression for its value; `missing` lists what it read and did not find. */
export function compute(logic: unknown, scope: Record<string, unknown>, evaluator: LogicEvaluator, reads: Reads): { value: unknown; missing: string[] } {
  const own = new Reads(scope);
  const value = withRecorder(own, () => evaluator.evaluate(logic, scope));
  reads.merge(own);
  return { value, missing: [...own.missing] };
}
