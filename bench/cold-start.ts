// Start-up cost of the CLI: `node bin/szcheck.js check <one small json file>` against `node -e ''`.
//
//   npx tsx bench/cold-start.ts [--runs N] [--file path.json]
//
// Builds dist/ first when it is missing or older than src/ (scripts/build.mjs). The two commands
// take turns, N times each; the wall times printed are medians. Target: the CLI within 2× of node.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
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

const bundle = join(root, "dist", "szcheck.js");
if (!existsSync(bundle) || statSync(bundle).mtimeMs < newest(join(root, "src"))) {
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
const commands: Array<{ label: string; argv: string[] }> = [
  { label: "node -e ''", argv: ["-e", ""] },
  { label: `node bin/szcheck.js check ${file} --no-color`, argv: ["bin/szcheck.js", "check", file, "--no-color"] },
  // Loading the bundle and nothing else: what is left of the check's time is its own work.
  { label: "node bin/szcheck.js --version", argv: ["bin/szcheck.js", "--version"] },
];

function once(argv: string[]): number {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, argv, { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  // Exit 1 is a finding, not a failure; 2 is a run that could not be done.
  if (run.status !== 0 && run.status !== 1) throw new Error(`${argv.join(" ")} exited ${run.status}: ${run.stderr.toString()}`);
  return ms;
}

for (const command of commands) once(command.argv); // warm the file cache
const times = commands.map(() => [] as number[]);
for (let i = 0; i < RUNS; i++) commands.forEach((command, index) => times[index]!.push(once(command.argv)));

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const medians = times.map(median);
console.log(`cold start, node ${process.version}, median of ${RUNS} runs each (taking turns):`);
const width = Math.max(...commands.map((command) => command.label.length));
commands.forEach((command, index) => {
  const sorted = [...times[index]!].sort((a, b) => a - b);
  console.log(`  ${command.label.padEnd(width)} ${medians[index]!.toFixed(1).padStart(7)} ms   (min ${sorted[0]!.toFixed(1)}, max ${sorted.at(-1)!.toFixed(1)})`);
});
const ratio = medians[1]! / medians[0]!;
console.log(`  szcheck check / node -e '': ${ratio.toFixed(2)}×   (target ≤ 2×) ${ratio <= 2 ? "ok" : "MISSED"}`);
console.log(`  of which loading the bundle (--version): ${(medians[2]! - medians[0]!).toFixed(1)} ms; reading rules and input, checking, reporting: ${(medians[1]! - medians[2]!).toFixed(1)} ms`);
