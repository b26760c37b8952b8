import { configuredJsonLogic, withRecorder, type VarRecorder } from "./operations.js";
import { argumentsOf, operatorOf } from "../rules/logic-shape.js";

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

/** A rule parameter (`params.x`, or `params` whole) rather than a field of the record. */
export const isParam = (path: string): boolean => path === "params" || path.startsWith("params.");

/**
 * The name of a field read on a list item (inside map, filter, some, all or none): the item's
 * place in the record and the field, `buildings.1.floorAreaM2`; `…floorAreaM2` when the item is
 * not found in the record (a reduce's { current, accumulator }, a list made by the rule).
 */
export function itemFieldName(root: unknown, item: unknown, path: string): string {
  const at = itemPath(root, item);
  return at === undefined ? `…${path}` : `${at}.${path}`;
}

const itemPaths = new WeakMap<object, string | null>();
/** How deep, and through how many values, an item is looked for: descriptors are shallow. */
const MAX_ITEM_DEPTH = 3;
const MAX_ITEM_VISITS = 2_000;

/** Where `item` sits in `root` (not under params), shortest path first; found once per item. */
function itemPath(root: unknown, item: unknown): string | undefined {
  if (typeof item !== "object" || item === null || typeof root !== "object" || root === null) return undefined;
  const known = itemPaths.get(item);
  if (known !== undefined) return known ?? undefined;
  let level: Array<[unknown, string]> = Object.keys(root).filter((key) => key !== "params").map((key) => [(root as Record<string, unknown>)[key], key]);
  let visits = 0;
  for (let depth = 1; depth <= MAX_ITEM_DEPTH && level.length > 0 && visits < MAX_ITEM_VISITS; depth++) {
    const next: Array<[unknown, string]> = [];
    for (const [value, path] of level) {
      if (++visits > MAX_ITEM_VISITS) break;
      if (value === item) {
        itemPaths.set(item, path);
        return path;
      }
      if (typeof value !== "object" || value === null) continue;
      for (const key of Object.keys(value)) next.push([(value as Record<string, unknown>)[key], `${path}.${key}`]);
    }
    level = next;
  }
  itemPaths.set(item, null);
  return undefined;
}

/** What evaluating part of a rule read from the record and found missing. */
export class Reads implements VarRecorder {
  readonly values = new Map<string, unknown>();
  readonly missing = new Set<string>();

  constructor(private readonly root: unknown) {}

  read(scope: unknown, path: string, value: unknown, found: boolean, hasDefault: boolean): void {
    if (scope === this.root && found) this.values.set(path, value);
    // A default written in the rule (`{"var": ["tags", []]}`) says what absence means: not missing.
    if (!found && !hasDefault) this.missing.add(scope === this.root ? path : itemFieldName(this.root, scope, path));
  }

  merge(other: Reads): void {
    other.values.forEach((value, path) => this.values.set(path, value));
    other.missing.forEach((path) => this.missing.add(path));
  }
}

/**
 * The reads of one leaf (or one computed expression), told to `into` as they happen, with what
 * the leaf itself needs kept aside: the first field of the record it read and what it found
 * missing, in order. The same as reading into a Reads of its own and merging that into `into`
 * afterwards, without a Map and a Set per leaf.
 */
class LeafReads implements VarRecorder {
  /** The first field of the record (not a parameter) read at the root. */
  field: string | undefined = undefined;
  /** What was missing, each once, in the order found; undefined: nothing. */
  missing: string[] | undefined = undefined;

  constructor(private readonly root: unknown, private readonly into: Reads) {}

  read(scope: unknown, path: string, value: unknown, found: boolean, hasDefault: boolean): void {
    if (found) {
      if (scope === this.root) {
        this.into.values.set(path, value);
        if (this.field === undefined && !isParam(path)) this.field = path;
      }
      return;
    }
    if (hasDefault) return;
    const missing = scope === this.root ? path : itemFieldName(this.root, scope, path);
    this.into.missing.add(missing);
    if (this.missing === undefined) this.missing = [missing];
    else if (!this.missing.includes(missing)) this.missing.push(missing);
  }
}

