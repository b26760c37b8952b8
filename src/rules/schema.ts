import { z } from "zod";
import { isCalendarDate } from "../descriptors/primitives.js";
import { describeLogicProblem, findLogicProblem } from "../engine/logic-shape.js";

export const strengths = ["mandatory", "in-principle", "encouraged", "computed"] as const;
export const severities = ["error", "warning", "info"] as const;
export const subjectKinds = ["project", "building", "enterprise", "portfolio"] as const;

export type Strength = (typeof strengths)[number];
export type Severity = (typeof severities)[number];
export type SubjectKind = (typeof subjectKinds)[number];

/** The policy's wording sets the default severity (RULES.md). */
export const severityOfStrength: Record<Strength, Severity> = {
  mandatory: "error",
  "in-principle": "warning",
  encouraged: "info",
  computed: "info",
};

export const units = ["pct", "cny", "m2", "m", "star", "count", "year", "ratio", "tco2"] as const;
export type Unit = (typeof units)[number];

const bilingual = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });
export type Bilingual = z.infer<typeof bilingual>;

const ruleDate = z
  .string()
  .refine(isCalendarDate, { error: "must be a date written YYYY-MM-DD" });

/** JsonLogic, checked on load: known operators only, bounded depth. */
export const logic = z.unknown().superRefine((value, ctx) => {
  const problem = findLogicProblem(value);
  if (problem !== undefined) ctx.addIssue({ code: "custom", message: describeLogicProblem(problem), path: problem.path });
}).meta({ description: "A JsonLogic expression (https://jsonlogic.com) using the operators szcheck allows" });
export type Logic = unknown;

const paramSchema = z
  .strictObject({
    value: z.union([z.number(), z.string(), z.boolean(), z.array(z.union([z.number(), z.string()]))]),
    unit: z.enum(units).optional(),
    source: z.string().min(1).meta({ description: "The document and article the value comes from" }),
    status: z.enum(["sourced", "assumption"]),
    why: z.union([z.string().min(1), bilingual]).optional().meta({ description: "For an assumption: why this default was chosen (text, or zh and en)" }),
  })
  .refine((param) => param.status !== "assumption" || param.why !== undefined, {
    error: "an assumption parameter must say why the default was chosen (why:)",
    path: ["why"],
  });
export type Param = z.infer<typeof paramSchema>;

const figure = z.strictObject({ value: logic, unit: z.enum(units) });

export const ruleSchema = z
  .strictObject({
    $schema: z.string().optional(),
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, { error: "must be kebab-case (lower-case letters, digits and -)" }),
    title: bilingual,
    clause: z.string().min(1).meta({ description: "The policy clause, e.g. 三（八）" }),
    source: z.string().min(1).meta({ description: "The verbatim phrase of the policy or statute" }),
    basis: z.array(z.string().min(1)).optional().meta({ description: "Statutes and standards the rule also rests on" }),
    subject: z.enum(subjectKinds),
    strength: z.enum(strengths),
    severity: z.enum(severities).optional().meta({ description: "Overrides the severity the strength implies" }),
    effective: z
      .strictObject({
        from: ruleDate.optional(),
        until: ruleDate.optional(),
        decidedBy: z.enum(["approval.date", "fiscalYear"]),
        source: z.string().min(1).optional(),
      })
      .optional(),
    params: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/), paramSchema).default({}),
    appliesIf: logic.optional(),
    check: logic.optional(),
    measure: z.strictObject({ actual: figure, required: figure, gap: figure.optional() }).optional(),
    outputs: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/), z.strictObject({ value: logic, unit: z.enum(units).optional() })).optional(),
    message: z.strictObject({ pass: bilingual.optional(), fail: bilingual.optional(), computed: bilingual.optional() }),
    fix: bilingual.optional(),
  })
  .superRefine((rule, ctx) => {
    if (rule.strength === "computed" && rule.outputs === undefined) {
      ctx.addIssue({ code: "custom", path: ["outputs"], message: "a computed rule reports outputs: add them" });
    }
    if (rule.strength !== "computed" && rule.check === undefined) {
      ctx.addIssue({ code: "custom", path: ["check"], message: "a rule that is not computed needs a check" });
    }
    if (rule.strength !== "computed" && rule.message.fail === undefined) {
      ctx.addIssue({ code: "custom", path: ["message", "fail"], message: "say what a failure means: add message.fail" });
    }
  });

export type RuleDefinition = z.output<typeof ruleSchema>;
