import { LineCounter, parseDocument, type Document } from "yaml";
import { SzcheckError, toPointer } from "../errors.js";

/** Parsing options shared by every YAML reader: YAML 1.2 core, unique keys, few aliases. */
export const YAML_OPTIONS = { uniqueKeys: true, prettyErrors: true, strict: true } as const;
export const MAX_YAML_ALIASES = 100;

export interface ParsedYaml {
  value: unknown;
  /** The 1-based line of the node at a JSON path, for pointing errors at their place. */
  lineOf(path: ReadonlyArray<PropertyKey>): number | undefined;
  /** The 1-based line and column of the node at a JSON path, or of its nearest existing ancestor. */
  positionOf(path: ReadonlyArray<PropertyKey>): { line: number; column: number } | undefined;
}

/** Parses YAML text, turning syntax errors into a SzcheckError with line and column. */
export function parseYaml(text: string, file: string, maxAliasCount = MAX_YAML_ALIASES): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { ...YAML_OPTIONS, lineCounter });
  // Unknown tags (!!js/function and the like) are only warnings to the yaml library; here they are errors.
  const [first] = [...doc.errors, ...doc.warnings];
  if (first !== undefined) {
    const [line, col] = first.linePos?.[0] ? [first.linePos[0].line, first.linePos[0].col] : [undefined, undefined];
    throw new SzcheckError({
      file,
      line,
      column: col,
      message: `invalid YAML${line === undefined ? "" : ` at line ${line}, column ${col}`}: ${(first.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "")}`,
      hint: "fix the syntax; a YAML linter or your editor's YAML mode shows the place",
    });
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount });
  } catch (error) {
    throw new SzcheckError({ file, message: `YAML could not be read: ${(error as Error).message}`, hint: `YAML aliases are limited to ${maxAliasCount} per document against alias bombs; write the values out` });
  }
  return { value, lineOf: (path) => positionOfPath(doc, lineCounter, path)?.line, positionOf: (path) => positionOfPath(doc, lineCounter, path) };
}

function positionOfPath(doc: Document, lineCounter: LineCounter, path: ReadonlyArray<PropertyKey>): { line: number; column: number } | undefined {
  for (let length = path.length; length >= 0; length--) {
    const node = doc.getIn(path.slice(0, length) as unknown[], true) as { range?: [number, number, number] } | undefined;
    if (node?.range !== undefined) {
      const { line, col } = lineCounter.linePos(node.range[0]);
      return { line, column: col };
    }
  }
  return undefined;
}

export function pointerWithLine(path: ReadonlyArray<PropertyKey>, line: number | undefined): string {
  return line === undefined ? toPointer(path) : `${toPointer(path)} (line ${line})`;
}
