import type { LoadedRule } from "../rules/load.js";
import { groupLabel, type BatchSummary } from "./batch-summary.js";
import { capCell } from "./cell-limit.js";
import { formatFigure } from "../text/figures.js";
import { outcomeLabel, severityLabel, strengthLabel, subjectLabel, verdictLabel } from "./labels.js";
import type { Lang, Outcome, OutcomeCounts, Report, ReportError, Result } from "../model/report.js";
import { placeOf, placeText, splitSheet } from "./place.js";
import { assumptionsText, measureTexts, missingNames, portfolioGroupLabel, readableMessage } from "./readable.js";
import type { SubjectVerdicts } from "./verdicts.js";

/**
 * The rows of each sheet of the xlsx report, as plain values: pure functions of one result, one
 * subject or the summary, so that any writer (streaming or not) can lay them out.
 */

export type CellValue = string | number | null;

/** Every word of the workbook besides the shared labels of labels.ts. */
const en = {
  summary: "Summary",
  enterprises: "Enterprises",
  projects: "Projects",
  findings: "Findings",
  rules: "Rules",
  inputs: "Inputs",
  title: "Compliance audit report",
  asOf: "As of",
  records: "Records checked",
  rulesRun: "Rules run",
  passRate: "Pass rate (compliant ÷ decided)",
  missingShare: "Data missing (÷ rules that applied)",
  outcome: "Outcome",
  count: "Count",
  district: "District",
  enterpriseType: "Enterprise type",
  portfolio: "Portfolio shares",
  group: "Group",
  share: "Share",
  required: "Required",
  kind: "Kind",
  id: "Id",
  name: "Name",
  place: "Location",
  conclusion: "Conclusion",
  findingsCount: "Findings",
  severity: "Severity",
  strength: "Strength",
  rule: "Rule",
  ruleId: "Rule id",
  clause: "Clause",
  message: "Message",
  actual: "Actual",
  requiredValue: "Required",
  gap: "Gap",
  missing: "Missing fields",
  fix: "How to fix",
  file: "File",
  sheet: "Sheet",
  row: "Row",
  assumptions: "Assumptions",
  waiver: "Waiver",
  subject: "Applies to",
  params: "Parameters (source; assumption)",
  source: "Policy text",
  tool: "Tool",
  ruleset: "Ruleset",
  language: "Language",
  sha256: "SHA-256",
  inputErrors: "Input errors: records not checked",
  noInputErrors: "No input errors: every record was checked.",
  pointer: "Pointer",
  sourceLabel: "source",
  assumptionLabel: "assumption",
  waiverText: "{reason} ({approvedBy}, until {expires})",
};

export type XlsxText = Record<keyof typeof en, string>;

const zh: XlsxText = {
  summary: "汇总",
  enterprises: "企业",
  projects: "项目",
  findings: "问题清单",
  rules: "规则",
  inputs: "输入说明",
  title: "合规审查报告",
  asOf: "判定日",
  records: "检查记录数",
  rulesRun: "规则数",
  passRate: "符合率（符合 ÷ 已判定）",
  missingShare: "数据不全占比（÷ 适用的规则）",
  outcome: "结果",
  count: "数量",
  district: "所在区",
  enterpriseType: "企业类型",
  portfolio: "组合指标",
  group: "分组",
  share: "占比",
  required: "要求",
  kind: "类型",
  id: "编号",
  name: "名称",
  place: "位置",
  conclusion: "结论",
  findingsCount: "问题数",
  severity: "严重程度",
  strength: "要求强度",
  rule: "规则",
  ruleId: "规则编号",
  clause: "条款",
  message: "说明",
  actual: "实际",
  requiredValue: "要求",
  gap: "差距",
  missing: "缺少字段",
  fix: "整改建议",
  file: "文件",
  sheet: "工作表",
  row: "行",
  assumptions: "所依据的假设",
  waiver: "豁免",
  subject: "适用对象",
  params: "参数（来源；假设）",
  source: "政策原文",
  tool: "工具",
  ruleset: "规则集",
  language: "语言",
  sha256: "SHA-256",
  inputErrors: "输入错误：以下记录未予检查",
  noInputErrors: "没有输入错误：所有记录均已检查。",
  pointer: "位置指针",
  sourceLabel: "来源",
  assumptionLabel: "假设",
  waiverText: "{reason}（{approvedBy}，至 {expires}）",
};

