// npm's prepare script: builds dist/ (scripts/build.mjs) in a clone, on `npm install`, `npm pack`
// and `npm install -g .`. The last links the clone into the global folder without installing
// its dependencies, so a fresh clone has no esbuild: install them here first, with scripts off
// (so that this script does not run again) and outside the global install's settings.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(fileURLToPath(import.meta.url), "..", "..");
const require = createRequire(join(root, "package.json"));

function hasDependencies() {
  try {
    require.resolve("esbuild");
    return true;
  } catch {
    return false;
  }
}

if (!hasDependencies()) {
  console.error("szcheck prepare: installing the dependencies to build dist/ (npm install --ignore-scripts)");
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_config_(global|location|prefix)$/i.test(key)));
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const install = spawnSync(npm, ["install", "--ignore-scripts", "--no-audit", "--no-fund"], { cwd: root, env, stdio: ["ignore", 2, 2], shell: process.platform === "win32" });
  if (install.status !== 0) {
    console.error("szcheck prepare: npm install failed; run `npm install` in the clone, then `npm install -g .` again");
    process.exit(1);
  }
}
await import("./build.mjs");
