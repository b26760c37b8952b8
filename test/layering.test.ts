import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./helpers.js";

/**
 * The layers of src/, top to bottom: a module may import from its own layer and from the layers
 * below it, never from one above. The README's "Layout" section draws the same list.
 */
const layers: string[][] = [
  ["cli"],
  ["schemas"],
  ["check"],
  ["results"],
  ["report"],
  ["authoring"],
  ["explain"],
  ["config", "baseline"],
  ["engine"],
  ["rules"],
  ["inputs"],
  ["text"],
  ["descriptors"],
  ["model"],
  ["output", "files", "errors", "own-properties", "package-root", "display-path", "did-you-mean", "made-once"],
];

/** Upward imports that are allowed, each with its reason. Keep this empty. */
const allowedUpward: Record<string, string> = {};

const srcRoot = join(repoRoot, "src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** src/engine/compile.ts → "engine"; src/check.ts → "check". */
function unitOf(file: string): string {
  const [first = ""] = relative(srcRoot, file).split(/[\\/]/);
  return first.replace(/\.ts$/, "");
}

function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
  return info.importedFiles
    .map((imported) => imported.fileName)
    .filter((name) => name.startsWith("."))
    .map((name) => resolve(dirname(file), name.replace(/\.js$/, ".ts")));
}

const files = sourceFiles(srcRoot);
const graph = new Map(files.map((file) => [file, importsOf(file)]));
const rankOf = new Map(layers.flatMap((units, rank) => units.map((unit) => [unit, rank] as const)));

/** Tarjan's strongly connected components: every set of files that import each other in a circle. */
function circles(): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (file: string): void => {
    indexOf.set(file, index);
    low.set(file, index);
    index += 1;
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (!indexOf.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file) ?? 0, low.get(next) ?? 0));
      } else if (onStack.has(next)) low.set(file, Math.min(low.get(file) ?? 0, indexOf.get(next) ?? 0));
    }
    if (low.get(file) === indexOf.get(file)) {
      const component: string[] = [];
      for (;;) {
        const member = stack.pop() as string;
        onStack.delete(member);
        component.push(relative(srcRoot, member));
        if (member === file) break;
      }
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const file of files) if (!indexOf.has(file)) visit(file);
  return found;
}

describe("layering of src/", () => {
  it("puts every top-level folder and file of src/ in a layer", () => {
    const unplaced = [...new Set(files.map(unitOf))].filter((unit) => !rankOf.has(unit));
    expect(unplaced, "add each new folder of src/ to `layers` in test/layering.test.ts and to the README's Layout").toEqual([]);
  });

  it("has no import that points to a higher layer", () => {
    const upward: string[] = [];
    for (const [file, imports] of graph) {
      for (const target of imports) {
        const from = rankOf.get(unitOf(file));
        const to = rankOf.get(unitOf(target));
        if (from === undefined || to === undefined || to >= from) continue;
        const arrow = `${relative(srcRoot, file)} → ${relative(srcRoot, target)}`;
        if (allowedUpward[arrow] === undefined) upward.push(arrow);
      }
    }
    expect(upward).toEqual([]);
  });

  it("has no circle of imports between files", () => {
    expect(circles()).toEqual([]);
  });
});
