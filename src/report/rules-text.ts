import type { RuleDetail, RuleRow } from "../rules/catalog.js";
import type { Coverage, CoveredOutcome } from "../authoring/coverage.js";
import type { CaseOutcome } from "../authoring/test-cases.js";
import { formatFigure } from "../text/figures.js";
import { outcomeLabel, severityLabel, strengthLabel, strengthsText, subjectLabel } from "./labels.js";
import type { Lang } from "../model/report.js";

/** Text views of the rule pack: `rules list`, `rules show`, `rules test` and `coverage`. */

/** Terminal columns a string takes: CJK and full-width characters take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const wide =
      (code >= 0x1100 && code <= 0x115f) ||
      (code >= 0x2e80 && code <= 0xa4cf) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe30 && code <= 0xfe4f) ||
      (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6) ||
      (code >= 0x20000 && code <= 0x3fffd);
    width += wide ? 2 : 1;
  }
  return width;
}

const pad = (text: string, width: number): string => text + " ".repeat(Math.max(0, width - displayWidth(text)));

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => displayWidth(row[column] ?? ""))));
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : pad(cell, widths[column]!))).join("  ").trimEnd());
}

export function formatRuleList(rows: RuleRow[], lang: Lang): string {
  const head = lang === "zh" ? ["规则", "条款", "强度", "对象", "标题"] : ["id", "clause", "strength", "subject", "title"];
  const body = rows.map((row) => [row.id, row.clause, strengthsText(row.strengths, lang), subjectLabel[lang][row.subject], row.title[lang]]);
  const count = lang === "zh" ? `共 ${rows.length} 条规则` : `${rows.length} rule${rows.length === 1 ? "" : "s"}`;
  return [...table([head, ...body]), "", count].join("\n") + "\n";
}

const words = {
  zh: {
    file: "文件", clause: "条款", strength: "强度", severity: "严重程度", subject: "对象", part: "第", partEnd: "部分",
    text: "条文", source: "依据原文", basis: "其他依据", effective: "生效", from: "自", until: "至", decidedBy: "判定日期取", always: "始终有效（无生效期）",
    params: "参数", paramSource: "出处", none: "（无）", sourced: "有出处", assumption: "假设", why: "理由", portfolio: "汇总方式", over: "范围", unit: "计数单位",
    members: "成员", groupBy: "分组", matches: "计入分子", weight: "权重", onUnknown: "成员无法确定时", logic: "逻辑", messages: "提示语", fix: "建议",
    unchecked: "索引注明本条无逐条可查内容", record: "每条记录", building: "每栋单体", everyMember: "全部", oneGroup: "整个批次为一组", weightOne: "1（按个数）", matchesAll: "全部成员",
    onUnknownText: { incomplete: "该组判为数据不全", bounds: "无论其结果如何判定都不变时照常判定，否则数据不全", exclude: "不计入，列为 undecided" },
  },
  en: {
    file: "file", clause: "clause", strength: "strength", severity: "severity", subject: "subject", part: "part", partEnd: "",
    text: "text", source: "source", basis: "basis", effective: "in force", from: "from", until: "until", decidedBy: "decided by", always: "always (no effective window)",
    params: "parameters", paramSource: "source", none: "(none)", sourced: "sourced", assumption: "assumption", why: "why", portfolio: "portfolio", over: "over", unit: "unit",
    members: "members", groupBy: "group by", matches: "matches", weight: "weight", onUnknown: "undecided member", logic: "logic", messages: "messages", fix: "fix",
    unchecked: "the index says nothing here is checked per record", record: "each record", building: "each building", everyMember: "every one", oneGroup: "the whole batch is one group", weightOne: "1 (counting members)", matchesAll: "every member",
    onUnknownText: { incomplete: "makes its group incomplete", bounds: "leaves a verdict that holds either way; otherwise incomplete", exclude: "is left out and listed under undecided" },
  },
} as const;

export function formatRuleDetail(detail: RuleDetail, lang: Lang): string {
  const w = words[lang];
  const lines: string[] = [];
  const field = (label: string, value: string): void => void lines.push(`  ${pad(label, 16)} ${value}`);
  lines.push(`${detail.id} — ${detail.title[lang]}`);
  field(w.file, detail.file);
  const part = lang === "zh" ? `${w.part}${detail.clauseText.part.numeral}${w.partEnd} ${detail.clauseText.part.title.zh}` : `${w.part} ${detail.clauseText.part.numeral}: ${detail.clauseText.part.title.en}`;
  field(w.clause, `${detail.clause} ${detail.clauseText.title[lang]} (${part})`);
  field(w.strength, `${strengthLabel[lang][detail.strength]} → ${w.severity} ${severityLabel[lang][detail.severity]}${detail.strengths.length > 1 ? ` (${strengthsText(detail.strengths, lang)})` : ""}`);
  field(w.subject, subjectLabel[lang][detail.subject]);

  lines.push("", `${w.text} (${detail.clauseText.policy} ${detail.clause}):`);
  for (const paragraph of detail.clauseText.paragraphs) lines.push(`  ${paragraph}`);
  if (detail.clauseText.unchecked !== undefined) lines.push(`  (${w.unchecked}: ${detail.clauseText.unchecked[lang]})`);

  lines.push("", `${w.source}:`, `  ${detail.source}`);
  if (detail.basis.length > 0) lines.push("", `${w.basis}:`, ...detail.basis.map((basis) => `  - ${basis}`));

  lines.push("", `${w.effective}:`);
  if (detail.effective === null) lines.push(`  ${w.always}`);
  else {
    const range = [detail.effective.from === null ? "" : `${w.from} ${detail.effective.from}`, detail.effective.until === null ? "" : `${w.until} ${detail.effective.until}`].filter((s) => s !== "").join(" ");
    lines.push(`  ${range || w.always}; ${w.decidedBy} ${detail.effective.decidedBy}${detail.effective.source === null ? "" : ` (${detail.effective.source})`}`);
  }

  lines.push("", `${w.params}:`);
  if (detail.params.length === 0) lines.push(`  ${w.none}`);
  for (const param of detail.params) {
    const value = Array.isArray(param.value) ? `[${param.value.join(", ")}]` : typeof param.value === "number" ? formatFigure(param.value, param.unit, lang) : String(param.value);
    lines.push(`  ${param.name} = ${value}${param.unit === undefined ? "" : ` (${param.unit})`}  [${param.status === "sourced" ? w.sourced : w.assumption}]`);
    lines.push(`      ${w.paramSource}: ${param.source}`);
    if (param.why !== undefined) lines.push(`      ${w.why}: ${typeof param.why === "string" ? param.why : param.why[lang]}`);
  }

  if (detail.portfolio !== null) {
    const p = detail.portfolio;
    lines.push("", `${w.portfolio}:`);
    field(w.over, `${p.over}, ${p.unit === "building" ? w.building : w.record}`);
    field(w.members, p.members?.text ?? w.everyMember);
    field(w.groupBy, p.groupBy?.text ?? w.oneGroup);
    field(w.matches, p.matches?.text ?? w.matchesAll);
    field(w.weight, p.weight?.text ?? w.weightOne);
    field(w.onUnknown, `${p.onUnknown}: ${w.onUnknownText[p.onUnknown as keyof typeof w.onUnknownText]}`);
  }

  lines.push("", `${w.logic}:`);
  const width = Math.max(0, ...Object.keys(detail.logic).map((name) => name.length));
  for (const [name, shown] of Object.entries(detail.logic)) lines.push(`  ${name.padEnd(width)}  ${shown.text}`);

  lines.push("", `${w.messages}:`);
  for (const [name, text] of Object.entries(detail.message)) lines.push(`  ${name}: ${text[lang]}`);
  if (detail.fix !== null) lines.push(`  ${w.fix}: ${detail.fix[lang]}`);
  return lines.join("\n") + "\n";
}

export interface RuleTestRun {
  cases: CaseOutcome[];
  /** Rules without a test file: id and the file expected. */
  untested: Array<{ id: string; testFile: string }>;
}

