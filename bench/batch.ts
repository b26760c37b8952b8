// End-to-end batch audit: N synthetic records (seeded) as NDJSON, `szcheck check` over them,
// against a parse-only pass (readline + JSON.parse) over the same file, side by side in one run.
//
//   npx tsx bench/batch.ts [--records 100000,1000000] [--format json|text|none] [--sizes-of a,b,…|none] [--heap-cap MiB] [--keep] [-- <check flags>]
//   npx tsx bench/batch.ts [--records …] --configs "json --jobs 1; json --jobs 2; csv --jobs 2; json --jobs 2 --results all" [--sizes-of none]
//
// Flags after `--` go to `szcheck check` (e.g. `-- --jobs 1`, `-- --results all`). --configs
// times several runs per size instead of the one --format run: each is a format and the check
// flags it is run with, separated by semicolons; the flags after `--` go to every one of them.
//
// Prints, for each size: records/s, the ratio of szcheck's time to the parse-only pass's, CPU
// seconds (all threads) and their ratio, and peak RSS (VmHWM from /proc, sampled while the child runs) of the timed run (one report, the
// --format one); then one more run writing every format named by --sizes-of at once (default:
// all of them), for the bytes per record of each.
// V8 sizes its heap to the machine and collects lazily when memory is plentiful, so peak RSS
// overstates what a run needs; --heap-cap runs szcheck once more with its old generation capped
// (NODE_OPTIONS=--max-old-space-size): if that run completes, the run's live memory fits the cap.
import { spawn, spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { once } from "node:events";
import os from "node:os";
import { join } from "node:path";
import { prng } from "./prng.js";

const root = join(import.meta.dirname, "..");
const dashes = process.argv.indexOf("--", 2);
const args = dashes === -1 ? process.argv.slice(2) : process.argv.slice(2, dashes);
const checkFlags = dashes === -1 ? [] : process.argv.slice(dashes + 1);
const argument = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const sizes = (argument("--records") ?? "100000,1000000").split(",").map(Number);
const format = argument("--format") ?? "json";
const heapCap = argument("--heap-cap");
const extensionOf = (name: string): string => (name === "text" ? "txt" : name);
/** The timed runs of each size: a format and the check flags it is run with. */
const configs = (argument("--configs")?.split(";") ?? [format])
  .map((config) => config.trim().split(/\s+/).filter((word) => word !== ""))
  .filter((words) => words.length > 0)
  .map(([name, ...flags]) => ({ format: name!, flags: [...flags, ...checkFlags] }));
const allFormats = ["json", "ndjson", "text", "csv", "sarif", "github", "markdown", "junit", "html"];
const sizesOf = argument("--sizes-of") === "none" ? [] : (argument("--sizes-of")?.split(",") ?? allFormats);
const outDir = join(root, "bench", "out");
mkdirSync(outDir, { recursive: true });

const CODES = ["91350100M000100Y43", "91440300MA5F0L7K29", "914403001922012340", "91440300MA5G4R6W85"];
const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)] as T;

