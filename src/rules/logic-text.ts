import { argumentsOf, operatorOf } from "../engine/logic-shape.js";

/**
 * JsonLogic as compact infix text for people (`szcheck rules show`):
 * `{"and": [{"==": [{"var": "techLeader"}, true]}, {"in": [{"var": "type"}, ["construction"]]}]}`
 * reads `techLeader == true and type in [construction]`. Variables and plain words are both
 * written bare, as a rule author reads them; anything else is quoted. It is a view, never parsed.
 */
export function logicToText(logic: unknown): string {
  return render(logic, 0);
}

const PREC = { if: 0, or: 1, and: 2, not: 3, default: 3.5, compare: 4, add: 5, multiply: 6, unary: 7, atom: 9 } as const;

const comparisons = new Set(["==", "===", "!=", "!==", ">", ">=", "<", "<=", "in"]);
const additive = new Set(["+", "-"]);
const multiplicative = new Set(["*", "/", "%"]);

function wrap(text: string, own: number, parent: number): string {
  return own < parent ? `(${text})` : text;
}

function render(node: unknown, parent: number): string {
  if (Array.isArray(node)) return `[${node.map((item) => render(item, 0)).join(", ")}]`;
  if (node === null || typeof node !== "object") return literal(node);
  const operator = operatorOf(node);
  if (operator === undefined) return JSON.stringify(node);
  const args = argumentsOf(node, operator);
  const raw = (node as Record<string, unknown>)[operator];

  if (operator === "var") return renderVar(raw, parent);
  if (operator === "and" || operator === "or") {
    const own = PREC[operator];
    const parts = args.map((arg) => {
      const inner = operatorOf(arg);
      // A different logical operator inside gets brackets, even where precedence would spare them.
      const mixed = (inner === "and" || inner === "or") && inner !== operator;
      return mixed ? `(${render(arg, 0)})` : render(arg, own);
    });
    return wrap(parts.join(` ${operator} `), own, parent);
  }
  if (operator === "!") return wrap(`not ${render(args[0], PREC.not)}`, PREC.not, parent);
  if (operator === "!!") return `bool(${render(args[0], 0)})`;
  if (operator === "if" || operator === "?:") return wrap(renderIf(args), PREC.if, parent);
  if (comparisons.has(operator)) {
    const own = PREC.compare;
    if ((operator === "<" || operator === "<=") && args.length === 3) {
      return wrap(`${render(args[0], own + 1)} ${operator} ${render(args[1], own + 1)} ${operator} ${render(args[2], own + 1)}`, own, parent);
    }
    return wrap(`${render(args[0], own + 1)} ${operator} ${render(args[1], own + 1)}`, own, parent);
  }
  if (additive.has(operator) || multiplicative.has(operator)) {
    if (args.length === 1) return operator === "-" ? wrap(`-${render(args[0], PREC.unary)}`, PREC.unary, parent) : `number(${render(args[0], 0)})`;
    const own = additive.has(operator) ? PREC.add : PREC.multiply;
    // Left-associative: the first operand may share the level, later ones need brackets if they do.
    const text = args.map((arg, index) => render(arg, index === 0 ? own : own + 0.5)).join(` ${operator} `);
    return wrap(text, own, parent);
  }
  return `${operator}(${args.map((arg) => render(arg, 0)).join(", ")})`;
}

function renderVar(raw: unknown, parent: number): string {
  const [path, fallback] = Array.isArray(raw) ? raw : [raw];
  const shown = path === undefined || path === null || path === "" ? "$" : typeof path === "string" || typeof path === "number" ? String(path) : `var(${render(path, 0)})`;
  if (fallback === undefined) return shown;
  return wrap(`${shown} ?? ${render(fallback, PREC.default + 1)}`, PREC.default, parent);
}

function renderIf(args: unknown[]): string {
  if (args.length === 0) return "null";
  if (args.length === 1) return render(args[0], 0);
  const parts: string[] = [];
  let index = 0;
  while (index + 1 < args.length) {
    parts.push(`${index === 0 ? "if" : "elif"} ${render(args[index], PREC.if + 1)} then ${render(args[index + 1], PREC.if + 1)}`);
    index += 2;
  }
  if (index < args.length) parts.push(`else ${render(args[index], PREC.if + 1)}`);
  return parts.join(" ");
}

/** A word of letters, digits, CJK and - . _ is written bare; other strings are quoted. */
function literal(value: unknown): string {
  if (typeof value === "string") {
    return /^[\p{L}\p{N}_][\p{L}\p{N}_.\-+#]*$/u.test(value) && !["and", "or", "not", "if", "then", "elif", "else", "in", "true", "false", "null"].includes(value)
      ? value
      : JSON.stringify(value);
  }
  return JSON.stringify(value) ?? "null";
}