/** One node of a decision: the condition, its truth and, for and/or/!/if, its parts. */
export interface ConditionTrace {
  logic: unknown;
  truth: Truth;
  value?: unknown;
  missing: string[];
  parts?: ConditionTrace[];
  /** For a leaf: the first field of the record (not a parameter) it read, in reading order. */
  field?: string | undefined;
}

/** The `missing` of a node that has none (every and/or/!/if node, and a leaf that found all it read). Never written to. */
const NOTHING: string[] = Object.freeze([]) as unknown as string[];

const AND = 0;
const OR = 1;
const NOT = 2;
const NOT_NOT = 3;
const IF = 4;
const LEAF = 5;

/**
 * How `decide` takes a condition apart, worked out once per logic object: the operator and the
 * plans of its parts (for an `if` of more than three parts, the `{ if: [...] }` of its else
 * branch made once here rather than on every decision). Logic must not be mutated once decided,
 * as for compiled forms (compile.ts).
 */
interface Plan {
  kind: number;
  logic: unknown;
  /** and/or: every part; !/!!: the one part; if: condition, then, else. */
  parts: Plan[];
}

const plans = new WeakMap<object, Plan>();

function planOf(logic: unknown): Plan {
  if (typeof logic !== "object" || logic === null) return { kind: LEAF, logic, parts: [] };
  let plan = plans.get(logic);
  if (plan === undefined) {
    plan = makePlan(logic);
    plans.set(logic, plan);
  }
  return plan;
}

function makePlan(logic: object): Plan {
  const operator = operatorOf(logic);
  const parts = operator === undefined ? [] : argumentsOf(logic, operator);
  switch (operator) {
    case "and":
    case "or":
      return { kind: operator === "and" ? AND : OR, logic, parts: parts.map(planOf) };
    case "!":
    case "!!":
      return { kind: operator === "!" ? NOT : NOT_NOT, logic, parts: [planOf(parts[0])] };
    case "if":
    case "?:":
      if (parts.length < 3) return { kind: LEAF, logic, parts: [] };
      return { kind: IF, logic, parts: [planOf(parts[0]), planOf(parts[1]), planOf(parts.length === 3 ? parts[2] : { if: parts.slice(2) })] };
    default:
      return { kind: LEAF, logic, parts: [] };
  }
}

/**
 * Decides a condition in Kleene's three-valued logic over json-logic-js leaves: `and`, `or`,
 * `!`, `!!` and `if` combine their parts, every other expression is a leaf evaluated as
 * json-logic-js does it. A leaf that reads a missing field is unknown, and so is the whole
 * only when the known parts cannot settle it, so a missing field never silently passes or fails.
 */
export function decide(logic: unknown, scope: Record<string, unknown>, evaluator: LogicEvaluator, reads: Reads): ConditionTrace {
  return decidePlan(planOf(logic), scope, evaluator, reads);
}

function decidePlan(plan: Plan, scope: Record<string, unknown>, evaluator: LogicEvaluator, reads: Reads): ConditionTrace {
  switch (plan.kind) {
    case AND:
    case OR: {
      const decisive = plan.kind === OR;
      const traces: ConditionTrace[] = [];
      let settled = false;
      let unknown = false;
      for (const part of plan.parts) {
        const trace = decidePlan(part, scope, evaluator, reads);
        traces.push(trace);
        if (trace.truth === decisive) settled = true;
        else if (trace.truth === "unknown") unknown = true;
      }
      const truth: Truth = settled ? decisive : unknown ? "unknown" : !decisive;
      return { logic: plan.logic, truth, missing: NOTHING, parts: traces };
    }
    case NOT:
    case NOT_NOT: {
      const inner = decidePlan(plan.parts[0]!, scope, evaluator, reads);
      const truth: Truth = inner.truth === "unknown" ? "unknown" : plan.kind === NOT ? !inner.truth : inner.truth;
      return { logic: plan.logic, truth, missing: NOTHING, parts: [inner] };
    }
    case IF:
      return decideIf(plan, scope, evaluator, reads);
    default:
      return decideLeaf(plan.logic, scope, evaluator, reads);
  }
}

