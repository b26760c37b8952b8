import { z } from "zod";
import { madeOnce } from "../made-once.js";
import { intakeSchema } from "./intake.js";
import { langs, outcomes, severities, strengths, subjectKinds, units, type Outcome } from "./vocabulary.js";
import { baselineEntrySchema } from "./baseline.js";

/**
 * The JSON report: the machine contract of DESIGN.md (report version 2). Every format is a view
 * of it. In memory a run's results are `Result`s, whole (clause, strength, assumption texts);
 * the report writes each as a `ResultEntry`, which refers to the `rules` table for those.
 */
export const REPORT_VERSION = 2;
export { outcomes };
export type { Lang, Outcome } from "./vocabulary.js";

/** Which results the report lists: the findings (fail, incomplete, waived, computed), or every (rule, subject) pair. */
export const listings = ["findings", "all"] as const;
export type Listing = (typeof listings)[number];

/** The outcomes listed under `--results findings`; passes and not-applicables are only counted. */
export const findingOutcomes: readonly Outcome[] = ["fail", "incomplete", "waived", "computed"];

/** The schemas, made when first asked for (src/made-once.ts). */
function makeSchemas() {
  const subjectRef = z.object({
    kind: z.enum(subjectKinds),
    id: z.string(),
    name: z.string().meta({ description: "The record's name (项目名称 / 企业名称), and the building id for a building" }),
    file: z.string(),
    pointer: z.string(),
  });

  const measure = z.object({
    actual: z.number().nullable(),
    required: z.number().nullable(),
    gap: z.number().nullable(),
    unit: z.enum(units),
    gapUnit: z.enum(units),
  });

  const assumption = z.object({
    param: z.string(),
    value: z.unknown(),
    why: z.string(),
    override: z
      .object({ file: z.string(), default: z.unknown() })
      .nullable()
      .meta({ description: "null, or the config file that set this parameter and the rule's own default value" }),
  });

  const waiver = z.object({ reason: z.string(), approvedBy: z.string(), expires: z.string() });

  const locationSchema = z
    .object({
      pointer: z.string().meta({ description: "JSON pointer of the field in subject.file (for incomplete: the first missing field)" }),
      line: z.number().int().nullable().meta({ description: "1-based line of the field, or of its nearest existing ancestor when the field is absent; null when unknown" }),
      column: z.number().int().nullable().meta({ description: "1-based column (UTF-16 code units) on that line; null when unknown" }),
    })
    .meta({ description: "Where in its file the finding points" });

  const resultSchema = z.object({
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

  /** A result as the report writes it: the rule's clause, strength and assumption texts are in the `rules` table. */
  const resultEntrySchema = resultSchema.omit({ strength: true, clause: true }).extend({
    assumptions: z
      .array(z.union([z.string(), assumption]))
      .meta({ description: "What the result rests on that is not simply sourced: a rule parameter (an assumption, or set by a config file) by its name in `rules[].params`; anything a run adds (the --as-of date of an undated record, a portfolio duplicate) whole" }),
  });


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


  const paramEntry = z.object({
    value: z.unknown().meta({ description: "The value in force (a config file's, when it set one)" }),
    unit: z.enum(units).nullable(),
    source: z.string(),
    status: z.enum(["sourced", "assumption"]),
    why: z.string().nullable().meta({ description: "For an assumption, or a value a config file set: why, in `lang`" }),
    override: assumption.shape.override,
  });

  const ruleEntrySchema = z.object({
    id: z.string(),
    title: z.object({ zh: z.string(), en: z.string() }),
    clause: z.string(),
    source: z.string().meta({ description: "The verbatim phrase of the policy or statute" }),
    subject: z.enum(subjectKinds),
    strength: z.enum(strengths),
    severity: z.enum(severities),
    params: z.record(z.string(), paramEntry),
  });

  const outcomeCounts = z.object({
    pass: z.number().int(),
    fail: z.number().int(),
    notApplicable: z.number().int(),
    incomplete: z.number().int(),
    waived: z.number().int(),
    computed: z.number().int(),
  });
  const countByOutcome = outcomeCounts.shape;

  const reportSchema = z.object({
    tool: z.literal("szcheck"),
    reportVersion: z.literal(REPORT_VERSION).meta({ description: "The version of this report's shape (docs/report.md)" }),
    version: z.string(),
    asOf: z.string(),
    lang: z.enum(langs),
    rulesetHash: z.string(),
    inputs: z.array(z.object({ file: z.string(), records: z.number().int(), sha256: z.string(), intake: intakeSchema().nullable() })),
    summary: z.object({
      records: z.number().int(),
      rules: z.number().int(),
      ...countByOutcome,
      bySeverity: z
        .object({ error: z.number().int(), warning: z.number().int(), info: z.number().int() })
        .meta({ description: "Findings (fail and incomplete) by severity" }),
      byRule: z.record(z.string(), outcomeCounts).meta({ description: "The outcomes of each rule that ran, by rule id (counted whether or not listed)" }),
    }),
    rules: z.array(ruleEntrySchema).meta({ description: "Each rule that ran, once: what results refer to by ruleId" }),
    listed: z.enum(listings).meta({ description: "Which results `results` lists: findings (fail, incomplete, waived, computed; the default) or all (`--results all`)" }),
    results: z.array(resultEntrySchema),
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
        absentFindings: z.array(baselineEntrySchema()).meta({ description: "The baseline entries no finding matched (fixed), as the baseline file has them" }),
      })
      .optional()
      .meta({ description: "Only with --baseline: how the findings compare with the baseline file" }),
  });
  /** The JSON report as a document: what `--format json` writes and what readers of it parse. */
  return { subjectRef, measure, assumption, waiver, locationSchema, resultSchema, resultEntrySchema, waiverNotice, paramEntry, ruleEntrySchema, outcomeCounts, countByOutcome, reportSchema };
}
type Schemas = ReturnType<typeof makeSchemas>;
const schemas = madeOnce(makeSchemas);
export const locationSchema = (): Schemas["locationSchema"] => schemas().locationSchema;
export const resultSchema = (): Schemas["resultSchema"] => schemas().resultSchema;
export const resultEntrySchema = (): Schemas["resultEntrySchema"] => schemas().resultEntrySchema;
export const ruleEntrySchema = (): Schemas["ruleEntrySchema"] => schemas().ruleEntrySchema;
export const reportSchema = (): Schemas["reportSchema"] => schemas().reportSchema;
export type SubjectRef = z.infer<Schemas["subjectRef"]>;
export type Measure = z.infer<Schemas["measure"]>;
export type Assumption = z.infer<Schemas["assumption"]>;
export type Location = z.infer<Schemas["locationSchema"]>;
export type Result = z.infer<Schemas["resultSchema"]>;
export type ResultEntry = z.infer<Schemas["resultEntrySchema"]>;
export type RuleEntry = z.infer<Schemas["ruleEntrySchema"]>;
/** How many results of a rule, a group or a run had each outcome. */
export type OutcomeCounts = z.infer<Schemas["outcomeCounts"]>;
export type ReportDocument = z.infer<Schemas["reportSchema"]>;

/** Results as every view reads them: in order, as often as it likes (a run may keep them in a file). */
export interface ResultList extends Iterable<Result> {
  readonly length: number;
}

/** A run's report in memory: the document, its results (whole) behind a ResultList (an array is one). */
export type Report = Omit<ReportDocument, "results"> & { results: ResultList };
export type ReportError = Report["errors"][number];
/** An input problem as readers produce it; the report always carries line and column (null when unknown). */
export type InputError = Omit<ReportError, "line" | "column"> & { line?: number | null; column?: number | null };
export type WaiverNotice = z.infer<Schemas["waiverNotice"]>;
