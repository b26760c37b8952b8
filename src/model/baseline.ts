import { z } from "zod";
import { severities } from "./vocabulary.js";
import { madeOnce } from "../made-once.js";

/** The schemas, made when first asked for (src/made-once.ts). */
function makeSchemas() {
  /** One accepted finding: matched by rule, subject and fingerprint; the rest says what it was, for people and for "fixed" lines. */
  const baselineEntrySchema = z.strictObject({
    rule: z.string().min(1).meta({ description: "The rule id" }),
    subject: z.string().min(1).meta({ description: "The subject id as the report gives it (projectCode, projectCode/buildingId, creditCode, or a portfolio group)" }),
    fingerprint: z
      .string()
      .regex(/^[0-9a-f]{32}$/, { error: "must be the 32 hex digits szcheck wrote" })
      .meta({ description: "A hash of what decided the finding: its outcome, the values the rule read and the fields it missed (not the rest of the record)" }),
    outcome: z.enum(["fail", "incomplete"]),
    severity: z.enum(severities),
    file: z.string().meta({ description: "Where the finding was when the baseline was written (not used for matching)" }),
    pointer: z.string().meta({ description: "The JSON pointer of the field it was about (not used for matching)" }),
    message: z.string().meta({ description: "The finding's message when the baseline was written" }),
  });

  /** szcheck-baseline.json: the findings a team accepted on a day, so that only new ones fail. */
  const baselineFileSchema = z
    .strictObject({
      $schema: z.string().optional(),
      tool: z.literal("szcheck"),
      baselineVersion: z.literal(1).meta({ description: "The format of this file" }),
      findings: z.array(baselineEntrySchema).meta({ description: "Sorted by rule, subject and fingerprint, so that the file diffs well" }),
    })
    .meta({ description: "szcheck baseline: findings accepted as they are; `szcheck check --baseline` reports each finding as new or unchanged, and these entries as fixed when they are gone" });
  return { baselineEntrySchema, baselineFileSchema };
}
type Schemas = ReturnType<typeof makeSchemas>;
const schemas = madeOnce(makeSchemas);
export const baselineEntrySchema = (): Schemas["baselineEntrySchema"] => schemas().baselineEntrySchema;
export const baselineFileSchema = (): Schemas["baselineFileSchema"] => schemas().baselineFileSchema;
export type BaselineEntry = z.output<Schemas["baselineEntrySchema"]>;
export type BaselineFile = z.output<Schemas["baselineFileSchema"]>;

export const baselineStates = ["new", "unchanged"] as const;
export type BaselineState = (typeof baselineStates)[number];
