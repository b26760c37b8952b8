#!/usr/bin/env node
/* global require, __dirname, Buffer, performance */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS file (bin/package.json): no ES module loader to start */
"use strict";
// Starts the CLI bundle (dist/szcheck.cjs, built by scripts/build.mjs) with V8's code cache, as
// v8-compile-cache does for CommonJS: the bundle is compiled through vm.Script, with the cached
// data of an earlier run when there is one, so that a run skips most of parsing and compiling
// 1.3 MB of JavaScript. After a run that had no usable cache (or one made by a command other than
// `check`, which compiles more of the bundle), the cache is written for the next run, with all
// the run compiled.
//
// The cache lives in a folder of its own per user (SZCHECK_CACHE_DIR, or szcheck-cache-<uid> in
// the temporary folder), used only when it is a real folder owned by the user and closed to
// others: cached data is code. A cache file is named after the bundle's build id and size and the
// Node version, so a rebuild or another Node never sees it, and V8 rejects data from another V8
// version or other flags. Whatever goes wrong with the cache (no folder, not writable, unreadable,
// rejected, damaged: each file carries a sha256 of its data) only costs the time it would have
// saved: the bundle then loads as a plain require.
// SZCHECK_COMPILE_CACHE=off turns the cache off.
//
// SZCHECK_START_TIMES=<file> appends the milliseconds of each phase of the start to the file, a
// JSON line per run (bench/cold-start.ts prints them).
//
// This file is CommonJS (bin/package.json says so), so that starting it needs no ES module loader.
const startTimes = process.env.SZCHECK_START_TIMES ? [["node", performance.now()]] : undefined;
const phaseDone = (phase) => startTimes?.push([phase, performance.now()]);
const { closeSync, fstatSync, lstatSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } = require("node:fs");
const { createHash } = require("node:crypto");
const { createRequire } = require("node:module");
const { tmpdir } = require("node:os");
const { dirname, join } = require("node:path");
const { Script } = require("node:vm");
phaseDone("requires");

const bundle = join(__dirname, "..", "dist", "szcheck.cjs");
const argv = process.argv.slice(2);
/** The cached data is marked with the kind of run that made it: a check compiles the most. */
const MADE_BY_OTHER = 0;
const MADE_BY_CHECK = 1;
const kindOfRun = argv.includes("check") ? MADE_BY_CHECK : MADE_BY_OTHER;
/** Cache files kept per folder: the newest, for a few builds and Node versions side by side. */
const KEEP = 4;

/** The cache folder, made if need be; undefined when there is none that is safe to use. */
function cacheDir() {
  const setting = process.env.SZCHECK_CACHE_DIR;
  const owner = typeof process.getuid === "function" ? process.getuid() : undefined;
  const dir = setting !== undefined && setting !== "" ? setting : join(tmpdir(), `szcheck-cache-${owner ?? "user"}`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = lstatSync(dir);
    if (!stat.isDirectory()) return undefined;
    if (owner !== undefined && (stat.uid !== owner || (stat.mode & 0o022) !== 0)) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

/** The bundle compiled with the code cache and run: its exports, and how to save the cache after the run. */
function start() {
  const fd = openSync(bundle, "r");
  let source;
  let size;
  try {
    size = fstatSync(fd).size;
    const head = Buffer.alloc(128);
    const banner = head.subarray(0, readSync(fd, head, 0, head.length, 0)).toString("latin1");
    // A bundle the build made pure ASCII reads fastest as latin1 (one byte per character).
    source = readFileSync(fd, / ascii\r?\n/.test(banner) ? "latin1" : "utf8");
  } finally {
    closeSync(fd);
  }
  phaseDone("read bundle");
  const build = /^\/\/ szcheck build (\S+)/.exec(source)?.[1] ?? "unknown";
  const dir = cacheDir();
  const file = dir === undefined ? undefined : join(dir, `szcheck-${build}-${size}-${process.version}-${process.arch}.v8cache`);
  let cached;
  try {
    cached = file === undefined ? undefined : readFileSync(file);
  } catch {
    cached = undefined;
  }
  const cachedData = cached === undefined ? undefined : verified(cached);
  if (cached !== undefined && cachedData === undefined) removeQuietly(file);
  phaseDone("read cache");
  // CommonJS's module wrapper, strict as the bundle's modules are.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {"use strict";${source}\n})`, { filename: bundle, cachedData });
  phaseDone("compile");
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  phaseDone("load bundle");
  const stale = cachedData === undefined || script.cachedDataRejected === true || (cached[0] === MADE_BY_OTHER && kindOfRun === MADE_BY_CHECK);
  return { main: module.exports.main, save: file !== undefined && stale ? () => saveCache(script, dir, file) : () => {} };
}

/**
 * A cache file is [kind of run: 1 byte][sha256 of the data: 32 bytes][V8's cached data]. V8 does
 * not check its data in release builds, and a damaged file (a full disk, a crash while writing,
 * a bit flip) would crash every later run natively: the data is only used when its hash matches.
 */
const HASH_BYTES = 32;
const hashOf = (data) => createHash("sha256").update(data).digest();

/** The cached data of a cache file, or undefined when the file is damaged. */
function verified(cached) {
  if (cached.length <= 1 + HASH_BYTES) return undefined;
  const data = cached.subarray(1 + HASH_BYTES);
  return hashOf(data).equals(cached.subarray(1, 1 + HASH_BYTES)) ? data : undefined;
}

function removeQuietly(file) {
  try {
    rmSync(file, { force: true });
  } catch {
    // Replaced after the run, or ignored again next time.
  }
}

/** Writes the code cache, with all the run compiled, for the next run; old cache files go. */
function saveCache(script, dir, file) {
  try {
    const temporary = `${file}.${process.pid}.tmp`;
    const data = script.createCachedData();
    writeFileSync(temporary, Buffer.concat([Buffer.from([kindOfRun]), hashOf(data), data]), { mode: 0o600 });
    renameSync(temporary, file);
    const others = readdirSync(dir)
      .filter((name) => name.startsWith("szcheck-") && name.endsWith(".v8cache"))
      .map((name) => ({ path: join(dir, name), time: statSync(join(dir, name)).mtimeMs }))
      .sort((a, b) => b.time - a.time);
    for (const old of others.slice(KEEP)) if (old.path !== file) rmSync(old.path, { force: true });
  } catch {
    // A cache not written is a cache the next run does without.
  }
}

let cli;
if (process.env.SZCHECK_COMPILE_CACHE !== "off") {
  try {
    cli = start();
  } catch {
    cli = undefined;
  }
}
cli ??= { main: require(bundle).main, save: () => {} };
cli.main(argv).then((code) => {
  process.exitCode = code;
  cli.save();
});
if (startTimes !== undefined) {
  process.on("exit", () => {
    phaseDone("run");
    const phases = Object.fromEntries(startTimes.map(([phase, at], i) => [phase, i === 0 ? at : at - startTimes[i - 1][1]]));
    try {
      writeFileSync(process.env.SZCHECK_START_TIMES, `${JSON.stringify(phases)}\n`, { flag: "a" });
    } catch {
      // Only a measurement.
    }
  });
}
