import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { repoRoot, tempFiles } from "../helpers.js";

/** The demo's enterprises and projects, as records. */
export function demoRecords(): Array<Record<string, unknown>> {
  const enterprises = parse(readFileSync(join(repoRoot, "fixtures/demo/enterprises.yaml"), "utf8")) as Array<Record<string, unknown>>;
  const projects = parse(readFileSync(join(repoRoot, "fixtures/demo/projects-batch.yaml"), "utf8")) as Array<Record<string, unknown>>;
  return [...enterprises, ...projects];
}

/**
 * The lines of a batch of ~1,600 records made from the demo's, with a line that is not JSON, an
 * invalid record and a record nested too deep in the middle of it: more than a few batches of
 * 128 for each worker thread. `extra(round)` may add lines after each round.
 */
export function batchLines(extra: (round: number) => string[] = () => []): string[] {
  const lines: string[] = [];
  for (let round = 0; round < 110; round++) {
    for (const [index, record] of demoRecords().entries()) {
      const copy: Record<string, unknown> = { ...record, name: `${String(record.name)} ${round}` };
      if (record.kind === "project") copy.projectCode = `${String(record.projectCode)}-${round}`;
      // Every so often a year later, so that portfolio groups and windows vary.
      if (record.kind === "enterprise" && (round + index) % 3 === 0) copy.fiscalYear = 2024;
      lines.push(JSON.stringify(copy));
    }
    if (round === 40) lines.push("{ not json");
    if (round === 70) lines.push(JSON.stringify({ kind: "enterprise", name: "no code" }));
    if (round === 90) lines.push(JSON.stringify({ kind: "enterprise", deep: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]] }));
    lines.push(...extra(round));
  }
  return lines;
}

/** `batchLines` as an NDJSON file in a folder of its own. */
export function batchFile(): string {
  return join(tempFiles({ "batch.ndjson": batchLines().join("\n") + "\n" }), "batch.ndjson");
}
