import { z } from "zod";
import { madeOnce } from "../made-once.js";
import { isCalendarDate } from "../descriptors/primitives.js";
import { describeLogicProblem, findLogicProblem } from "./logic-shape.js";

import { severities, strengths, subjectKinds, units, type Severity, type Strength, type SubjectKind, type Unit } from "../model/vocabulary.js";

export { severities, severityOfStrength, strengths, subjectKinds, units } from "../model/vocabulary.js";
export type { Severity, Strength, SubjectKind, Unit };

export type Logic = unknown;

/** What a portfolio rule does with a member whose membership, group, match or weight is unknown. */
export const unknownMemberPolicies = ["incomplete", "bounds", "exclude"] as const;
export type UnknownMemberPolicy = (typeof unknownMemberPolicies)[number];

/**
 * The figures a portfolio rule's appliesIf, check, measure, outputs and messages read as
 * `group.<name>`; the same names (and lists) are the result's outputs. docs/rules.md explains each.
 */
export const groupFigureNames = ["key", "count", "matchingCount", "weight", "matchingWeight", "sharePct", "members", "matching", "undecided", "sharePctRange"] as const;

/** The schemas, made when first asked for (src/made-once.ts). */
function makeSchemas() {
  const bilingual = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });

  const ruleDate = z
    .string()
    .refine(isCalendarDate, { error: "must be a date written YYYY-MM-DD" });

  /** JsonLogic, checked on load: known operators only, bounded depth. */
  const logic = z.unknown().superRefine((value, ctx) => {
    const problem = findLogicProblem(value);
    if (problem !== undefined) ctx.addIssue({ code: "custom", message: describeLogicProblem(problem), path: problem.path });
  }).meta({ description: "A JsonLogic expression (https://jsonlogic.com) using the operators szcheck allows" });

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

  const figure = z.strictObject({ value: logic, unit: z.enum(units) });



  const portfolioSchema = z
    .strictObject({
      over: z.enum(["project", "enterprise"]).meta({ description: "The records the portfolio is made of" }),
      unit: z.enum(["record", "building"]).default("record").meta({ description: "Count whole records, or each building of a project (over: project only)" }),
      members: logic.optional().meta({ description: "JsonLogic deciding, per record or building, whether it counts (the denominator); default: every one" }),
      groupBy: logic.optional().meta({ description: "JsonLogic giving a member's group key (e.g. its approval year); absent or null: the whole batch is one group" }),
      matches: logic.optional().meta({ description: "JsonLogic deciding whether a member counts towards the numerator; default: every member" }),
      weight: logic.optional().meta({ description: "JsonLogic giving a member's weight (investment, floor area); default 1, counting members" }),
      onUnknown: z
        .enum(unknownMemberPolicies)
        .default("incomplete")
        .meta({ description: "A member that cannot be decided makes its group incomplete (default); bounds: decide when the verdict is the same however the undecided members turn out; exclude: leave them out of the figures" }),
    })
    .meta({ description: "For subject: portfolio: how the batch is grouped and counted" });

  const ruleSchema = z
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
      strengthWhen: z
        .array(
          z.strictObject({
            if: logic.meta({ description: "JsonLogic over the subject: when it holds, the result has this strength" }),
            strength: z.enum(strengths),
            message: z
              .strictObject({ pass: bilingual.optional(), fail: bilingual.optional() })
              .optional()
              .meta({ description: "Messages for this branch, in place of the rule's (an encouraged branch words a failure as 未达到鼓励性指标)" }),
          }),
        )
        .min(1)
        .optional()
        .meta({
          description:
            "For a rule whose strength follows a branch of its scope (energy-label: mandatory for large public buildings, encouraged for the rest): the first branch that holds sets a result's strength and default severity; none holding leaves `strength`. A failure whose branch cannot be decided is incomplete.",
        }),
      effective: z
        .strictObject({
          from: ruleDate.optional(),
          until: ruleDate.optional(),
          decidedBy: z.enum(["approval.date", "fiscalYear"]),
          source: z.string().min(1).optional(),
        })
        .optional(),
      params: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/), paramSchema).default({}),
      portfolio: portfolioSchema.optional(),
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
      if (rule.subject === "portfolio" && rule.portfolio === undefined) {
        ctx.addIssue({ code: "custom", path: ["portfolio"], message: "a portfolio rule says how to group and count the batch: add portfolio (over, members, groupBy, matches)" });
      }
      if (rule.subject !== "portfolio" && rule.portfolio !== undefined) {
        ctx.addIssue({ code: "custom", path: ["portfolio"], message: `only a rule with subject: portfolio has a portfolio block (this one is subject: ${rule.subject})` });
      }
      if (rule.portfolio?.unit === "building" && rule.portfolio.over !== "project") {
        ctx.addIssue({ code: "custom", path: ["portfolio", "unit"], message: "unit: building counts the buildings of projects: use it with over: project" });
      }
      for (const name of Object.keys(rule.outputs ?? {})) {
        if (rule.subject === "portfolio" && (groupFigureNames as readonly string[]).includes(name)) {
          ctx.addIssue({ code: "custom", path: ["outputs", name], message: `"${name}" is a group figure a portfolio result reports already: choose another name` });
        }
      }
      if (rule.strength !== "computed" && rule.message.fail === undefined) {
        ctx.addIssue({ code: "custom", path: ["message", "fail"], message: "say what a failure means: add message.fail" });
      }
    });

  return { bilingual, ruleDate, logic, paramSchema, figure, portfolioSchema, ruleSchema };
}
type Schemas = ReturnType<typeof makeSchemas>;
const schemas = madeOnce(makeSchemas);
export const ruleSchema = (): Schemas["ruleSchema"] => schemas().ruleSchema;
export type Bilingual = z.infer<Schemas["bilingual"]>;
export type Param = z.infer<Schemas["paramSchema"]>;
export type PortfolioSpec = z.output<Schemas["portfolioSchema"]>;
export type RuleDefinition = z.output<Schemas["ruleSchema"]>;

/** Every strength a rule's results can have: its own and its branches'. */
export function strengthsOf(definition: Pick<RuleDefinition, "strength" | "strengthWhen">): Strength[] {
  return [...new Set([definition.strength, ...(definition.strengthWhen ?? []).map((branch) => branch.strength)])];
}
