import { readSettingsText } from "../files/read-file.js";
import { isAbsolute, relative, resolve } from "node:path";
import type { z } from "zod";
import { SzcheckError, toPointer } from "../errors.js";
import { parseYaml, type ParsedYaml } from "../inputs/yaml-source.js";

/**
 * A settings file as reports show it: relative to the working folder, `..` and all (a config
 * found in a folder above), so that the same checkout gives the same report on every machine.
 */
export function settingsPath(path: string): string {
  const shown = relative(process.cwd(), resolve(path));
  return shown === "" || isAbsolute(shown) ? path : shown.split("\\").join("/");
}

/** Reads a YAML or JSON file the user wrote (config, waivers) and checks it against a zod schema. */
export function readValidated<T extends z.ZodType>(path: string, shown: string, schema: T, what: string, hint: string, knownKeys: string[] = []): { value: z.output<T>; parsed: ParsedYaml } {
  const text = readSettingsText(path, shown, what);
  const parsed = parseYaml(text.startsWith("\uFEFF") ? text.slice(1) : text, shown);
  const result = schema.safeParse(parsed.value === undefined || parsed.value === null ? {} : parsed.value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const path = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0] ?? ""] : issue.path;
    const close = issue.code === "unrecognized_keys" && issue.path.length === 0 ? knownKeys.find((key) => key.toLowerCase() === String(issue.keys[0]).toLowerCase()) : undefined;
    const message = issue.code === "unrecognized_keys" ? `unknown key "${issue.keys.join('", "')}"${close === undefined ? "" : ` (did you mean "${close}"?)`}` : issue.message;
    throw problemAt(shown, parsed, path, message, what, hint);
  }
  return { value: result.data, parsed };
}

/** An error naming the file, the key (dotted) and its line: "invalid config (line 4): severity.x: …". */
export function problemAt(file: string, parsed: ParsedYaml, path: ReadonlyArray<PropertyKey>, message: string, what: string, hint?: string): SzcheckError {
  const position = parsed.positionOf(path);
  const key = path.length === 0 ? `the ${what}` : path.map(String).join(".");
  return new SzcheckError({
    file,
    pointer: toPointer(path),
    line: position?.line,
    column: position?.column,
    message: `invalid ${what}${position === undefined ? "" : ` (line ${position.line})`}: ${key}: ${message}`,
    hint,
  });
}
