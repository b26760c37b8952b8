import { execFileSync } from "node:child_process";

/** CLI tests run the built binary, so build it once before they start. */
export default function setup(): void {
  execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
}
