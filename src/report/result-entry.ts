import { assumptionsAmong, type ConfiguredRule } from "../engine/evaluate-rule.js";
import type { Assumption, Lang, Result, RuleEntry } from "../model/report.js";
import type { LoadedRule } from "../rules/load.js";

/**
 * A result as the report writes it, and back: the `ResultEntry` of report version 2 leaves the
 * rule's clause, strength and assumption texts to the `rules` table and names the assumptions.
 * `encodeResult` (src/model/result-text.ts) is the only place a result becomes JSON (the JSON and
 * NDJSON reports copy its text); `ResultDecoder` gives formats that read results back the whole `Result`.
 */

/** Results kept as `encodeResult` text, each followed by RESULT_SEPARATOR (a run's spill). */
export interface EncodedResults {
  /** The bytes, less the last `leaveOut`, a chunk at a time. */
  bytes(leaveOut?: number): Iterable<Buffer>;
  /** Each result's text, without its separator. */
  entryTexts(): Iterable<string>;
}

/** The `rules` table: each rule that ran, once, in the order they ran. */
export function ruleEntriesOf(rules: readonly ConfiguredRule[], lang: Lang): RuleEntry[] {
  return rules.map((rule) => {
    const { definition } = rule;
    const assumed = new Map(assumptionsAmong(rule, () => true, lang).map((assumption) => [assumption.param, assumption]));
    const params: RuleEntry["params"] = {};
    for (const [name, param] of Object.entries(definition.params)) {
      const assumption = assumed.get(name);
      const why = assumption?.why ?? (param.why === undefined ? null : typeof param.why === "string" ? param.why : param.why[lang]);
      params[name] = { value: rule.paramValues[name] ?? param.value, unit: param.unit ?? null, source: param.source, status: param.status, why: why === "" ? null : why, override: assumption?.override ?? null };
    }
    return { id: definition.id, title: { zh: definition.title.zh, en: definition.title.en }, clause: definition.clause, source: definition.source, subject: definition.subject, strength: definition.strength, severity: rule.severity, params };
  });
}

interface RuleFacts {
  clause: string;
  strength: Result["strength"];
  assumptions: Map<string, Assumption>;
}

/** Gives back the whole `Result` of an entry's text, from the rules that ran. */
export class ResultDecoder {
  private readonly facts = new Map<string, RuleFacts>();

  constructor(rules: readonly LoadedRule[], lang: Lang) {
    for (const rule of rules) {
      const assumptions = new Map(assumptionsAmong(rule, () => true, lang).map((assumption) => [assumption.param, assumption]));
      this.facts.set(rule.definition.id, { clause: rule.definition.clause, strength: rule.definition.strength, assumptions });
    }
  }

  decode(text: string): Result {
    const entry = JSON.parse(text) as Omit<Result, "assumptions" | "clause" | "strength"> & { assumptions: Array<string | Assumption> };
    const facts = this.facts.get(entry.ruleId);
    if (facts === undefined) throw new Error(`a stored result names rule ${entry.ruleId}, which did not run`);
    return {
      ruleId: entry.ruleId,
      subject: entry.subject,
      outcome: entry.outcome,
      severity: entry.severity,
      strength: facts.strength,
      clause: facts.clause,
      message: entry.message,
      values: entry.values,
      missing: entry.missing,
      measure: entry.measure,
      outputs: entry.outputs,
      assumptions: entry.assumptions.map((item) => (typeof item === "string" ? (facts.assumptions.get(item) ?? { param: item, value: null, why: "", override: null }) : item)),
      waiver: entry.waiver,
      location: entry.location,
      ...(entry.baseline === undefined ? {} : { baseline: entry.baseline }),
    };
  }
}
