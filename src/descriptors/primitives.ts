import { z } from "zod";
import { describeCreditCodeProblem, findCreditCodeProblem } from "./credit-code.js";

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCalendarDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A calendar date written YYYY-MM-DD; 2023-02-30 is rejected. */
export const isoDate = z
  .string({ error: "must be a date written YYYY-MM-DD (as a string)" })
  .regex(ISO_DATE, { error: "must be a date written YYYY-MM-DD" })
  .refine(isCalendarDate, { error: (issue) => `${JSON.stringify(issue.input)} is not a calendar date` })
  .meta({ format: "date" });

export const creditCode = z
  .string({ error: "must be an 18-character 统一社会信用代码 (as a string)" })
  .superRefine((code, ctx) => {
    const problem = findCreditCodeProblem(code);
    if (problem !== undefined) ctx.addIssue({ code: "custom", message: describeCreditCodeProblem(problem) });
  })
  .meta({ pattern: "^[0-9A-HJ-NPQRTUWXY]{18}$", description: "统一社会信用代码 (GB 32100-2015), check character verified" });

export const amountCny = z.number({ error: "must be a number of CNY (no unit, no thousands separators)" }).finite().nonnegative();
export const areaM2 = z.number({ error: "must be a number of m²" }).finite().nonnegative();
export const percent = z.number({ error: "must be a percentage as a number from 0 to 100" }).finite().min(0).max(100);
export const flag = z.boolean({ error: "must be true or false" });
export const text = z.string({ error: "must be a string" }).trim().min(1, { error: "must not be empty" });

/**
 * A strict object: unknown keys are errors (typos must not pass silently), except `x-` keys,
 * which are free for users and ignored.
 */
export function descriptorObject<T extends z.ZodRawShape>(shape: T) {
  return z.preprocess(dropExtensionKeys, z.strictObject(shape));
}

function dropExtensionKeys(value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  let extensions = false;
  for (const key in value) {
    if (key.startsWith("x-") || key === "__proto__") {
      extensions = true;
      break;
    }
  }
  if (!extensions) return value;
  // fromEntries defines own properties, so a "__proto__" key stays a key (and is rejected as
  // unknown) instead of setting the prototype.
  return Object.fromEntries(Object.entries(value).filter(([key]) => !key.startsWith("x-")));
}
