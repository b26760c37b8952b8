import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";

/**
 * Runs the steps of a GitHub Actions job or composite action the way the runner does, for the
 * parts that run here: `run` steps in bash (`bash --noprofile --norc -eo pipefail`, the runner's
 * `shell: bash`), with `${{ }}` expressions of inputs, github.*, env.* and steps.*.outputs
 * replaced, step `env`, `working-directory`, `if` (always(), success(), ==, !=, &&, ||, !),
 * GITHUB_OUTPUT read back into step outputs, and GITHUB_STEP_SUMMARY. A `uses` step is handed
 * to `onUses` (which may run a local action through `runAction`, or check the inputs of one that
 * cannot run here, such as upload-sarif).
 */

export interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  shell?: string;
  "working-directory"?: string;
}

export interface StepRun {
  step: Step;
  /** The step's label: its name, or what it uses or runs. */
  label: string;
  skipped: boolean;
  code: number;
  stdout: string;
  stderr: string;
  /** Its `with` values, evaluated (for uses steps). */
  inputs: Record<string, string>;
}

export interface RunContext {
  workspace: string;
  env: NodeJS.ProcessEnv;
  inputs: Record<string, string>;
  actionPath?: string;
  onUses: (step: Step, inputs: Record<string, string>, context: RunContext) => { code: number; stdout?: string; stderr?: string; outputs?: Record<string, string> };
}

export interface JobResult {
  steps: StepRun[];
  /** success when every step that ran exited 0. */
  status: "success" | "failure";
  summary: string;
  outputs: Record<string, Record<string, string>>;
}

export function runSteps(steps: Step[], context: RunContext): JobResult {
  const outputs: Record<string, Record<string, string>> = {};
  const runs: StepRun[] = [];
  const summaryFile = join(mkdtempSync(join(tmpdir(), "szcheck-runner-")), "step-summary.md");
  writeFileSync(summaryFile, "");
  let failed = false;
  for (const [index, step] of steps.entries()) {
    const id = step.id ?? `__step${index}`;
    const evaluate = (text: string): string => interpolate(text, { context, outputs, failed });
    const condition = step.if === undefined ? "success()" : step.if.replace(/^\$\{\{([\s\S]*)\}\}$/, "$1");
    const label = step.name ?? step.uses ?? step.run?.split("\n")[0] ?? id;
    const inputs = Object.fromEntries(Object.entries(step.with ?? {}).map(([key, value]) => [key, evaluate(String(value))]));
    if (!truthy(expression(condition, { context, outputs, failed }))) {
      runs.push({ step, label, skipped: true, code: 0, stdout: "", stderr: "", inputs });
      continue;
    }
    const env = { ...context.env, ...Object.fromEntries(Object.entries(step.env ?? {}).map(([key, value]) => [key, evaluate(String(value))])) };
    if (step.uses !== undefined) {
      const result = context.onUses(step, inputs, { ...context, env });
      outputs[id] = result.outputs ?? {};
      runs.push({ step, label, skipped: false, code: result.code, stdout: result.stdout ?? "", stderr: result.stderr ?? "", inputs });
      if (result.code !== 0) failed = true;
      continue;
    }
    const outputFile = join(mkdtempSync(join(tmpdir(), "szcheck-runner-")), "output");
    writeFileSync(outputFile, "");
    const script = join(mkdtempSync(join(tmpdir(), "szcheck-runner-")), "step.sh");
    writeFileSync(script, evaluate(step.run ?? ""));
    const cwd = step["working-directory"] === undefined ? context.workspace : evaluate(step["working-directory"]);
    const result = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], {
      cwd,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
      env: { ...env, GITHUB_WORKSPACE: context.workspace, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile, ...(context.actionPath === undefined ? {} : { GITHUB_ACTION_PATH: context.actionPath }) },
    });
    outputs[id] = Object.fromEntries(
      readFileSync(outputFile, "utf8")
        .split("\n")
        .filter((line) => line.includes("="))
        .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
    );
    runs.push({ step, label, skipped: false, code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr, inputs });
    if (result.status !== 0) failed = true;
  }
  return { steps: runs, status: failed ? "failure" : "success", summary: readFileSync(summaryFile, "utf8"), outputs };
}

