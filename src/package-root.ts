import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let root: string | undefined;

/** The folder holding szcheck's package.json, whether running from src/ or the dist/ bundle. */
export function packageRoot(): string {
  if (root !== undefined) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "szcheck") {
      root = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error("szcheck: cannot find its own package.json");
    dir = parent;
  }
}

export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as { version: string }).version;
}

/** package.json's homepage, when it has one (SARIF's informationUri). */
export function packageHomepage(): string | undefined {
  const homepage = (JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as { homepage?: unknown }).homepage;
  return typeof homepage === "string" && homepage !== "" ? homepage : undefined;
}

export const builtInRulesDir = (): string => join(packageRoot(), "rules");
