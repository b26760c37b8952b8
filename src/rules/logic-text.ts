import { argumentsOf, operatorOf } from "./logic-shape.js";

/**
 * JsonLogic as compact infix text for people (`szcheck rules show`):
 * `{"and": [{"==": [{"var": "techLeader"}, true]}, {"in": [{"var": "type"}, ["construction"]]}]}`
 * reads `techLeader == true and type in [construction]`. Variables and plain words are both
 * written bare, as a rule author reads them; anything else is quoted. It is a view, never parsed.
 */
export function logicToText(logic: unknown, options: TextOptions = {}): string {
  return render(logic, 0, options);
}

/**
 * Plain words for `szcheck explain`: with `lang`, comparisons and arithmetic use the symbols a
 * reader knows (≥ ≠ × ÷), and and/or/not/if and defaults read in that language; `describeVar`
 * may replace a variable, e.g. `params.minStar` by `minStar (= 2 stars)`.
 */
export interface TextOptions {
  lang?: "zh" | "en" | undefined;
  describeVar?: ((path: string) => string | undefined) | undefined;
}

const plainSymbols: Record<string, string> = { "==": "=", "===": "=", "!=": "≠", "!==": "≠", ">=": "≥", "<=": "≤", "*": "×", "/": "÷" };
const plainWords = {
  zh: { and: "且", or: "或", not: "非", in: "属于", if: "若", then: "则", elif: "否则若", else: "否则", absent: (path: string, fallback: string) => `${path}（缺省为 ${fallback}）` },
  en: { and: "and", or: "or", not: "not", in: "in", if: "if", then: "then", elif: "elif", else: "else", absent: (path: string, fallback: string) => `${path} (absent: ${fallback})` },
} as const;

function symbol(operator: string, options: TextOptions): string {
  if (options.lang === undefined) return operator;
  if (operator === "in") return plainWords[options.lang].in;
  return plainSymbols[operator] ?? operator;
}

function word(name: "and" | "or" | "not" | "if" | "then" | "elif" | "else", options: TextOptions): string {
  return options.lang === undefined ? name : plainWords[options.lang][name];
}

const PREC = { if: 0, or: 1, and: 2, not: 3, default: 3.5, compare: 4, add: 5, multiply: 6, unary: 7, atom: 9 } as const;

const comparisons = new Set(["==", "===", "!=", "!==", ">", ">=", "<", "<=", "in"]);
const additive = new Set(["+", "-"]);
const multiplicative = new Set(["*", "/", "%"]);

function wrap(text: string, own: number, parent: number): string {
  return own < parent ? `(${text})` : text;
}

function render(node: unknown, parent: number, options: TextOptions): string {
  if (Array.isArray(node)) return `[${node.map((item) => render(item, 0, options)).join(", ")}]`;
  if (node === null || typeof node !== "object") return literal(node);
  const operator = operatorOf(node);
  if (operator === undefined) return JSON.stringify(node);
  const args = argumentsOf(node, operator);
  const raw = (node as Record<string, unknown>)[operator];

  if (operator === "var") return renderVar(raw, parent, options);
  if (operator === "and" || operator === "or") {
    const own = PREC[operator];
    const parts = args.map((arg) => {
      const inner = operatorOf(arg);
      // A different logical operator inside gets brackets, even where precedence would spare them.
      const mixed = (inner === "and" || inner === "or") && inner !== operator;
      return mixed ? `(${render(arg, 0, options)})` : render(arg, own, options);
    });
    return wrap(parts.join(` ${word(operator, options)} `), own, parent);
  }
  if (operator === "!") return wrap(`${word("not", options)} ${render(args[0], PREC.not, options)}`, PREC.not, parent);
  if (operator === "!!") return `bool(${render(args[0], 0, options)})`;
  if (operator === "if" || operator === "?:") return wrap(renderIf(args, options), PREC.if, parent);
  if (comparisons.has(operator)) {
    const own = PREC.compare;
    const op = symbol(operator, options);
    if ((operator === "<" || operator === "<=") && args.length === 3) {
      return wrap(`${render(args[0], own + 1, options)} ${op} ${render(args[1], own + 1, options)} ${op} ${render(args[2], own + 1, options)}`, own, parent);
    }
    return wrap(`${render(args[0], own + 1, options)} ${op} ${render(args[1], own + 1, options)}`, own, parent);
  }
  if (additive.has(operator) || multiplicative.has(operator)) {
    if (args.length === 1) return operator === "-" ? wrap(`-${render(args[0], PREC.unary, options)}`, PREC.unary, parent) : `number(${render(args[0], 0, options)})`;
    const own = additive.has(operator) ? PREC.add : PREC.multiply;
    // Left-associative: the first operand may share the level, later ones need brackets if they do.
    const text = args.map((arg, index) => render(arg, index === 0 ? own : own + 0.5, options)).join(` ${symbol(operator, options)} `);
    return wrap(text, own, parent);
  }
  return `${operator}(${args.map((arg) => render(arg, 0, options)).join(", ")})`;
}

function renderVar(raw: unknown, parent: number, options: TextOptions): string {
  const [path, fallback] = Array.isArray(raw) ? raw : [raw];
  const plainPath = typeof path === "string" || typeof path === "number" ? String(path) : undefined;
  const described = plainPath === undefined || plainPath === "" ? undefined : options.describeVar?.(plainPath);
  const shown =
    described ??
    (path === undefined || path === null || path === "" ? "$" : plainPath !== undefined ? plainPath : `var(${render(path, 0, options)})`);
  if (fallback === undefined) return shown;
  if (options.lang !== undefined) return plainWords[options.lang].absent(shown, render(fallback, 0, options));
  return wrap(`${shown} ?? ${render(fallback, PREC.default + 1, options)}`, PREC.default, parent);
}

function renderIf(args: unknown[], options: TextOptions): string {
  if (args.length === 0) return "null";
  if (args.length === 1) return render(args[0], 0, options);
  const parts: string[] = [];
  let index = 0;
  while (index + 1 < args.length) {
    parts.push(`${word(index === 0 ? "if" : "elif", options)} ${render(args[index], PREC.if + 1, options)} ${word("then", options)} ${render(args[index + 1], PREC.if + 1, options)}`);
    index += 2;
  }
  if (index < args.length) parts.push(`${word("else", options)} ${render(args[index], PREC.if + 1, options)}`);
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
