import { editDistance } from "../descriptors/index.js";
import { SzcheckError } from "../errors.js";
import { findClause, type Bilingual, type ClauseIndex, type PolicyClause } from "./clauses.js";
import type { LoadedRule } from "./load.js";
import { logicToText } from "./logic-text.js";
import { strengthsOf, type Param, type Severity, type Strength, type SubjectKind } from "./schema.js";

/** One line of `szcheck rules list`. */
export interface RuleRow {
  id: string;
  clause: string;
  strength: Strength;
  /** Every strength its results can have: `strength`, and its strengthWhen branches'. */
  strengths: Strength[];
  severity: Severity;
  subject: SubjectKind;
  title: Bilingual;
  file: string;
}

export function ruleRows(rules: LoadedRule[]): RuleRow[] {
  return rules.map(({ definition, severity, file }) => ({
    id: definition.id,
    clause: definition.clause,
    strength: definition.strength,
    strengths: strengthsOf(definition),
    severity,
    subject: definition.subject,
    title: definition.title,
    file,
  }));
}

/** A JsonLogic expression both as written and as readable text. */
export interface ShownLogic {
  text: string;
  logic: unknown;
}

/** Everything `szcheck rules show` tells about a rule. */
export interface RuleDetail extends RuleRow {
  clauseText: Pick<PolicyClause, "id" | "title" | "paragraphs" | "unchecked"> & { part: PolicyClause["part"]; policy: string };
  source: string;
  basis: string[];
  effective: { from: string | null; until: string | null; decidedBy: string; source: string | null } | null;
  params: Array<{ name: string } & Param>;
  portfolio: { over: string; unit: string; onUnknown: string; members: ShownLogic | null; groupBy: ShownLogic | null; matches: ShownLogic | null; weight: ShownLogic | null } | null;
  logic: Record<string, ShownLogic>;
  message: Record<string, Bilingual>;
  fix: Bilingual | null;
}

const shown = (logic: unknown): ShownLogic => ({ text: logicToText(logic), logic });
const shownOrNull = (logic: unknown): ShownLogic | null => (logic === undefined || logic === null ? null : shown(logic));

export function findRule(rules: LoadedRule[], id: string): LoadedRule {
  const rule = rules.find((candidate) => candidate.definition.id === id);
  if (rule !== undefined) return rule;
  const near = rules
    .map((r) => r.definition.id)
    .filter((other) => other.includes(id) || id.includes(other) || editDistance(id, other) <= Math.max(2, Math.floor(id.length / 5)));
  throw new SzcheckError({ message: `no rule with id "${id}"${near.length > 0 ? ` (did you mean ${near.join(", ")}?)` : ""}`, hint: "`szcheck rules list` shows the rule ids" });
}

export function ruleDetail(rule: LoadedRule, index: ClauseIndex): RuleDetail {
  const { definition } = rule;
  const clause = findClause(index, definition.clause);
  if (clause === undefined) throw new SzcheckError({ file: rule.file, pointer: "/clause", message: `clause ${definition.clause} is not in the clause index` });
  const logic: Record<string, ShownLogic> = {};
  if (definition.appliesIf !== undefined) logic.appliesIf = shown(definition.appliesIf);
  (definition.strengthWhen ?? []).forEach((branch, index) => (logic[`strengthWhen.${index}.if → ${branch.strength}`] = shown(branch.if)));
  if (definition.check !== undefined) logic.check = shown(definition.check);
  if (definition.measure !== undefined) {
    logic["measure.actual"] = shown(definition.measure.actual.value);
    logic["measure.required"] = shown(definition.measure.required.value);
    if (definition.measure.gap !== undefined) logic["measure.gap"] = shown(definition.measure.gap.value);
  }
  for (const [name, output] of Object.entries(definition.outputs ?? {})) logic[`outputs.${name}`] = shown(output.value);
  const message: Record<string, Bilingual> = {};
  for (const [name, text] of Object.entries(definition.message)) if (text !== undefined) message[name] = text;
  const portfolio = definition.portfolio;
  return {
    ...ruleRows([rule])[0]!,
    clauseText: { id: clause.id, title: clause.title, part: clause.part, paragraphs: clause.paragraphs, unchecked: clause.unchecked, policy: index.policy.number },
    source: definition.source,
    basis: definition.basis ?? [],
    effective:
      definition.effective === undefined
        ? null
        : { from: definition.effective.from ?? null, until: definition.effective.until ?? null, decidedBy: definition.effective.decidedBy, source: definition.effective.source ?? null },
    params: Object.entries(definition.params).map(([name, param]) => ({ name, ...param })),
    portfolio:
      portfolio === undefined
        ? null
        : {
            over: portfolio.over,
            unit: portfolio.unit,
            onUnknown: portfolio.onUnknown,
            members: shownOrNull(portfolio.members),
            groupBy: shownOrNull(portfolio.groupBy),
            matches: shownOrNull(portfolio.matches),
            weight: shownOrNull(portfolio.weight),
          },
    logic,
    message,
    fix: definition.fix ?? null,
  };
}
