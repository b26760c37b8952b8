// Where a batch's CPU time goes: `szcheck check` on one thread (--jobs 1) under `node --cpu-prof`,
// over the seeded synthetic records bench/batch.ts writes, with the JSON report to a file. Each
// CPU sample is put in the phase of the first szcheck function of the list below found on its
// stack (innermost first), so a phase counts what it calls, the libraries included.
//
//   npx tsx bench/profile.ts [--records 20000] [-- <check flags>]
//
// The records file is bench/out/records-<N>.ndjson; make it first with
// `npx tsx bench/batch.ts --records <N> --sizes-of none --keep`.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const dashes = process.argv.indexOf("--", 2);
const args = dashes === -1 ? process.argv.slice(2) : process.argv.slice(2, dashes);
const checkFlags = dashes === -1 ? [] : process.argv.slice(dashes + 1);
const count = Number(args.includes("--records") ? args[args.indexOf("--records") + 1] : 20000);
const records = join(root, "bench", "out", `records-${count}.ndjson`);
if (!existsSync(records)) {
  console.error(`no ${records}: make it first with npx tsx bench/batch.ts --records ${count} --sizes-of none --keep`);
  process.exit(2);
}

/** Phases by the szcheck function that marks them, first match from the innermost frame. */
const phases: Array<[string, (name: string) => boolean]> = [
  ["garbage collection", (f) => f === "(garbage collector)"],
  ["validation (zod, compiled after 1,000 records)", (f) => f === "parseDescriptor"],
  ["findings built whole (trace, values, message)", (f) => f === "evaluateRule"],
  ["outcomes told untraced (rule logic)", (f) => f === "outcomeOnly"],
  ["portfolio tallies", (f) => f === "assessSubject" || f === "addEntry"],
  ["encoding results (JSON text + UTF-8)", (f) => f === "encodeResult"],
  ["reading: line split, duplicate keys, JSON.parse", (f) => f === "readNdjson" || f === "parseRecordText"],
  ["summaries, waivers, pipeline", (f) => f === "record" || f === "accept" || f === "batchResults"],
  ["writing the report", (f) => f === "writeFileAtomic" || f === "formatJson"],
  ["start-up (bundle, rules)", (f) => f === "loadRulePacks" || f === "compileFunction" || f === "runInThisContext"],
];

interface ProfileNode {
  id: number;
  callFrame: { functionName: string };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const dir = mkdtempSync(join(os.tmpdir(), "szcheck-profile-"));
try {
  const report = join(dir, "report.json");
  const run = spawnSync(
    process.execPath,
    ["--cpu-prof", "--cpu-prof-dir", dir, join(root, "bin", "szcheck.js"), "check", records, "--as-of", "2024-06-30", "--fail-on", "none", "--jobs", "1", "--format", `json=${report}`, ...checkFlags],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  if (run.status !== 0) throw new Error(`szcheck check exited ${run.status}`);
  const file = readdirSync(dir).find((name) => name.endsWith(".cpuprofile"));
  if (file === undefined) throw new Error("node wrote no .cpuprofile");
  const profile = JSON.parse(readFileSync(join(dir, file), "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const totals = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((sample, i) => {
    const micros = profile.timeDeltas[i] ?? 0;
    total += micros;
    const names: string[] = [];
    for (let id: number | undefined = sample; id !== undefined; id = parent.get(id)) names.push(byId.get(id)!.callFrame.functionName);
    const phase = phases.find(([, marks]) => names.some(marks))?.[0] ?? "other: the record loop, async plumbing, idle";
    totals.set(phase, (totals.get(phase) ?? 0) + micros);
  });
  console.log(`szcheck check, ${count.toLocaleString("en-US")} records, --jobs 1, JSON report (node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")})`);
  console.log(`CPU sampled: ${(total / 1e6).toFixed(2)} s\n`);
  console.log("| phase | share |\n|---|---:|");
  for (const [phase, micros] of [...totals].sort((a, b) => b[1] - a[1])) console.log(`| ${phase} | ${((micros / total) * 100).toFixed(0)}% |`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
