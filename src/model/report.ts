import { z } from "zod";
import { intakeSchema } from "./intake.js";
import { langs, outcomes, severities, strengths, subjectKinds, units } from "./vocabulary.js";
import { baselineEntrySchema } from "./baseline.js";

/** The JSON report: the machine contract of DESIGN.md. Every format is a view of it. */
export { outcomes };
export type { Lang, Outcome } from "./vocabulary.js";

const subjectRef = z.object({
  kind: z.enum(subjectKinds),
  id: z.string(),
  name: z.string().meta({ description: "The record's name (项目名称 / 企业名称), and the building id for a building" }),
  file: z.string(),
  pointer: z.string(),
});
export type SubjectRef = z.infer<typeof subjectRef>;

const measure = z.object({
  actual: z.number().nullable(),
  required: z.number().nullable(),
  gap: z.number().nullable(),
  unit: z.enum(units),
  gapUnit: z.enum(units),
});
export type Measure = z.infer<typeof measure>;

const assumption = z.object({
  param: z.string(),
  value: z.unknown(),
  why: z.string(),
  override: z
    .object({ file: z.string(), default: z.unknown() })
    .nullable()
    .meta({ description: "null, or the config file that set this parameter and the rule's own default value" }),
});
export type Assumption = z.infer<typeof assumption>;

const waiver = z.object({ reason: z.string(), approvedBy: z.string(), expires: z.string() });

export const locationSchema = z
  .object({
    pointer: z.string().meta({ description: "JSON pointer of the field in subject.file (for incomplete: the first missing field)" }),
    line: z.number().int().nullable().meta({ description: "1-based line of the field, or of its nearest existing ancestor when the field is absent; null when unknown" }),
    column: z.number().int().nullable().meta({ description: "1-based column (UTF-16 code units) on that line; null when unknown" }),
  })
  .meta({ description: "Where in its file the finding points" });
export type Location = z.infer<typeof locationSchema>;

export const resultSchema = z.object({
  ruleId: z.string(),
  subject: subjectRef,
  outcome: z.enum(outcomes),
  severity: z.enum(severities),
  strength: z.enum(strengths),
  clause: z.string(),
  message: z.string(),
  values: z.record(z.string(), z.unknown()).meta({ description: "Every field the rule read, by dotted path" }),
  missing: z.array(z.string()).meta({ description: "For incomplete: the fields the rule needed and did not find" }),
  measure: measure.nullable(),
  outputs: z.record(z.string(), z.unknown()).nullable(),
  assumptions: z.array(assumption),
  waiver: waiver.nullable(),
  location: locationSchema.nullable().meta({ description: "The field the result is about, with its line and column; null for a portfolio group" }),
  baseline: z
    .enum(["new", "unchanged"])
    .optional()
    .meta({ description: "Only with --baseline, on findings (fail, incomplete): unchanged when the baseline file holds it (same rule, subject and fingerprint of what decided it), else new" }),
});
export type Result = z.infer<typeof resultSchema>;

const waiverNotice = z.object({
  rule: z.string(),
  subject: z.string(),
  reason: z.string(),
  approvedBy: z.string(),
  expires: z.string(),
  pointer: z.string().meta({ description: "JSON pointer of the waiver in the waivers file" }),
  line: z.number().int().nullable(),
  matched: z.array(z.enum(outcomes)).meta({ description: "The outcomes of the results the waiver names (rule and subject), sorted; [] when the run has none" }),
});

const countByOutcome = {
  pass: z.number().int(),
  fail: z.number().int(),
  notApplicable: z.number().int(),
  incomplete: z.number().int(),
  waived: z.number().int(),
  computed: z.number().int(),
};

export const reportSchema = z.object({
  tool: z.literal("szcheck"),
  version: z.string(),
  asOf: z.string(),
  lang: z.enum(langs),
  rulesetHash: z.string(),
  inputs: z.array(z.object({ file: z.string(), records: z.number().int(), sha256: z.string(), intake: intakeSchema.nullable() })),
  summary: z.object({
    records: z.number().int(),
    rules: z.number().int(),
    ...countByOutcome,
    bySeverity: z
      .object({ error: z.number().int(), warning: z.number().int(), info: z.number().int() })
      .meta({ description: "Findings (fail and incomplete) by severity" }),
  }),
  results: z.array(resultSchema),
  errors: z.array(
    z.object({
      file: z.string(),
      pointer: z.string(),
      line: z.number().int().nullable().meta({ description: "1-based line of the problem, when known" }),
      column: z.number().int().nullable().meta({ description: "1-based column of the problem, when known" }),
      message: z.string(),
    }),
  ),
  waivers: z
    .object({
      file: z.string(),
      count: z.number().int().meta({ description: "Waivers in the file" }),
      applied: z.number().int().meta({ description: "Waivers that turned at least one failure into waived" }),
      expired: z.array(waiverNotice).meta({ description: "Waivers whose expiry date is before asOf: they no longer apply" }),
      stale: z.array(waiverNotice).meta({ description: "Unexpired waivers that waived nothing in this run" }),
    })
    .nullable()
    .meta({ description: "null when no waivers file was used" }),
  baseline: z
    .object({
      file: z.string(),
      new: z.number().int().meta({ description: "Findings not in the baseline: only these fail the run" }),
      unchanged: z.number().int().meta({ description: "Findings the baseline holds" }),
      absent: z.number().int().meta({ description: "Baseline entries no finding matched any more: fixed" }),
      newBySeverity: z.object({ error: z.number().int(), warning: z.number().int(), info: z.number().int() }),
      absentFindings: z.array(baselineEntrySchema).meta({ description: "The baseline entries no finding matched (fixed), as the baseline file has them" }),
    })
    .optional()
    .meta({ description: "Only with --baseline: how the findings compare with the baseline file" }),
});
/** The JSON report as a document: what `--format json` writes and what readers of it parse. */
export type ReportDocument = z.infer<typeof reportSchema>;

/** Results as every view reads them: in order, as often as it likes (a run may keep them in a file). */
export interface ResultList extends Iterable<Result> {
  readonly length: number;
}

/** A run's report in memory: the document, its results behind a ResultList (an array is one). */
export type Report = Omit<ReportDocument, "results"> & { results: ResultList };
export type ReportError = Report["errors"][number];
/** An input problem as readers produce it; the report always carries line and column (null when unknown). */
export type InputError = Omit<ReportError, "line" | "column"> & { line?: number | null; column?: number | null };
export type WaiverNotice = z.infer<typeof waiverNotice>;
