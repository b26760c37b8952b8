import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "./helpers.js";
import { runAction, runSteps, type Step } from "./support/actions-runner.js";

/**
 * szcheck installed the ways README and docs/ci.md say, from a copy of the repository as a fresh
 * clone has it (the tracked and untracked, not ignored, files: no node_modules, no dist): `npm
 * install -g .`, `npm pack` and the tarball, the GitHub Action and docs/ci.md's jobs run the way
 * the runner does, and the pre-commit hook run by the pre-commit tool. Slow (npm installs the
 * dependencies from its cache or the registry): one copy, each step once.
 */

const SLOW = 15 * 60_000;
const npmEnv = { ...process.env, npm_config_prefer_offline: "true", npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" };

/** A filing repository: one project filing that fails prefab-required (from the demo), and a file that is not a record. */
function filingsRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), "szcheck-filings-"));
  mkdirSync(join(dir, "filings"));
  cpSync(join(repoRoot, "fixtures", "demo", "projects", "longgang-affordable-housing.yaml"), join(dir, "filings", "longgang.yaml"));
  writeFileSync(join(dir, "filings", "notes.yaml"), "owner: 市住建局\n");
  git(dir, "init", "-q");
  git(dir, "add", ".");
  git(dir, "commit", "-qm", "filings");
  return dir;
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.name=szcheck test", "-c", "user.email=test@szcheck.invalid", "-c", "commit.gpgsign=false", ...args], { cwd, encoding: "utf8" });
}

/** The repository as a fresh clone has it, committed in a git repository of its own. */
function freshClone(): string {
  const dir = join(mkdtempSync(join(tmpdir(), "szcheck-clone-")), "szcheck");
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: repoRoot, encoding: "utf8" }).split("\0").filter((file) => file !== "" && existsSync(join(repoRoot, file)));
  for (const file of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(repoRoot, file), join(dir, file));
  }
  git(dir, "init", "-q");
  git(dir, "add", ".");
  git(dir, "commit", "-qm", "snapshot");
  return dir;
}