/** ✓/✗ per case grouped by rule, the untested rules, then `N passed, M failed` as the last line. */
export function formatRuleTests(run: RuleTestRun, lang: Lang): string {
  const lines: string[] = [];
  let current: string | undefined;
  for (const testCase of run.cases) {
    if (testCase.rule !== current) {
      current = testCase.rule;
      lines.push(`${testCase.rule}  ${testCase.file}`);
    }
    lines.push(`  ${testCase.problems.length === 0 ? "✓" : "✗"} ${testCase.name}`);
    for (const problem of testCase.problems) lines.push(`      ${problem}`);
  }
  for (const rule of run.untested) {
    lines.push(lang === "zh" ? `✗ ${rule.id}：没有测试文件（应为 ${rule.testFile}）` : `✗ ${rule.id}: no test file (expected ${rule.testFile})`);
  }
  const failed = run.cases.filter((c) => c.problems.length > 0).length;
  if (lines.length > 0) lines.push("");
  if (run.untested.length > 0) {
    lines.push(lang === "zh" ? `${run.untested.length} 条规则没有测试` : `${run.untested.length} rule${run.untested.length === 1 ? "" : "s"} without tests`);
  }
  lines.push(`${run.cases.length - failed} passed, ${failed} failed`);
  return lines.join("\n") + "\n";
}

