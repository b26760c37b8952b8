/** The words every layer speaks: rule strengths and severities, subject kinds, units, outcomes, languages. */
export const strengths = ["mandatory", "in-principle", "encouraged", "computed"] as const;
export const severities = ["error", "warning", "info"] as const;
export const subjectKinds = ["project", "building", "enterprise", "portfolio"] as const;
/**
 * pp: a difference of two percentages (percentage points, 个百分点); stars: a number of star
 * levels (a gap), where star is a level (一星级).
 */
export const units = ["pct", "pp", "cny", "m2", "m", "star", "stars", "count", "year", "ratio", "tco2"] as const;
export const outcomes = ["pass", "fail", "not-applicable", "incomplete", "waived", "computed"] as const;
export const langs = ["zh", "en"] as const;

export type Strength = (typeof strengths)[number];
export type Severity = (typeof severities)[number];
export type SubjectKind = (typeof subjectKinds)[number];
export type Unit = (typeof units)[number];
export type Outcome = (typeof outcomes)[number];
export type Lang = (typeof langs)[number];

/** The policy's wording sets the default severity (RULES.md). */
export const severityOfStrength: Record<Strength, Severity> = {
  mandatory: "error",
  "in-principle": "warning",
  encouraged: "info",
  computed: "info",
};

/** The unit of a difference between two figures of `unit`: percentage points for percentages, star levels for stars. */
export function gapUnitOf(unit: Unit): Unit {
  return unit === "pct" ? "pp" : unit === "star" ? "stars" : unit;
}
