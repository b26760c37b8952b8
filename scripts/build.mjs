// Bundles the CLI so that `npx szcheck` starts fast (no TypeScript at run time), and prepares what
// start-up would otherwise do on every run:
//
//   dist/szcheck.cjs          the CLI as one CommonJS file; bin/szcheck.js compiles it through
//                             vm.Script with V8's code cache, so later runs skip parsing and compiling
//   dist/szcheck-worker.cjs   the evaluation alone, for the worker threads of `check --jobs`
//   dist/builtin-pack.json    the built-in rules as validated now, used while their YAML is
//                             unchanged (src/rules/prebuilt.ts), so runs skip YAML parsing and zod
//
// The build id ties the two to this build: a pack or a code cache from another build is not used.
import { randomUUID } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(fileURLToPath(import.meta.url), "..", "..");
const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const buildId = `${version}-${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`;
const outfile = join(root, "dist", "szcheck.cjs");

/**
 * Leaves out of the bundle what it would carry and never use: zod's locales (about 360 KB; zod sets
 * English itself, from locales/en.js, and szcheck uses no other), and fdir's optional
 * require("picomatch"), which loads a second picomatch from node_modules on every start although
 * tinyglobby never asks fdir to glob.
 */
const trim = {
  name: "szcheck-trim",
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.c?js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic[\\/]external|core[\\/]index)\.c?js$/.test(args.importer) ? { path: join(args.resolveDir, "..", "locales", "index.js"), namespace: "zod-locales" } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "zod-locales" }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(join(args.path, "..", "en.js"))};\n`,
      resolveDir: join(args.path, ".."),
    }));
    build.onLoad({ filter: /[\\/]fdir[\\/]dist[\\/]index\.c?m?js$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      const optional = /try\s*\{\s*(?:__)?require\.resolve\("picomatch"\);\s*pm\s*=\s*(?:__)?require\("picomatch"\);\s*\}\s*catch\s*\{\s*\}/;
      if (!optional.test(source)) return { contents: source, loader: "js", warnings: [{ text: "fdir's optional picomatch require has changed shape: left as it is" }] };
      return { contents: source.replace(optional, "/* szcheck: fdir's glob is not used */"), loader: "js" };
    });
    // chalk asks supports-color, when it is loaded, whether the terminal takes colour (which loads
    // node:tty, and with it node:net); szcheck decides that itself (--color, NO_COLOR, a terminal
    // or not) and makes every Chalk with its level, so chalk's own guess is never read.
    build.onResolve({ filter: /^#supports-color$/ }, (args) => (/[\\/]chalk[\\/]source[\\/]/.test(args.importer) ? { path: "supports-color", namespace: "szcheck-no-supports-color" } : undefined));
    build.onLoad({ filter: /.*/, namespace: "szcheck-no-supports-color" }, () => ({
      contents: "export function createSupportsColor() { return false; }\nexport default { stdout: false, stderr: false };\n",
      loader: "js",
    }));
    // commander loads node:child_process (and with it net, dgram …) on every start, for
    // executable subcommands, which szcheck has none of: loaded when first spawned instead.
    build.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      const eager = "const childProcess = require('node:child_process');";
      if (!source.includes(eager)) return { contents: source, loader: "js", warnings: [{ text: "commander's child_process require has changed shape: left as it is" }] };
      return { contents: source.replace(eager, "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };"), loader: "js" };
    });
  },
};

/** import.meta.url in a CommonJS bundle: the bundle's own file URL, as the ES module bundle had it. */
const importMetaUrl = {
  name: "szcheck-import-meta-url",
  setup(build) {
    build.onResolve({ filter: /^szcheck:import-meta-url$/ }, () => ({ path: "import-meta-url", namespace: "szcheck" }));
    build.onLoad({ filter: /.*/, namespace: "szcheck" }, () => ({
      contents: 'export const __szcheckImportMetaUrl = require("node:url").pathToFileURL(__filename).href;\n',
      loader: "js",
    }));
  },
};

await build({
  entryPoints: [join(root, "src/cli/entry.ts")],
  outfile,
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  sourcemap: true,
  logLevel: "warning",
  // Loaded from node_modules only when an .xlsx is read or written, so start-up never parses them.
  external: ["exceljs", "unzipper"],
  // import("exceljs") as require(): the bundle runs inside vm.Script, which has no loader for import().
  supported: { "dynamic-import": false },
  // The dependencies' ES module builds, as the ES module bundle of earlier builds took them.
  conditions: ["import"],
  mainFields: ["module", "main"],
  define: { __SZCHECK_BUILD_ID__: JSON.stringify(buildId), "import.meta.url": "__szcheckImportMetaUrl" },
  inject: ["szcheck:import-meta-url"],
  banner: { js: `// szcheck build ${buildId}` },
  plugins: [trim, importMetaUrl],
});

