import { z } from "zod";
import { madeOnce } from "../made-once.js";
import { isCalendarDate } from "../descriptors/primitives.js";
import { outcomes, type Outcome, type Report, type Result, type WaiverNotice } from "../model/report.js";
import { compareText } from "../rules/load.js";
import { subjectIdParts } from "../model/subject-id.js";
import { problemAt, readValidated, settingsPath } from "./shared.js";

const HINT = "`szcheck schema waivers` prints the waivers format";

/** The schemas, made when first asked for (src/made-once.ts). */
function makeSchemas() {
  const waiverSchema = z.strictObject({
    rule: z.string().min(1).meta({ description: "The rule id" }),
    subject: z
      .string({ error: "must be a string (quote an all-digit credit code)" })
      .min(1)
      .meta({ description: "The subject id as the report gives it: a projectCode (which also covers its buildings), projectCode/buildingId (a / or ~ inside either written ~1 or ~0: building 3#/4# of P is P/3#~14#), a creditCode, or <rule id>/<group key> for a portfolio group" }),
    reason: z.string().min(1).meta({ description: "Why the failure is accepted" }),
    approvedBy: z.string().min(1).meta({ description: "Who approved it" }),
    expires: z
      .string({ error: "must be a date written YYYY-MM-DD (as a string)" })
      .refine(isCalendarDate, { error: "must be a date written YYYY-MM-DD" })
      .meta({ description: "The last day the waiver applies (compared with --as-of)", format: "date" }),
  });

  /** A waivers file: a list of waivers (YAML or JSON). */
  const waiversFileSchema = z.array(waiverSchema).meta({ description: "szcheck waivers: each turns a failure of one rule on one subject into waived until it expires" });
  return { waiverSchema, waiversFileSchema };
}
type Schemas = ReturnType<typeof makeSchemas>;
const schemas = madeOnce(makeSchemas);
export const waiversFileSchema = (): Schemas["waiversFileSchema"] => schemas().waiversFileSchema;
export type Waiver = z.output<Schemas["waiverSchema"]>;

export interface LoadedWaiver extends Waiver {
  pointer: string;
  line: number | null;
}

export interface LoadedWaivers {
  file: string;
  waivers: LoadedWaiver[];
}

/** Reads a waivers file; every waiver must name a rule that exists (a typo is an error, with its line). */
export function loadWaivers(path: string, ruleIds: ReadonlySet<string>): LoadedWaivers {
  const file = settingsPath(path);
  const { value, parsed } = readValidated(path, file, waiversFileSchema(), "waivers file", HINT);
  const waivers = value.map((waiver, index): LoadedWaiver => ({ ...waiver, pointer: `/${index}`, line: parsed.positionOf([index])?.line ?? null }));
  waivers.forEach((waiver, index) => {
    if (!ruleIds.has(waiver.rule)) throw problemAt(file, parsed, [index, "rule"], `no rule with id "${waiver.rule}"`, "waivers file", "`szcheck rules list` shows the rule ids");
  });
  return { file, waivers };
}

/**
 * Whether a waiver names a result's subject: the same id, or the project of a building. The
 * project and the building are compared as parts (never as a prefix of the id), so that a waiver
 * for building 3# does not cover building 3#/4# (whose id is P/3#~14#).
 */
function covers(waiver: Waiver, result: Result): boolean {
  if (waiver.rule !== result.ruleId) return false;
  if (waiver.subject === result.subject.id) return true;
  // A project's id is its code as written; a building's id holds it escaped.
  return result.subject.kind === "building" && subjectIdParts(result.subject.id).record === waiver.subject;
}

/**
 * Turns each failure a valid waiver names into `waived` (the first such waiver in the file
 * wins). A waiver that expired before `asOf` no longer applies; one that waived nothing is
 * stale. Incomplete results are never waived: a waiver accepts a known failure, not missing data.
 * Results are applied one at a time, as a run produces them; `report` then tells what happened.
 */
export class WaiverLedger {
  private readonly byRule = new Map<string, number[]>();
  private readonly matched: Set<Outcome>[];
  private readonly used: boolean[];
  private readonly expired: boolean[];

  constructor(private readonly loaded: LoadedWaivers, asOf: string) {
    loaded.waivers.forEach((waiver, index) => this.byRule.set(waiver.rule, [...(this.byRule.get(waiver.rule) ?? []), index]));
    this.matched = loaded.waivers.map(() => new Set<Outcome>());
    this.used = loaded.waivers.map(() => false);
    this.expired = loaded.waivers.map((waiver) => waiver.expires < asOf);
  }

  apply(result: Result): void {
    const candidates = this.byRule.get(result.ruleId);
    if (candidates === undefined) return;
    let applied = false;
    for (const index of candidates) {
      const waiver = this.loaded.waivers[index]!;
      if (!covers(waiver, result)) continue;
      this.matched[index]!.add(result.outcome);
      if (applied || this.expired[index] || result.outcome !== "fail") continue;
      result.outcome = "waived";
      result.waiver = { reason: waiver.reason, approvedBy: waiver.approvedBy, expires: waiver.expires };
      this.used[index] = true;
      applied = true;
    }
  }

  report(): NonNullable<Report["waivers"]> {
    const { loaded, matched, used, expired } = this;
    const notice = (index: number): WaiverNotice => {
      const { rule, subject, reason, approvedBy, expires, pointer, line } = loaded.waivers[index]!;
      const outcomesMatched = [...matched[index]!].map((outcome) => (outcome === "waived" ? "fail" : outcome));
      return { rule, subject, reason, approvedBy, expires, pointer, line, matched: [...new Set(outcomesMatched)].sort((a, b) => outcomes.indexOf(a) - outcomes.indexOf(b) || compareText(a, b)) };
    };
    const indices = loaded.waivers.map((_, index) => index);
    return {
      file: loaded.file,
      count: loaded.waivers.length,
      applied: used.filter(Boolean).length,
      expired: indices.filter((index) => expired[index]).map(notice),
      stale: indices.filter((index) => !expired[index] && !used[index]).map(notice),
    };
  }
}

/** Applies the waivers to a finished list of results: `WaiverLedger` over all of them. */
export function applyWaivers(results: Iterable<Result>, loaded: LoadedWaivers, asOf: string): NonNullable<Report["waivers"]> {
  const ledger = new WaiverLedger(loaded, asOf);
  for (const result of results) ledger.apply(result);
  return ledger.report();
}
