// Bundles the CLI into one ESM file so that `npx szcheck` starts fast (no TypeScript at run time).
import { build } from "esbuild";


await build({
  entryPoints: ["src/cli/main.ts"],
  outfile: "dist/szcheck.js",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  logLevel: "warning",
  // Loaded from node_modules only when an .xlsx is read, so start-up never parses it.
  external: ["exceljs"],
  // Bundled CommonJS dependencies (json-logic-js) still call require().
  banner: { js: "import { createRequire as __szcheckCreateRequire } from 'node:module';\nconst require = __szcheckCreateRequire(import.meta.url);" },
});