await asciiOnly(outfile);

// The worker threads of `check --jobs`: the evaluation alone, loaded by each worker with require.
await build({
  entryPoints: [join(root, "src/engine/worker-thread.ts")],
  outfile: join(root, "dist", "szcheck-worker.cjs"),
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  logLevel: "warning",
  conditions: ["import"],
  mainFields: ["module", "main"],
  define: { "import.meta.url": "__szcheckImportMetaUrl" },
  inject: ["szcheck:import-meta-url"],
  plugins: [trim, importMetaUrl],
});

// The ES module bundle of earlier builds: nothing loads it any more.
rmSync(join(root, "dist", "szcheck.js"), { force: true });
rmSync(join(root, "dist", "szcheck.js.map"), { force: true });

/**
 * Makes the bundle pure ASCII where esbuild leaves other characters (it escapes strings and
 * identifiers, not comments or regular expressions): a source of one-byte characters is read and
 * parsed faster than one with even a single other character, which makes V8 hold all 1.3 MB as
 * two-byte text (about 4 ms of each start). Each such character must lie in a comment, where its
 * \u escape changes nothing, or in a regular expression, where \uXXXX means the character
 * itself, with or without the u flag; anything else (a tagged template, whose raw text would
 * change) leaves the bundle as it is. The bundle is tokenized with acorn (there through eslint);
 * without it, the bundle stays as it is. Marked "ascii" in the banner, so that bin/szcheck.js
 * reads it as latin1. (The source map's columns are off on the few lines changed, after the change.)
 */
async function asciiOnly(file) {
  let code = readFileSync(file, "utf8");
  if (!/[\u0080-\uffff]/.test(code)) return markAscii(file, code);
  let acorn;
  try {
    acorn = await import("acorn");
  } catch {
    return undefined;
  }
  const comments = [];
  const regexes = [];
  for (const token of acorn.tokenizer(code, { ecmaVersion: "latest", allowHashBang: true, onComment: (_block, _text, start, end) => comments.push([start, end]) })) {
    if (token.type.label === "regexp") regexes.push([token.start, token.end]);
  }
  const inside = (spans, at) => spans.some(([from, to]) => at >= from && at < to);
  const escape = (text) => Array.from({ length: text.length }, (_, i) => `\\u${text.charCodeAt(i).toString(16).padStart(4, "0")}`).join("");
  let out = "";
  let last = 0;
  for (const match of code.matchAll(/[\u0080-\uffff]+/g)) {
    const at = match.index;
    let from = at;
    if (inside(regexes, at)) {
      // `\\（` (an identity escape) becomes `\\uff08`, not `\\\\uff08`.
      let slashes = 0;
      while (code[at - 1 - slashes] === "\\") slashes++;
      if (slashes % 2 === 1) from = at - 1;
    } else if (!inside(comments, at)) {
      return undefined;
    }
    out += code.slice(last, from) + escape(match[0]);
    last = at + match[0].length;
  }
  code = out + code.slice(last);
  writeFileSync(file, code);
  return markAscii(file, code);
}

function markAscii(file, code) {
  writeFileSync(file, code.replace(/^(\/\/ szcheck build \S+)/, "$1 ascii"));
}

const pack = createRequire(import.meta.url)(outfile).writeBuiltinPack();
if (!pack.written) console.warn(`szcheck build: no prebuilt rule pack (${pack.reason}); the CLI will read the rule YAML on every run`);