/** Runs a composite action (its action.yml) with inputs: the defaults, then the given ones. */
export function runAction(actionPath: string, given: Record<string, string>, context: Omit<RunContext, "inputs" | "actionPath">): JobResult & { actionOutputs: Record<string, string> } {
  const action = parse(readFileSync(join(actionPath, "action.yml"), "utf8")) as { inputs: Record<string, { default?: string }>; outputs: Record<string, { value: string }>; runs: { using: string; steps: Step[] } };
  if (action.runs.using !== "composite") throw new Error(`not a composite action: ${action.runs.using}`);
  const unknown = Object.keys(given).filter((name) => !(name in action.inputs));
  if (unknown.length > 0) throw new Error(`the action has no input ${unknown.join(", ")}`);
  const inputs = { ...Object.fromEntries(Object.entries(action.inputs).map(([name, input]) => [name, input.default ?? ""])), ...given };
  const result = runSteps(action.runs.steps, { ...context, inputs, actionPath });
  const actionOutputs = Object.fromEntries(Object.entries(action.outputs).map(([name, output]) => [name, interpolate(output.value, { context: { ...context, inputs, actionPath }, outputs: result.outputs, failed: false })]));
  return { ...result, actionOutputs };
}

interface Scope {
  context: RunContext;
  outputs: Record<string, Record<string, string>>;
  failed: boolean;
}

function interpolate(text: string, scope: Scope): string {
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, inner: string) => String(expression(inner, scope)));
}

type Value = string | boolean;

const truthy = (value: Value): boolean => value !== false && value !== "" && value !== "false" && value !== "0";

/** The expression subset the action and the docs use. */
function expression(source: string, scope: Scope): Value {
  const tokens = source.match(/'(?:[^']|'')*'|&&|\|\||==|!=|!|\(|\)|[A-Za-z_][\w.-]*(?:\(\))?/g) ?? [];
  let at = 0;
  const peek = (): string | undefined => tokens[at];
  const next = (): string => tokens[at++]!;
  const primary = (): Value => {
    const token = next();
    if (token === "!") return !truthy(primary());
    if (token === "(") {
      const value = or();
      next();
      return value;
    }
    if (token.startsWith("'")) return token.slice(1, -1).replaceAll("''", "'");
    if (token === "always()") return true;
    if (token === "success()") return !scope.failed;
    if (token === "failure()") return scope.failed;
    if (token === "true" || token === "false") return token === "true";
    return lookup(token, scope);
  };
  const comparison = (): Value => {
    const left = primary();
    if (peek() === "==" || peek() === "!=") {
      const op = next();
      const right = primary();
      const equal = String(left).toLowerCase() === String(right).toLowerCase();
      return op === "==" ? equal : !equal;
    }
    return left;
  };
  const and = (): Value => {
    let value = comparison();
    while (peek() === "&&") {
      next();
      const right = comparison();
      value = truthy(value) ? right : value;
    }
    return value;
  };
  const or = (): Value => {
    let value = and();
    while (peek() === "||") {
      next();
      const right = and();
      value = truthy(value) ? value : right;
    }
    return value;
  };
  const value = or();
  if (at !== tokens.length) throw new Error(`cannot read the expression: ${source}`);
  return value;
}

function lookup(path: string, scope: Scope): string {
  const [head, ...rest] = path.split(".");
  if (head === "inputs") return scope.context.inputs[rest.join(".")] ?? "";
  if (head === "github" && rest[0] === "action_path") return scope.context.actionPath ?? "";
  if (head === "github" && rest[0] === "workspace") return scope.context.workspace;
  if (head === "env") return scope.context.env[rest.join(".")] ?? "";
  if (head === "steps" && rest[1] === "outputs") return scope.outputs[rest[0]!]?.[rest.slice(2).join(".")] ?? "";
  throw new Error(`the test runner does not know ${path}`);
}