const noneLabel: Record<Lang, string> = { zh: "无结果", en: "no result" };

function outcomeCounts(byOutcome: Partial<Record<CoveredOutcome, number>>, lang: Lang): string {
  return Object.entries(byOutcome)
    .map(([outcome, count]) => `${count} ${outcome === "none" ? noneLabel[lang] : outcomeLabel[lang][outcome as Exclude<CoveredOutcome, "none">]}`)
    .join(" · ");
}

export function formatCoverage(coverage: Coverage, lang: Lang): string {
  const lines: string[] = [];
  lines.push(
    lang === "zh"
      ? `${coverage.policy.number}《${coverage.policy.title.zh}》：条款 → 规则 → 测试`
      : `${coverage.policy.number} (${coverage.policy.title.en}): clauses → rules → tests`,
    "",
  );
  let part: string | undefined;
  for (const clause of coverage.clauses) {
    if (clause.part.numeral !== part) {
      part = clause.part.numeral;
      lines.push(`${clause.part.numeral}、${clause.part.title[lang]}`);
    }
    const mark = clause.status === "uncovered" ? "✗" : clause.status === "checked" ? "✓" : "–";
    lines.push(`  ${mark} ${clause.clause} ${clause.title[lang]}`);
    if (clause.status === "uncovered") {
      lines.push(lang === "zh" ? "      没有规则，索引也未说明不检查的理由" : "      no rule, and the index gives no reason why nothing is checked");
    }
    if (clause.status === "unchecked") {
      lines.push(`      ${lang === "zh" ? "不逐条检查：" : "not checked per record: "}${clause.unchecked![lang]}`);
    }
    const width = Math.max(0, ...clause.rules.map((rule) => rule.id.length));
    for (const rule of clause.rules) {
      const tests =
        rule.testFile === null
          ? lang === "zh" ? "没有测试" : "no tests"
          : `${rule.cases} ${lang === "zh" ? "个用例" : rule.cases === 1 ? "case" : "cases"}: ${outcomeCounts(rule.byOutcome, lang)}`;
      const lacking = rule.lacking.length === 0 ? "" : lang === "zh" ? `（缺少${rule.lacking.map((o) => outcomeLabel.zh[o]).join("、")}用例）` : ` (no ${rule.lacking.join(", ")} case)`;
      lines.push(`      ${rule.id.padEnd(width)}  ${pad(strengthsText(rule.strengths, lang), 12)}  ${pad(subjectLabel[lang][rule.subject], 10)}  ${tests}${lacking}`);
    }
    if (clause.uncheckedSentences.length > 0) lines.push(`      ${lang === "zh" ? "未检查的语句：" : "sentences no rule checks:"}`);
    for (const sentence of clause.uncheckedSentences) lines.push(`        · 「${sentence.text}」 — ${sentence.why[lang]}`);
  }
  const uncovered = coverage.clauses.filter((c) => c.status === "uncovered").map((c) => c.clause);
  lines.push("");
  lines.push(
    lang === "zh"
      ? `${coverage.rules} 条规则，${coverage.cases} 个测试用例`
      : `${coverage.rules} rule${coverage.rules === 1 ? "" : "s"}, ${coverage.cases} test case${coverage.cases === 1 ? "" : "s"}`,
  );
  if (uncovered.length > 0) lines.push(lang === "zh" ? `未覆盖：${uncovered.join("、")}` : `not accounted for: ${uncovered.join(", ")}`);
  lines.push(`${coverage.accounted}/${coverage.total} clauses accounted for`);
  return lines.join("\n") + "\n";
}
