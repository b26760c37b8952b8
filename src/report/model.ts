import { z } from "zod";
import { severities, strengths, subjectKinds, units } from "../rules/schema.js";

/** The JSON report: the machine contract of DESIGN.md. Every format is a view of it. */
export const outcomes = ["pass", "fail", "not-applicable", "incomplete", "waived", "computed"] as const;
export type Outcome = (typeof outcomes)[number];

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

const assumption = z.object({ param: z.string(), value: z.unknown(), why: z.string() });
export type Assumption = z.infer<typeof assumption>;

const waiver = z.object({ reason: z.string(), approvedBy: z.string(), expires: z.string() });

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
});
export type Result = z.infer<typeof resultSchema>;

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
  lang: z.enum(["zh", "en"]),
  rulesetHash: z.string(),
  inputs: z.array(z.object({ file: z.string(), records: z.number().int(), sha256: z.string() })),
  summary: z.object({
    records: z.number().int(),
    rules: z.number().int(),
    ...countByOutcome,
    bySeverity: z
      .object({ error: z.number().int(), warning: z.number().int(), info: z.number().int() })
      .meta({ description: "Findings (fail and incomplete) by severity" }),
  }),
  results: z.array(resultSchema),
  errors: z.array(z.object({ file: z.string(), pointer: z.string(), message: z.string() })),
});
export type Report = z.infer<typeof reportSchema>;
export type Lang = Report["lang"];
export type InputError = Report["errors"][number];
