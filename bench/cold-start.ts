// Start-up cost of the CLI: `node bin/szcheck.js check <one small json file>` against `node -e ''`.
//
//   npx tsx bench/cold-start.ts [--runs N] [--file path.json]
//
// Builds dist/ first when it is missing or older than src/, rules/ or seeds/ (scripts/build.mjs).
// The commands take turns, N times each; the wall times printed are medians. Target: the CLI
// within 2× of node. The rows after the first three take away, one at a time, what start-up
// rests on (the code cache, the prebuilt rule pack), to show what each is worth. The code cache
// goes to a fresh folder, so the first run below is a run without one (it writes it).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

const root = join(import.meta.dirname, "..");
const args = process.argv.slice(2);
const argument = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const RUNS = Math.max(5, Number(argument("--runs") ?? 20));

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const bundle = join(root, "dist", "szcheck.cjs");
const pack = join(root, "dist", "builtin-pack.json");
const sources = Math.max(...["src", "rules", "seeds"].map((dir) => newest(join(root, dir))), statSync(join(root, "scripts", "build.mjs")).mtimeMs);
if (!existsSync(bundle) || !existsSync(pack) || Math.min(statSync(bundle).mtimeMs, statSync(pack).mtimeMs) < sources) {
  console.log("building dist/ (node scripts/build.mjs) …");
  const built = spawnSync(process.execPath, ["scripts/build.mjs"], { cwd: root, stdio: "inherit" });
  if (built.status !== 0) throw new Error("the build failed");
}

function smallJsonFile(): string {
  const given = argument("--file");
  if (given !== undefined) return given;
  const preferred = join(root, "fixtures", "demo", "projects", "nanshan-rd-center.json");
  if (existsSync(preferred)) return preferred;
  const found = (function find(dir: string): string | undefined {
    if (!existsSync(dir)) return undefined;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const hit = entry.isDirectory() ? find(path) : entry.name.endsWith(".json") ? path : undefined;
      if (hit !== undefined) return hit;
    }
    return undefined;
  })(join(root, "fixtures"));
  if (found === undefined) throw new Error("no .json file under fixtures/: pass one with --file");
  return found;
}

const file = relative(root, smallJsonFile());
const check = ["bin/szcheck.js", "check", file, "--no-color"];
const commands: Array<{ label: string; argv: string[]; env?: Record<string, string> }> = [
  { label: "node -e ''", argv: ["-e", ""] },
  { label: `szcheck check ${file}`, argv: check },
  // Loading the bundle and nothing else: what is left of the check's time is its own work.
  { label: "szcheck --version", argv: ["bin/szcheck.js", "--version"] },
  { label: "check, no code cache (SZCHECK_COMPILE_CACHE=off)", argv: check, env: { SZCHECK_COMPILE_CACHE: "off" } },
  { label: "check, rules from YAML (SZCHECK_PREBUILT_PACK=off)", argv: check, env: { SZCHECK_PREBUILT_PACK: "off" } },
  { label: "check, neither", argv: check, env: { SZCHECK_COMPILE_CACHE: "off", SZCHECK_PREBUILT_PACK: "off" } },
];
// NODE_EXTRA_CA_CERTS makes every node process read and parse those certificates before any
// script runs (about 50 ms for a system bundle): a fixed cost that flatters the ratio. Both are
// timed without it too, where it is set, so that the ratio can be read either way.
const extraCerts = process.env.NODE_EXTRA_CA_CERTS;
const withoutCerts = { NODE_EXTRA_CA_CERTS: "" };
if (extraCerts !== undefined && extraCerts !== "") {
  commands.push({ label: "node -e '' without NODE_EXTRA_CA_CERTS", argv: ["-e", ""], env: withoutCerts });
  commands.push({ label: "check without NODE_EXTRA_CA_CERTS", argv: check, env: withoutCerts });
}

const cacheDir = mkdtempSync(join(tmpdir(), "szcheck-bench-cache-"));
function once(argv: string[], env: Record<string, string> = {}): number {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, argv, { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1", SZCHECK_CACHE_DIR: cacheDir, ...env } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  // Exit 1 is a finding, not a failure; 2 is a run that could not be done.
  if (run.status !== 0 && run.status !== 1) throw new Error(`${argv.join(" ")} exited ${run.status}: ${run.stderr.toString()}`);
  return ms;
}

once(["-e", ""]); // warm the file cache
const first = once(check); // no code cache yet: this run writes it
for (const command of commands) once(command.argv, command.env);
const times = commands.map(() => [] as number[]);
try {
  for (let i = 0; i < RUNS; i++) commands.forEach((command, index) => times[index]!.push(once(command.argv, command.env)));
} catch (error) {
  rmSync(cacheDir, { recursive: true, force: true });
  throw error;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const medians = times.map(median);
const [node, checked, version, noCache, noPack, neither, bareNode, bareCheck] = medians as [number, number, number, number, number, number, number?, number?];
console.log(`cold start, node ${process.version}, median of ${RUNS} runs each (taking turns):`);
const width = Math.max(...commands.map((command) => command.label.length));
commands.forEach((command, index) => {
  const sorted = [...times[index]!].sort((a, b) => a - b);
  console.log(`  ${command.label.padEnd(width)} ${medians[index]!.toFixed(1).padStart(7)} ms   (min ${sorted[0]!.toFixed(1)}, max ${sorted.at(-1)!.toFixed(1)})`);
});
console.log(`  ${"first check, writing the code cache".padEnd(width)} ${first.toFixed(1).padStart(7)} ms   (one run)`);
const ratio = checked / node;
console.log(`  szcheck check / node -e '': ${ratio.toFixed(2)}×   (target ≤ 2×) ${ratio <= 2 ? "ok" : "MISSED"}`);
if (bareNode !== undefined && bareCheck !== undefined) {
  console.log(`  without NODE_EXTRA_CA_CERTS (set here: node's start reads it, ${(node - bareNode).toFixed(1)} ms): ${(bareCheck / bareNode).toFixed(2)}×, ${(bareCheck - bareNode).toFixed(1)} ms over node`);
}
// Where a check's start goes, phase by phase (bin/szcheck.js writes them under SZCHECK_START_TIMES).
const timesFile = join(cacheDir, "start-times.ndjson");
try {
  for (let i = 0; i < RUNS; i++) once(check, { SZCHECK_START_TIMES: timesFile });
  // A bin/szcheck.js from before SZCHECK_START_TIMES writes nothing.
  const runs = existsSync(timesFile) ? readFileSync(timesFile, "utf8").trim().split("\n").map((line) => JSON.parse(line) as Record<string, number>) : [];
  const phases = Object.keys(runs[0] ?? {});
  if (runs.length > 0) console.log(`  a check's start by phase (medians, ms): ${phases.map((phase) => `${phase} ${median(runs.map((run) => run[phase] ?? 0)).toFixed(1)}`).join(" · ")}`);
} finally {
  rmSync(cacheDir, { recursive: true, force: true });
}
console.log(`  over node: loading the bundle (--version) ${(version - node).toFixed(1)} ms; rules, input, checking, reporting ${(checked - version).toFixed(1)} ms`);
console.log(`  saved: by the code cache ${(noCache - checked).toFixed(1)} ms; by the prebuilt rule pack ${(noPack - checked).toFixed(1)} ms; by both ${(neither - checked).toFixed(1)} ms`);