function record(r: () => number, i: number): object {
  if (r() < 0.5) {
    const year = 2021 + Math.floor(r() * 4);
    const buildings = Array.from({ length: 1 + Math.floor(r() * 3) }, (_, b) => ({
      id: `${b + 1}#`,
      use: pick(r, ["residential", "public", "industrial"] as const),
      isGovernmentOffice: r() < 0.1,
      heightM: Math.round(r() * 200),
      floorAreaM2: Math.round(r() * 60000),
      structure: pick(r, ["precast-concrete", "steel", "cast-in-place", "modular"] as const),
      prefab: { adopted: r() < 0.7, assemblyRatePct: Math.round(r() * 100) },
      green: { targetStar: Math.floor(r() * 4) },
      delivery: pick(r, ["shell", "fully-fitted"] as const),
      energyLabel: r() < 0.5,
    }));
    return {
      kind: "project",
      projectCode: `B-${i}`,
      name: `基准项目${i}`,
      district: pick(r, ["futian", "nanshan", "longgang", "baoan"] as const),
      keyArea: r() < 0.2 ? pick(r, ["前海", "河套"] as const) : null,
      approval: { type: "approval", date: `${year}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`, isMajorProject: r() < 0.1 },
      funding: pick(r, ["government", "state-owned", "private", "mixed"] as const),
      investmentCny: Math.round(r() * 1e9),
      constructionNature: pick(r, ["new", "new", "renovation"] as const),
      category: "building",
      tags: r() < 0.2 ? ["school"] : [],
      buildings,
      bim: { applied: r() < 0.8, submittedAt: ["planning-permit"], costInBudgetCny: Math.round(r() * 1e6), forwardDesign: r() < 0.5, tender: r() < 0.5 },
      delivery: { model: pick(r, ["epc", "general-contracting", "dbb"] as const) },
      parties: ["owner", "surveyor", "designer", "contractor", "supervisor"].map((role) => ({ role, leaderName: "张工", authorizationFiled: r() < 0.95, commitmentFiled: r() < 0.95 })),
      cost: { wasteReductionInEstimate: r() < 0.8, workerTrainingFundCny: Math.round(r() * 1e6), workerTrainingFundNonCompetitive: true },
      materials: { recycledProductsUsed: r() < 0.6 },
      safety: { liabilityInsurance: r() < 0.9 },
    };
  }
  return {
    kind: "enterprise",
    creditCode: pick(r, CODES),
    name: `基准企业${i}`,
    type: pick(r, ["construction", "survey-design", "tech-consulting", "supervision"] as const),
    techLeader: r() < 0.3,
    fiscalYear: 2021 + Math.floor(r() * 4),
    employees: Math.floor(r() * 2000),
    revenueCny: Math.round(r() * 1e10),
    rdExpenseCny: Math.round(r() * 3e8),
    wagesTotalCny: Math.round(r() * 1e9),
    staffEducationExpenseCny: Math.round(r() * 1e8),
    safety: { liabilityInsurance: r() < 0.9, safetyDirector: r() < 0.8 },
    carbon: { baselineIntensity: 0.6, currentIntensity: 0.4 + r() * 0.3 },
  };
}

