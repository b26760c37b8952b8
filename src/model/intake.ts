import { z } from "zod";
import { madeOnce } from "../made-once.js";

/**
 * How a spreadsheet or CSV file was read (`inputs[].intake` in the JSON report): which rows
 * were the header, what each column became, every unit conversion, the rows and sheets set
 * aside and the warnings about the reading. Said once per file, so a reader can see it happened.
 *
 * The schemas below are made when first asked for (src/made-once.ts).
 */
function makeSchemas() {
  const intakeColumn = z.object({
    column: z.number().int().meta({ description: "1-based column number (A = 1)" }),
    header: z.string().meta({ description: "The header as written (parent and child joined for a two-row header)" }),
    use: z.enum(["field", "ignored", "computed", "unknown"]).meta({ description: "field: read into `field`; ignored: set aside (序号, 备注, or `ignore` in the mapping file); computed: repeats a figure szcheck computes, compared with it; unknown: not recognised (one warning per file)" }),
    field: z.string().nullable().meta({ description: "The descriptor field path (dotted) the column is read into" }),
    unit: z.string().nullable().meta({ description: "The unit the column's values are in (万元, 万平方米, %), when it has one" }),
  });

  const intakeConversion = z.object({
    header: z.string(),
    field: z.string(),
    from: z.string().meta({ description: "The unit as read: 万元, 亿元, 万平方米, or `percent cells` for cells Excel shows as a percentage" }),
    factor: z.number().meta({ description: "Each value was multiplied by this" }),
    source: z.enum(["header", "sheet-note", "mapping", "cell-format"]).meta({ description: "Where the unit came from" }),
    text: z.string().meta({ description: "The line the text report prints: 营业收入（万元）×10000 → revenueCny" }),
  });

  const skippedRows = z.object({
    reason: z.enum(["blank", "total", "footer", "repeated-header", "comment"]),
    rows: z.array(z.number().int()).meta({ description: "Row numbers as Excel shows them (CSV: the record number, header included)" }),
  });

  const intakeSheetSchema = z.object({
    sheet: z.string().nullable().meta({ description: "The worksheet's own name; null for a CSV file" }),
    source: z.string().meta({ description: "The file as records name it: book.xlsx[Sheet] for a worksheet, the file for a CSV" }),
    headerRows: z.array(z.number().int()).meta({ description: "The row(s) read as the header, as Excel numbers them" }),
    kind: z.enum(["project", "enterprise"]).nullable(),
    titleYear: z.number().int().nullable().meta({ description: "A year named above the header (2024年度…统计表): never assumed as fiscalYear, only suggested" }),
    records: z.number().int(),
    columns: z.array(intakeColumn),
    conversions: z.array(intakeConversion),
    skippedRows: z.array(skippedRows),
    notes: z.array(z.string()).meta({ description: "What was assumed or set, in the report's language (a unit taken as the field's own, constants from the mapping file)" }),
    warnings: z.array(z.string()).meta({ description: "Warnings about the reading: unknown columns, implausible values, a computed column that disagrees. Never an input error; the run's exit code does not change" }),
  });

  const intakeSchema = z
    .object({
      encoding: z.string().nullable().meta({ description: "The text encoding a CSV file was read in (utf-8, gb18030, …); null for a workbook" }),
      delimiter: z.string().optional().meta({ description: "The field delimiter of a CSV file read with one other than a comma (a mapping file's `delimiter:`); absent for commas and workbooks" }),
      mapping: z.string().nullable().meta({ description: "The mapping file used (or the config that holds it), or null" }),
      sheets: z.array(intakeSheetSchema),
      skippedSheets: z.array(z.object({ sheet: z.string(), reason: z.string() })).meta({ description: "Worksheets not read, and why" }),
    })
    .meta({ description: "How a CSV or XLSX file was read; null for JSON, YAML and NDJSON inputs" });
  return { intakeColumn, intakeConversion, skippedRows, intakeSheetSchema, intakeSchema };
}
type Schemas = ReturnType<typeof makeSchemas>;
const schemas = madeOnce(makeSchemas);
export const intakeSheetSchema = (): Schemas["intakeSheetSchema"] => schemas().intakeSheetSchema;
export const intakeSchema = (): Schemas["intakeSchema"] => schemas().intakeSchema;
export type IntakeSheet = z.infer<Schemas["intakeSheetSchema"]>;
export type Intake = z.infer<Schemas["intakeSchema"]>;