function decideIf(plan: Plan, scope: Record<string, unknown>, evaluator: LogicEvaluator, reads: Reads): ConditionTrace {
  const [ifPlan, thenPlan, elsePlan] = plan.parts as [Plan, Plan, Plan];
  const condition = decidePlan(ifPlan, scope, evaluator, reads);
  if (condition.truth !== "unknown") {
    const branch = decidePlan(condition.truth ? thenPlan : elsePlan, scope, evaluator, reads);
    return { logic: plan.logic, truth: branch.truth, value: branch.value, missing: NOTHING, parts: [condition, branch] };
  }
  const whenTrue = decidePlan(thenPlan, scope, evaluator, reads);
  const whenFalse = decidePlan(elsePlan, scope, evaluator, reads);
  const truth: Truth = whenTrue.truth === whenFalse.truth ? whenTrue.truth : "unknown";
  return { logic: plan.logic, truth, missing: NOTHING, parts: [condition, whenTrue, whenFalse] };
}

function decideLeaf(logic: unknown, scope: Record<string, unknown>, evaluator: LogicEvaluator, reads: Reads): ConditionTrace {
  const leafReads = new LeafReads(scope, reads);
  const value = withRecorder(leafReads, () => evaluator.evaluate(logic, scope));
  const missing = leafReads.missing ?? NOTHING;
  const truth: Truth = missing.length > 0 ? "unknown" : configuredJsonLogic().truthy(value);
  return { logic, truth, value, missing, field: leafReads.field };
}

/** Evaluates an expression for its value; `missing` lists what it read and did not find. */
export function compute(logic: unknown, scope: Record<string, unknown>, evaluator: LogicEvaluator, reads: Reads): { value: unknown; missing: string[] } {
  const own = new LeafReads(scope, reads);
  const value = withRecorder(own, () => evaluator.evaluate(logic, scope));
  return { value, missing: own.missing ?? [] };
}

/**
 * Notes only whether a leaf read a field that is missing (and had no default): all `decideTruth`
 * needs to tell "unknown", without the Map, the Set and the trace of a full decision.
 */
class MissingFlag implements VarRecorder {
  missing = false;
  read(_scope: unknown, _path: string, _value: unknown, found: boolean, hasDefault: boolean): void {
    if (!found && !hasDefault) this.missing = true;
  }
}

const missingFlag = new MissingFlag();

/**
 * The truth `decide` would give, and nothing else: the same plan, the same three-valued logic,
 * the same leaves, no trace. A run tells most outcomes (passes, not-applicables) this way and
 * decides again with `decide` only the results it reports.
 */
export function decideTruth(logic: unknown, scope: Record<string, unknown>, evaluator: LogicEvaluator): Truth {
  return withRecorder(missingFlag, () => truthOfPlan(planOf(logic), scope, evaluator));
}

function truthOfPlan(plan: Plan, scope: Record<string, unknown>, evaluator: LogicEvaluator): Truth {
  switch (plan.kind) {
    case AND:
    case OR: {
      const decisive = plan.kind === OR;
      let settled = false;
      let unknown = false;
      // Every part is evaluated, as `decide` does: a part's error must surface the same way.
      for (const part of plan.parts) {
        const truth = truthOfPlan(part, scope, evaluator);
        if (truth === decisive) settled = true;
        else if (truth === "unknown") unknown = true;
      }
      return settled ? decisive : unknown ? "unknown" : !decisive;
    }
    case NOT:
    case NOT_NOT: {
      const inner = truthOfPlan(plan.parts[0]!, scope, evaluator);
      return inner === "unknown" ? "unknown" : plan.kind === NOT ? !inner : inner;
    }
    case IF: {
      const [ifPlan, thenPlan, elsePlan] = plan.parts as [Plan, Plan, Plan];
      const condition = truthOfPlan(ifPlan, scope, evaluator);
      if (condition !== "unknown") return truthOfPlan(condition ? thenPlan : elsePlan, scope, evaluator);
      const whenTrue = truthOfPlan(thenPlan, scope, evaluator);
      const whenFalse = truthOfPlan(elsePlan, scope, evaluator);
      return whenTrue === whenFalse ? whenTrue : "unknown";
    }
    default: {
      missingFlag.missing = false;
      const value = evaluator.evaluate(plan.logic, scope);
      return missingFlag.missing ? "unknown" : configuredJsonLogic().truthy(value);
    }
  }
}
