/**
 * What a rule file may write as JsonLogic: the standard operators of json-logic-js (less `log`,
 * which writes to stdout, and `method`, which would run code) and szcheck's helper operations.
 */
export const standardOperators = [
  "var", "missing", "missing_some",
  "if", "?:", "and", "or", "!", "!!",
  "==", "===", "!=", "!==", ">", ">=", "<", "<=",
  "+", "-", "*", "/", "%", "min", "max",
  "map", "filter", "reduce", "all", "none", "some", "merge", "in",
  "cat", "substr",
] as const;

export const helperOperators = ["year", "count", "sum", "diff", "round"] as const;

const allowed = new Set<string>([...standardOperators, ...helperOperators]);

/** Deeper logic than this overflows json-logic-js's recursion long before it means anything. */
export const MAX_LOGIC_DEPTH = 64;

export interface LogicProblem {
  path: Array<string | number>;
  kind: "operator" | "object" | "depth";
  detail: string;
}

export function findLogicProblem(logic: unknown, path: Array<string | number> = [], depth = 0): LogicProblem | undefined {
  if (depth > MAX_LOGIC_DEPTH) return { path, kind: "depth", detail: String(MAX_LOGIC_DEPTH) };
  if (Array.isArray(logic)) {
    for (let i = 0; i < logic.length; i++) {
      const problem = findLogicProblem(logic[i], [...path, i], depth + 1);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  if (logic === null || typeof logic !== "object") return undefined;
  const keys = Object.keys(logic);
  if (keys.length !== 1) return { path, kind: "object", detail: keys.join(", ") };
  const operator = keys[0] as string;
  if (!allowed.has(operator)) return { path, kind: "operator", detail: operator };
  return findLogicProblem((logic as Record<string, unknown>)[operator], [...path, operator], depth + 1);
}

export function describeLogicProblem(problem: LogicProblem): string {
  switch (problem.kind) {
    case "operator":
      return `unknown JsonLogic operator "${problem.detail}": use one of ${[...allowed].join(" ")}`;
    case "object":
      return `an object in JsonLogic must have exactly one key, the operator (found: ${problem.detail || "none"})`;
    case "depth":
      return `JsonLogic nested deeper than ${problem.detail} levels: simplify the rule`;
  }
}

export function operatorOf(logic: unknown): string | undefined {
  if (logic === null || typeof logic !== "object" || Array.isArray(logic)) return undefined;
  const keys = Object.keys(logic);
  return keys.length === 1 ? keys[0] : undefined;
}

export function argumentsOf(logic: object, operator: string): unknown[] {
  const values = (logic as Record<string, unknown>)[operator];
  return Array.isArray(values) ? values : [values];
}