async function generate(count: number): Promise<string> {
  const path = join(outDir, `records-${count}.ndjson`);
  if (existsSync(path)) return path;
  const r = prng(20221002);
  const out = createWriteStream(path);
  for (let i = 0; i < count; i++) {
    if (!out.write(JSON.stringify(record(r, i)) + "\n")) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return path;
}

/** Runs a command, sampling its peak resident memory (VmHWM) from /proc while it runs. */
/** Clock ticks per second of /proc/<pid>/stat's CPU times. */
const ticks = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;

/**
 * Runs a command, sampling its peak resident memory (VmHWM) and CPU time (user + system, all its
 * threads) from /proc while it runs: on a machine shared with other work, CPU seconds say what a
 * run costs better than wall time does.
 */
async function measure(command: string, commandArgs: string[], nodeOptions?: string): Promise<{ seconds: number; cpuSeconds: number; peakMiB: number; code: number | null }> {
  const started = process.hrtime.bigint();
  const env = { ...process.env, CI: "1", ...(nodeOptions === undefined ? {} : { NODE_OPTIONS: nodeOptions }) };
  const child = spawn(command, commandArgs, { cwd: root, stdio: ["ignore", "ignore", "inherit"], env });
  let peak = 0;
  let cpu = 0;
  const sample = (): void => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
      if (hwm) peak = Math.max(peak, Number(hwm[1]) / 1024);
      const stat = readFileSync(`/proc/${child.pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      cpu = Math.max(cpu, (Number(fields[11]) + Number(fields[12])) / ticks);
    } catch {
      // the process has ended
    }
  };
  const timer = setInterval(sample, 25);
  const [code] = (await once(child, "exit")) as [number | null];
  clearInterval(timer);
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, cpuSeconds: cpu, peakMiB: peak, code };
}

const parseOnly = `
const rl = require("node:readline").createInterface({ input: require("node:fs").createReadStream(process.argv[1]), crlfDelay: Infinity });
let n = 0; rl.on("line", (l) => { if (l) { JSON.parse(l); n++; } }); rl.on("close", () => process.stderr.write(""));`;

// Always measure the code as it is now: the build takes a second.
spawnSync(process.execPath, ["scripts/build.mjs"], { cwd: root, stdio: "inherit" });
/** A timed run's label: the format and the flags it ran with. */
function label(config: { format: string; flags: string[] }): string {
  return `szcheck check --format ${config.format}${config.flags.length === 0 ? "" : ` ${config.flags.join(" ")}`}`;
}
const load = (): string => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
console.log(`szcheck batch benchmark (node ${process.version}, ${os.cpus().length} cores, load average ${load()}; ${configs.map((config) => config.format).join(", ")} report${configs.length === 1 ? "" : "s"} to a file, seeded synthetic records, half projects with 1–3 buildings, half enterprises)${checkFlags.length === 0 ? "" : `; check ${checkFlags.join(" ")}`}`);
for (const count of sizes) {
  const file = await generate(count);
  const mib = (statSync(file).size / 1024 / 1024).toFixed(0);
  const parse = await measure(process.execPath, ["-e", parseOnly, file]);
  const rate = (seconds: number) => Math.round(count / seconds).toLocaleString("en-US");
  const width = Math.max(37, ...configs.map((config) => label(config).length + 1));
  const line = (label: string, run: { seconds: number; cpuSeconds: number; peakMiB: number; code?: number | null }): void =>
    console.log(
      `    ${label.padEnd(width)}${run.seconds.toFixed(2).padStart(7)} s  ${rate(run.seconds).padStart(9)} records/s  ${(run.seconds / parse.seconds).toFixed(2).padStart(6)}× parse-only  CPU ${run.cpuSeconds.toFixed(1).padStart(6)} s (${(run.cpuSeconds / parse.cpuSeconds).toFixed(1)}×)  peak RSS ${run.peakMiB.toFixed(0)} MiB${run.code === undefined || run.code === 0 ? "" : `  (exit ${run.code})`}`,
    );
  console.log(`  ${count.toLocaleString("en-US").padStart(9)} records (${mib} MiB NDJSON), load average ${load()}`);
  line("parse only (readline + JSON.parse)", parse);
  let checkArgs: string[] = [];
  for (const config of configs) {
    const reportArgs = config.format === "none" ? ["--format", "json=/dev/null"] : ["--format", `${config.format}=${join(outDir, `report-${count}.${extensionOf(config.format)}`)}`];
    checkArgs = [join(root, "bin", "szcheck.js"), "check", file, "--as-of", "2024-06-30", "--fail-on", "none", ...reportArgs, ...config.flags];
    const check = await measure(process.execPath, checkArgs);
    // With several configurations, each line says its load average: the machine may be shared.
    line(label(config), check);
    if (configs.length > 1) console.log(`      load average ${load()}`);
  }
  if (heapCap !== undefined) line(`szcheck check, heap capped at ${heapCap} MiB`, await measure(process.execPath, checkArgs, `--max-old-space-size=${heapCap}`));
  // JUnit has a test case for every (rule, subject), passes included: past 200,000 records it is left out (ask for it with --sizes-of).
  const measured = count > 200_000 && argument("--sizes-of") === undefined ? sizesOf.filter((name) => name !== "junit") : sizesOf;
  if (measured.length > 0) {
    const outputs = measured.map((name) => ({ name, file: join(outDir, `sizes-${count}.${name}`) }));
    const all = await measure(process.execPath, [...checkArgs.filter((arg, i) => arg !== "--format" && checkArgs[i - 1] !== "--format"), ...outputs.flatMap(({ name, file }) => ["--format", `${name}=${file}`])]);
    line(`every format at once (${measured.length})`, all);
    console.log(`    bytes per record: ${outputs.map(({ name, file }) => `${name} ${Math.round(statSync(file).size / count).toLocaleString("en-US")}`).join(" · ")}`);
    for (const { file } of outputs) rmSync(file, { force: true });
  }
}
if (!args.includes("--keep")) for (const count of sizes) for (const config of configs) rmSync(join(outDir, `report-${count}.${extensionOf(config.format)}`), { force: true });