export const xlsxText: Record<Lang, XlsxText> = { en, zh };

const fill = (template: string, values: Record<string, string>): string => template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? "");

/** Text as a cell holds it: within Excel's limit. */
export const text = (value: string | null | undefined, lang: Lang): CellValue => (value === null || value === undefined || value === "" ? null : capCell(value, lang));

// ---- the subject × rule matrix

export function matrixHeader(rules: LoadedRule[], lang: Lang): string[] {
  const t = xlsxText[lang];
  return [t.kind, t.id, t.name, t.place, t.conclusion, t.findingsCount, ...rules.map((rule) => rule.definition.title[lang])];
}

/** The fixed columns before the rules: kind, id, name, location, conclusion, findings. */
export const MATRIX_FIXED_COLUMNS = 6;
/** The column (0-based) of a subject's conclusion. */
export const MATRIX_CONCLUSION_COLUMN = 4;

/** A subject's row: who it is, where, its conclusion, and a verdict per rule (empty where the rule does not concern it). */
export function matrixRow(subject: SubjectVerdicts, rules: LoadedRule[], lang: Lang): CellValue[] {
  const verdict = (outcome: Outcome | undefined): CellValue => (outcome === undefined ? null : verdictLabel[lang][outcome]);
  return [
    subjectLabel[lang][subject.kind],
    subject.id,
    text(subject.name, lang),
    text(placeText(subject.place, lang), lang),
    verdict(subject.conclusion),
    subject.findings,
    ...rules.map((rule) => verdict(subject.outcomes.get(rule.definition.id))),
  ];
}

// ---- findings

export function findingHeader(lang: Lang): string[] {
  const t = xlsxText[lang];
  return [t.outcome, t.severity, t.strength, t.kind, t.id, t.name, t.rule, t.clause, t.message, t.actual, t.requiredValue, t.gap, t.missing, t.fix, t.file, t.sheet, t.row, t.assumptions, t.waiver, t.ruleId];
}

/** A finding's row: subject, rule title, clause, message, figures with units, fix, and where the record is (file, sheet, row). */
export function findingRow(result: Result, rule: LoadedRule | undefined, lang: Lang): CellValue[] {
  const t = xlsxText[lang];
  const place = placeOf(result);
  const figures = measureTexts(result, lang);
  const waiver = result.waiver === null ? null : fill(t.waiverText, { reason: result.waiver.reason, approvedBy: result.waiver.approvedBy, expires: result.waiver.expires });
  return [
    outcomeLabel[lang][result.outcome],
    severityLabel[lang][result.severity],
    strengthLabel[lang][result.strength],
    subjectLabel[lang][result.subject.kind],
    result.subject.id,
    text(result.subject.name, lang),
    text(rule?.definition.title[lang] ?? result.ruleId, lang),
    result.clause,
    text(readableMessage(result, lang), lang),
    figures.actual,
    figures.required,
    figures.gap,
    text(missingNames(result, lang).join(lang === "zh" ? "、" : ", "), lang),
    text(result.outcome === "fail" || result.outcome === "incomplete" ? rule?.definition.fix?.[lang] : undefined, lang),
    place?.file ?? null,
    place?.sheet ?? null,
    place?.row ?? null,
    text(assumptionsText(result, lang), lang),
    text(waiver, lang),
    result.ruleId,
  ];
}

// ---- rules

export function ruleHeader(lang: Lang): string[] {
  const t = xlsxText[lang];
  return [t.ruleId, t.rule, t.clause, t.subject, t.strength, t.severity, t.params, t.source, ...countColumns.map((outcome) => verdictLabel[lang][outcome]), t.passRate];
}

const countColumns: Outcome[] = ["pass", "fail", "incomplete", "not-applicable", "waived", "computed"];
const countKey: Record<Outcome, keyof OutcomeCounts> = { pass: "pass", fail: "fail", incomplete: "incomplete", "not-applicable": "notApplicable", waived: "waived", computed: "computed" };