function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }) {
  const result = spawnSync(command, args, { cwd: options.cwd, env: options.env ?? npmEnv, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr, all: `${result.stdout}\n${result.stderr}` };
}

/** The yaml code block that follows a heading of docs/ci.md. */
function docsBlock(heading: string): Record<string, unknown> {
  const text = readFileSync(join(repoRoot, "docs", "ci.md"), "utf8");
  const section = text.slice(text.indexOf(`## ${heading}`));
  const block = /```yaml\n([\s\S]*?)```/.exec(section)![1]!;
  return parse(block) as Record<string, unknown>;
}

describe("installed anywhere, and in CI", { timeout: SLOW }, () => {
  let clone = "";
  /** The action's checkout, as the runner fetches it for `uses:` (fresh: the action's install step runs npm ci). */
  let actionCheckout = "";
  let tarball = "";
  const elsewhere = mkdtempSync(join(tmpdir(), "szcheck-elsewhere-"));

  beforeAll(() => {
    clone = freshClone();
    actionCheckout = freshClone();
  }, SLOW);

  it("npm install -g . in a fresh clone gives a szcheck command that works from another folder", () => {
    const prefix = mkdtempSync(join(tmpdir(), "szcheck-global-"));
    const install = run("npm", ["install", "-g", ".", "--prefix", prefix], { cwd: clone });
    expect(install.code, install.all).toBe(0);
    const result = run(join(prefix, "bin", "szcheck"), ["check", join(clone, "fixtures", "demo"), "--format", "compact"], { cwd: elsewhere });
    expect(result.code, result.all).toBe(1);
    expect(result.stdout).toMatch(/problems? \(\d+ error/);
  });

  it("npm pack, then npm install -g of the tarball elsewhere", () => {
    const pack = run("npm", ["pack", "--pack-destination", elsewhere], { cwd: clone });
    expect(pack.code, pack.all).toBe(0);
    // What pre-commit reads back: standard output is the tarball's name alone.
    expect(pack.stdout.trim()).toMatch(/^szcheck-\d+\.\d+\.\d+\.tgz$/);
    tarball = join(elsewhere, pack.stdout.trim());
    const listed = execFileSync("tar", ["tzf", tarball], { encoding: "utf8" });
    for (const file of ["package/dist/szcheck.cjs", "package/dist/builtin-pack.json", "package/bin/szcheck.js", "package/schemas/config.schema.json", "package/rules/prefab-required.yaml"]) expect(listed).toContain(file);
    expect(listed).not.toContain("package/src/");
    const prefix = mkdtempSync(join(tmpdir(), "szcheck-global-"));
    const install = run("npm", ["install", "-g", tarball, "--prefix", prefix], { cwd: elsewhere });
    expect(install.code, install.all).toBe(0);
    const filings = filingsRepo();
    const result = run(join(prefix, "bin", "szcheck"), ["check", "filings", "--as-of", "2024-06-30", "--lang", "en"], { cwd: filings });
    expect(result.code, result.all).toBe(1);
    expect(result.stdout).toContain("prefab-required");
    expect(result.stderr).toContain("skipped 1 file that is not a record (no kind): filings/notes.yaml");
    // init writes a modeline to the installed package's schema, which exists.
    const init = run(join(prefix, "bin", "szcheck"), ["init", "config", "-"], { cwd: filings });
    const schema = /\$schema=(\S+)/.exec(init.stdout)![1]!;
    expect(existsSync(join(filings, schema))).toBe(true);
  });

  it("the GitHub job of docs/ci.md, with the action from the repository, run the way the runner does", () => {
    const workflow = docsBlock("GitHub Actions") as { jobs: Record<string, { steps: Step[] }> };
    const steps = Object.values(workflow.jobs)[0]!.steps;
    const workspace = filingsRepo();
    const uses: string[] = [];
    let sarifUpload: Record<string, string> | undefined;
    const job = runSteps(steps, {
      workspace,
      env: npmEnv,
      inputs: {},
      onUses: (step, inputs, context) => {
        uses.push(step.uses!);
        if (step.uses!.startsWith("actions/checkout@")) return { code: 0 };
        if (step.uses!.startsWith("szcheck/szcheck@")) {
          // The action, from the clone; its own uses steps: setup-node (Node is here) and upload-sarif (checked, not run).
          expect(existsSync(join(actionCheckout, "node_modules")), "the action's checkout is fresh").toBe(false);
          const action = runAction(actionCheckout, inputs, {
            workspace: context.workspace,
            env: context.env,
            onUses: (inner, innerInputs) => {
              uses.push(inner.uses!);
              if (inner.uses!.startsWith("github/codeql-action/upload-sarif@")) sarifUpload = innerInputs;
              return { code: 0 };
            },
          });
          const failed = action.steps.find((s) => !s.skipped && s.code !== 0);
          return { code: action.status === "success" ? 0 : 1, stdout: action.steps.map((s) => s.stdout).join("\n"), stderr: failed?.stderr ?? "", outputs: action.actionOutputs };
        }
        throw new Error(`the job uses ${step.uses}, which this test cannot run`);
      },
    });
    expect(uses).toEqual(["actions/checkout@v4", "szcheck/szcheck@v0.1.0", "actions/setup-node@v4", "github/codeql-action/upload-sarif@v3"]);
    // The filing fails prefab-required: the job fails (exit 1), after the SARIF upload.
    expect(job.status).toBe("failure");
    expect(existsSync(join(actionCheckout, "dist", "szcheck.cjs")), "the action's install step built szcheck").toBe(true);
    const output = job.steps.map((s) => s.stdout).join("\n");
    expect(output).toMatch(/^::error file=filings\/longgang\.yaml,line=\d+,col=\d+,title=prefab-required/m);
    expect(sarifUpload).toEqual({ sarif_file: "szcheck.sarif", category: "szcheck" });
    const sarif = JSON.parse(readFileSync(join(workspace, "szcheck.sarif"), "utf8")) as { runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
    expect(sarif.runs[0]!.results.some((r) => r.ruleId === "prefab-required" && r.locations[0]!.physicalLocation.artifactLocation.uri === "filings/longgang.yaml")).toBe(true);
  });

  it("the action's inputs: a baseline passes the step, fail-on none passes it, the summary page gets the markdown", () => {
    const workspace = filingsRepo();
    const noUses = () => ({ code: 0 });
    const write = spawnSync(process.execPath, [join(actionCheckout, "bin", "szcheck.js"), "check", "filings/", "--as-of", "2024-06-30", "--write-baseline", "szcheck-baseline.json"], { cwd: workspace, encoding: "utf8" });
    expect(write.status, write.stderr).toBe(0);
    const withBaseline = runAction(actionCheckout, { paths: "filings/", baseline: "szcheck-baseline.json", formats: "compact" }, { workspace, env: npmEnv, onUses: noUses });
    expect(withBaseline.status, withBaseline.steps.map((s) => s.stderr).join("\n")).toBe("success");
    expect(withBaseline.actionOutputs["exit-code"]).toBe("0");
    expect(withBaseline.steps.map((s) => s.stdout).join("\n")).toMatch(/baseline: 0 new · \d+ unchanged · 0 fixed/);
    expect(withBaseline.summary).toMatch(/^## szcheck: /);
    const strict = runAction(actionCheckout, { paths: "filings/longgang.yaml", "fail-on": "none", "step-summary": "false" }, { workspace, env: npmEnv, onUses: noUses });
    expect(strict.status).toBe("success");
    expect(strict.summary).toBe("");
    const failing = runAction(actionCheckout, { paths: "filings/longgang.yaml" }, { workspace, env: npmEnv, onUses: noUses });
    expect(failing.status).toBe("failure");
    expect(failing.actionOutputs["exit-code"]).toBe("1");
    expect(failing.steps.find((s) => s.label === "Upload the findings to code scanning")!.skipped).toBe(true);
  });

  it("the GitLab job of docs/ci.md installs szcheck (here from the tarball) and writes the JUnit report", () => {
    expect(tarball, "the npm pack test runs first").not.toBe("");
    const job = docsBlock("GitLab CI").szcheck as { variables: Record<string, string>; script: string[]; artifacts: { reports: { junit: string } } };
    expect(job.variables.SZCHECK_PACKAGE).toMatch(/^git\+https:\/\/github\.com\/.*\.git#v/);
    const workspace = filingsRepo();
    const prefix = mkdtempSync(join(tmpdir(), "szcheck-gitlab-"));
    // GitLab runs the script lines in one shell that stops at the first failure; the job's variable, overridden as a pipeline variable would.
    const env = { ...npmEnv, SZCHECK_PACKAGE: tarball, npm_config_prefix: prefix, PATH: `${join(prefix, "bin")}:${process.env.PATH}` };
    const result = run("bash", ["--noprofile", "--norc", "-e", "-c", job.script.join("\n")], { cwd: workspace, env });
    expect(result.code, result.all).toBe(1);
    const junit = readFileSync(join(workspace, job.artifacts.reports.junit), "utf8");
    expect(junit).toMatch(/<testsuites name="szcheck" tests="\d+" failures="[1-9]/);
    expect(junit).toContain("prefab-required");
  });

  it("the pre-commit hook, run by the pre-commit tool on a temporary repository", () => {
    const version = run("pre-commit", ["--version"], { cwd: elsewhere });
    expect(version.code, "pre-commit is missing: install Debian's pre-commit (as .ci/run does)").toBe(0);
    const hooks = parse(readFileSync(join(clone, ".pre-commit-hooks.yaml"), "utf8")) as Array<{ id: string; language: string }>;
    expect(hooks.map((hook) => `${hook.id} ${hook.language}`)).toEqual(["szcheck node"]);
    const repo = filingsRepo();
    const env = { ...npmEnv, PRE_COMMIT_HOME: mkdtempSync(join(tmpdir(), "szcheck-pre-commit-home-")), PRE_COMMIT_COLOR: "never" };
    // The filing fails prefab-required: the hook fails, and says why; notes.yaml (no records) is skipped, not an error.
    const failing = run("pre-commit", ["try-repo", clone, "szcheck", "--all-files"], { cwd: repo, env });
    expect(failing.code, failing.all).toBe(1);
    expect(failing.all).toContain("prefab-required");
    expect(failing.all).toContain("skipped 1 file that is not a record");
    // A .szcheckignore that leaves the filing out: the hook passes.
    writeFileSync(join(repo, ".szcheckignore"), "filings/longgang.yaml\n");
    git(repo, "add", ".");
    const passing = run("pre-commit", ["try-repo", clone, "szcheck", "--all-files"], { cwd: repo, env });
    expect(passing.code, passing.all).toBe(0);
    expect(passing.all).toMatch(/szcheck\.+Passed/);
    expect(readdirSync(env.PRE_COMMIT_HOME).length).toBeGreaterThan(0);
  });
});
