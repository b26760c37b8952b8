import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import ignore, { type Ignore } from "ignore";

export const IGNORE_FILE_NAME = ".szcheckignore";

/** Folders never scanned for descriptors (a folder or glob only; a file named outright is read). */
export const DEFAULT_IGNORED_FOLDERS = ["node_modules", ".git", "dist"] as const;

/** Ignore patterns (gitignore syntax) and the folder they are relative to. */
export interface IgnoreSource {
  /** The folder the patterns are relative to. */
  base: string;
  patterns: string[];
  /** Where they come from, for messages: ".szcheckignore", "--ignore", "szcheck.config.yaml". */
  origin: string;
}

/** The nearest .szcheckignore in `from` or a folder above it, as an ignore source. */
export function findIgnoreFile(from: string = process.cwd()): IgnoreSource | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const candidate = join(dir, IGNORE_FILE_NAME);
    if (existsSync(candidate) && statSync(candidate).isFile()) {
      const shown = relative(process.cwd(), candidate) || IGNORE_FILE_NAME;
      return { base: dir, patterns: readFileSync(candidate, "utf8").split(/\r?\n/), origin: shown.split("\\").join("/") };
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** Tells whether a file is ignored by any of the sources (each tested relative to its own folder). */
export class PathFilter {
  private readonly rules: { base: string; matcher: Ignore; origin: string }[];

  constructor(sources: IgnoreSource[]) {
    this.rules = sources.filter((source) => source.patterns.some((p) => p.trim() !== "" && !p.startsWith("#"))).map((source) => ({ base: resolve(source.base), matcher: ignore().add(source.patterns), origin: source.origin }));
  }

  /** The origin of the patterns that ignore the file, or undefined when none does. */
  ignoredBy(file: string): string | undefined {
    const absolute = resolve(file);
    for (const rule of this.rules) {
      const path = relative(rule.base, absolute);
      if (path === "" || path.startsWith("..") || isAbsolute(path)) continue;
      if (rule.matcher.ignores(path.split("\\").join("/"))) return rule.origin;
    }
    return undefined;
  }
}