/** A rule's row: what it checks, its parameters with their sources and assumptions, and how it fared. */
export function ruleRow(rule: LoadedRule, summary: BatchSummary["rules"][number] | undefined, lang: Lang): CellValue[] {
  const t = xlsxText[lang];
  const { definition } = rule;
  const params = Object.entries(definition.params).map(([name, param]) => {
    const value = Array.isArray(param.value) ? param.value.join(", ") : formatFigure(param.value, param.unit, lang);
    const why = param.why === undefined ? undefined : typeof param.why === "string" ? param.why : param.why[lang];
    return `${name} = ${value}（${t.sourceLabel}：${param.source}${why === undefined ? "" : `；${t.assumptionLabel}：${why}`}）`;
  });
  return [
    definition.id,
    definition.title[lang],
    definition.clause,
    subjectLabel[lang][definition.subject],
    strengthLabel[lang][definition.strength],
    severityLabel[lang][rule.severity],
    text(params.join("\n"), lang),
    text(definition.source, lang),
    ...countColumns.map((outcome) => summary?.counts[countKey[outcome]] ?? 0),
    summary?.passRate ?? null,
  ];
}

// ---- the summary sheet: label/value lines and small tables, each a list of rows

export interface SummaryBlock {
  title: string;
  rows: CellValue[][];
  /** Columns holding shares (0–1), shown as percentages. */
  percentColumns: number[];
}

export function summaryBlocks(report: Report, summary: BatchSummary, lang: Lang): SummaryBlock[] {
  const t = xlsxText[lang];
  const s = report.summary;
  const groupRows = (dimension: "district" | "enterpriseType", groups: BatchSummary["districts"]): CellValue[][] =>
    groups.map((group) => [groupLabel(dimension, group.key, lang), group.records, group.counts.pass, group.counts.fail, group.counts.incomplete, group.counts.notApplicable, group.counts.waived, group.passRate]);
  const groupHeader = (first: string): CellValue[] => [first, t.records, verdictLabel[lang].pass, verdictLabel[lang].fail, verdictLabel[lang].incomplete, verdictLabel[lang]["not-applicable"], verdictLabel[lang].waived, t.passRate];
  const blocks: SummaryBlock[] = [
    {
      title: t.title,
      rows: [
        [t.asOf, report.asOf],
        [t.records, s.records],
        [t.rulesRun, s.rules],
        [t.passRate, summary.overall.passRate],
        [t.missingShare, summary.overall.missingShare],
      ],
      percentColumns: [],
    },
    { title: t.outcome, rows: [[t.outcome, t.count], ...countColumns.map((outcome) => [verdictLabel[lang][outcome], s[countKey[outcome]]])], percentColumns: [] },
  ];
  if (summary.districts.length > 0) blocks.push({ title: t.district, rows: [groupHeader(t.district), ...groupRows("district", summary.districts)], percentColumns: [7] });
  if (summary.enterpriseTypes.length > 0) blocks.push({ title: t.enterpriseType, rows: [groupHeader(t.enterpriseType), ...groupRows("enterpriseType", summary.enterpriseTypes)], percentColumns: [7] });
  if (summary.portfolio.length > 0) {
    blocks.push({
      title: t.portfolio,
      rows: [
        [t.rule, t.group, t.share, t.required, t.outcome],
        ...summary.portfolio.map((share) => {
          const title = summary.rules.find((rule) => rule.ruleId === share.ruleId)?.title[lang] ?? share.ruleId;
          return [title, portfolioGroupLabel(share.key, lang), share.sharePct === null ? null : share.sharePct / 100, share.requiredPct === null ? null : share.requiredPct / 100, verdictLabel[lang][share.outcome]];
        }),
      ],
      percentColumns: [2, 3],
    });
  }
  return blocks;
}

// ---- inputs

export function inputsBlock(report: Report, lang: Lang): CellValue[][] {
  const t = xlsxText[lang];
  return [
    [t.tool, `${report.tool} ${report.version}`],
    [t.asOf, report.asOf],
    [t.ruleset, report.rulesetHash],
    [t.language, lang],
    [],
    [t.file, t.records, t.sha256],
    ...report.inputs.map((input) => [input.file, input.records, input.sha256]),
  ];
}

export function inputErrorHeader(lang: Lang): string[] {
  const t = xlsxText[lang];
  return [t.file, t.sheet, t.row, t.pointer, t.message];
}

export function inputErrorRow(error: ReportError, lang: Lang): CellValue[] {
  const { file, sheet } = splitSheet(error.file);
  const row = sheet !== null || /\.csv$/i.test(file) ? /^\/(\d+)/.exec(error.pointer) : null;
  return [file, sheet, row === null ? error.line : Number(row[1]), error.pointer, text(error.message, lang)];
}
