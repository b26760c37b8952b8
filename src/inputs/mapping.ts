import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { z } from "zod";
import { madeOnce } from "../made-once.js";
import { SzcheckError, toPointer } from "../errors.js";
import { encodingChoices } from "./decode.js";
import { parseYaml } from "./yaml-source.js";

/**
 * A mapping file says what header detection cannot know: which column is which field, the unit
 * of a column, the header rows, the sheets, constants for every record. Keys that have a name
 * in the Frictionless Table Dialect (https://specs.frictionlessdata.io/table-dialect/) use that
 * name: headerRows, headerJoin, commentRows, commentChar, skipInitialSpace, delimiter, encoding.
 *
 * The schemas below are made when first asked for (src/made-once.ts).
 */
function makeSchemas() {
  const fieldPath = z.string().regex(/^[A-Za-z][A-Za-z0-9]*(\.(\d+|[A-Za-z][A-Za-z0-9]*))*$/, { error: "a field path is dotted camelCase, e.g. revenueCny or buildings.0.floorAreaM2" });

  const column = z.union([
    z.literal("ignore").meta({ description: "Set the column aside" }),
    fieldPath.meta({ description: "The field path the column is read into" }),
    z.strictObject({
      field: fieldPath.optional().meta({ description: "The field path; default: the one the header is matched to" }),
      unit: z.string().min(1).optional().meta({ description: "The unit of the column's values: 元, 千元, 万元, 亿元, 平方米, 万平方米, %" }),
      ignore: z.boolean().optional(),
    }),
  ]);

  const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

  const mappingSchema = z
    .strictObject({
      $schema: z.string().optional(),
      sheets: z.array(z.string().min(1)).optional().meta({ description: "The worksheets that hold records (default: every sheet with a recognisable header)" }),
      headerRows: z.array(z.number().int().min(1)).min(1).optional().meta({ description: "Frictionless Table Dialect: the 1-based row(s) of the header, as Excel numbers them (default: detected)" }),
      headerJoin: z.string().optional().meta({ description: "Frictionless Table Dialect: what joins the labels of a several-row header (default: a space)" }),
      commentRows: z.array(z.number().int().min(1)).optional().meta({ description: "Frictionless Table Dialect: rows that are not records, beyond those detected (合计, footers)" }),
      commentChar: z.string().min(1).optional().meta({ description: "Frictionless Table Dialect: a row whose first cell starts with this is not a record" }),
      skipInitialSpace: z.boolean().optional().meta({ description: "Frictionless Table Dialect (CSV): ignore spaces after a delimiter (szcheck trims cells anyway)" }),
      delimiter: z.string().min(1).max(1).optional().meta({ description: "Frictionless Table Dialect (CSV): the field delimiter (default ,)" }),
      encoding: z.enum(encodingChoices as [string, ...string[]]).optional().meta({ description: "CSV only: the text encoding (default: detected; UTF-8 or GB18030)" }),
      strict: z.boolean().optional().meta({ description: "An unknown column is an input error on every row instead of one warning per file" }),
      columns: z.record(z.string(), column).optional().meta({ description: "Header as written → field path, `ignore`, or { field, unit }" }),
      set: z.record(fieldPath, scalar).optional().meta({ description: "Constants for every record of the file (kind, fiscalYear, …); a column of the same field wins" }),
    })
    .meta({ description: "szcheck mapping file: how to read a workbook or CSV whose layout detection cannot work out" });
  return { fieldPath, column, scalar, mappingSchema };
}
type Schemas = ReturnType<typeof makeSchemas>;
const schemas = madeOnce(makeSchemas);
export const mappingSchema = (): Schemas["mappingSchema"] => schemas().mappingSchema;
export type Mapping = z.output<Schemas["mappingSchema"]>;

/** The documented name of the mapping file beside an input: book.xlsx → book.szmap.yaml. */
export function mappingFileBeside(path: string): string {
  return join(dirname(path), `${basename(path, extname(path))}.szmap.yaml`);
}

/** The mapping file beside an input, when there is one. */
export function findMappingBeside(path: string): string | undefined {
  const candidate = mappingFileBeside(path);
  return existsSync(candidate) ? candidate : undefined;
}

export const MAPPING_SUFFIX = ".szmap.yaml";

/** Reads and checks a mapping file; a mistake is an error naming the file, the key and its line. */
export function loadMapping(path: string, shown: string = path): Mapping {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    throw new SzcheckError({ file: shown, message: missing ? "no such mapping file" : `cannot read the mapping file: ${(error as Error).message}` });
  }
  const parsed = parseYaml(text.replace(/^\uFEFF/, ""), shown);
  return checkMapping(parsed.value ?? {}, shown, (path) => parsed.positionOf(path)?.line);
}

/** A mapping (from its own file or a config's `intake:`) checked against the schema. */
export function checkMapping(value: unknown, shown: string, lineOf: (path: ReadonlyArray<PropertyKey>) => number | undefined = () => undefined): Mapping {
  const result = mappingSchema().safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0] ?? ""] : issue.path;
  const line = lineOf(path);
  const message = issue.code === "unrecognized_keys" ? `unknown key "${issue.keys.join('", "')}"` : issue.message;
  const shownPath = issue.code === "unrecognized_keys" ? issue.path : path;
  throw new SzcheckError({
    file: shown,
    pointer: toPointer(path),
    line,
    message: `invalid mapping file${line === undefined ? "" : ` (line ${line})`}: ${shownPath.map(String).join(".") || "the file"}: ${message}`,
    hint: "`szcheck schema map` prints the mapping file format; `szcheck map <file>` drafts one",
  });
}
