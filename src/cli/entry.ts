import { loadRuleFile, ruleFilesIn } from "../rules/load.js";
import { prebuiltSettings, writePrebuiltPack } from "../rules/prebuilt.js";
import { processIo } from "./io.js";
import { runCli } from "./program.js";

/**
 * The entry point of the CommonJS bundle (dist/szcheck.cjs) that bin/szcheck.js loads through
 * V8's code cache. main.ts is the same CLI as an ES module, for running from src/.
 */

/** Runs the CLI on argv (without node and script) and resolves to the exit code. */
export function main(argv: string[]): Promise<number> {
  return runCli(argv, processIo());
}

/** Writes dist/builtin-pack.json for this bundle (scripts/build.mjs calls it once the bundle is built). */
export function writeBuiltinPack(): ReturnType<typeof writePrebuiltPack> {
  const buildId = prebuiltSettings.buildId;
  if (buildId === undefined) return { written: false, rules: 0, reason: "not a bundle with a build id" };
  return writePrebuiltPack(buildId, ruleFilesIn, (file) => loadRuleFile(file));
}
