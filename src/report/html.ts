import { intakeLinesOf } from "./intake-text.js";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { SzcheckError } from "../errors.js";
import { batchSummary, exactPassRateOf, groupLabel, type BatchRun } from "./batch-summary.js";
import { formatFigure } from "../text/figures.js";
import { renderReport, type HtmlData, type HtmlFinding } from "./html-client.js";
import { texts } from "./html-text.js";
import { outcomeLabel, severityLabel, strengthLabel, subjectLabel } from "./labels.js";
import type { Lang, Result } from "../model/report.js";
import { outcomeRank, severityRank } from "./view.js";

/**
 * `--format html=audit.html`: one self-contained page that opens offline. The report's data is
 * embedded as JSON; Chart.js (its UMD build, read from node_modules only when this format is
 * asked for, never bundled into the CLI) and the renderer are inlined; a Content-Security-Policy
 * forbids every network request. No timestamp: the same run gives the same bytes.
 */
export function formatHtml(run: BatchRun, options: { chartJs?: string } = {}): string {
  const data = htmlData(run);
  const lang = data.lang;
  const t = data.text;
  const chartJs = options.chartJs ?? chartJsSource();
  return `<!DOCTYPE html>
<html lang="${lang === "zh" ? "zh-CN" : "en"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="${escapeHtml(`${data.meta.tool} ${data.meta.version}`)}">
<title>${escapeHtml(`${t.title} · ${data.meta.asOf}`)}</title>
<style>${css}</style>
</head>
<body>
<header class="masthead">
  <div class="wrap">
    <div class="brand">szcheck</div>
    <h1>${escapeHtml(t.title)}</h1>
    <p class="subtitle">${escapeHtml(t.subtitle)}</p>
    <dl class="meta" id="meta"></dl>
  </div>
</header>
<main class="wrap">
  <section class="totals" id="totals" aria-label="${escapeHtml(t.totals)}"></section>
  <h2>${escapeHtml(t.overview)}</h2>
  <div class="charts" id="charts"></div>
  <h2>${escapeHtml(t.rulesHeading)}</h2>
  <div class="panel table-panel"><table class="grid" id="rules-table"></table></div>
  <h2>${escapeHtml(t.findingsHeading)}</h2>
  <div class="panel table-panel" id="findings">
    <div class="controls">
      <label><span>${escapeHtml(t.colRule)}</span><select id="filter-rule"></select></label>
      <label><span>${escapeHtml(t.colOutcome)}</span><select id="filter-outcome"></select></label>
      <label><span>${escapeHtml(t.colSeverity)}</span><select id="filter-severity"></select></label>
      <label class="grow"><span>${escapeHtml(t.searchLabel)}</span><input id="filter-text" type="search" placeholder="${escapeHtml(t.searchPlaceholder)}"></label>
      <label class="check"><input id="filter-passes" type="checkbox"> ${escapeHtml(t.showPasses)}</label>
    </div>
    <p class="count" id="findings-count" aria-live="polite"></p>
    <p class="note" id="findings-omitted" hidden></p>
    <table class="grid findings">
      <colgroup><col style="width:10%"><col style="width:17%"><col style="width:23%"><col><col style="width:15%"></colgroup>
      <thead><tr><th>${escapeHtml(t.colOutcome)}</th><th>${escapeHtml(t.colRule)}</th><th>${escapeHtml(`${t.colSubject} · ${t.colWhere}`)}</th><th>${escapeHtml(t.colMessage)}</th><th>${escapeHtml(t.colMeasure)}</th></tr></thead>
      <tbody id="findings-body"></tbody>
    </table>
    <button type="button" class="more" id="findings-more" hidden></button>
  </div>
  <section id="errors" hidden>
    <h2>${escapeHtml(t.inputErrors)}</h2>
    <div class="panel table-panel"><table class="grid"><thead><tr><th>${escapeHtml(t.colWhere)}</th><th>${escapeHtml(t.colMessage)}</th></tr></thead><tbody id="errors-body"></tbody></table></div>
  </section>
  <h2>${escapeHtml(t.inputs)}</h2>
  <div class="panel table-panel"><table class="grid"><thead><tr><th>${escapeHtml(t.colFile)}</th><th class="num">${escapeHtml(t.records)}</th><th>SHA-256</th><th>${escapeHtml(t.colReadAs)}</th></tr></thead><tbody id="inputs-body"></tbody></table></div>
</main>
<footer class="wrap footer">${escapeHtml(fill(t.footer, { version: data.meta.version, hash: data.meta.rulesetHash }))}</footer>
<noscript><p class="wrap">${escapeHtml(t.noscript)}</p></noscript>
<script type="application/json" id="szcheck-data">${jsonForScript(data)}</script>
<script>${escapeScript(chartJs)}</script>
<script>${escapeScript(rendererScript())}</script>
</body>
</html>
`;
}

/**
 * The renderer's source, called on the embedded data. `__name` is defined because transpilers
 * that keep function names (tsx, vitest) wrap functions in it; the CLI bundle does not.
 */
function rendererScript(): string {
  return `"use strict";\nvar __name = function (target) { return target; };\n(${String(renderReport)})(window.Chart, JSON.parse(document.getElementById("szcheck-data").textContent), document);`;
}

/** Chart.js's UMD build, from the installed package (its `exports` map hides dist/, so resolve the package and look beside it). */
export function chartJsSource(): string {
  let entry: string;
  try {
    entry = createRequire(import.meta.url).resolve("chart.js");
  } catch (error) {
    throw new SzcheckError({ message: "--format html needs the chart.js package, which is not installed", hint: "reinstall szcheck (npm install) so that its dependencies are present", cause: error });
  }
  return readFileSync(join(dirname(entry), "chart.umd.js"), "utf8");
}

/** What the page renders: labels in the report's language, the batch summary, and the findings. */
export function htmlData(run: BatchRun): HtmlData {
  const { report } = run;
  const lang = report.lang;
  const summary = batchSummary(run);
  const { findings, omitted } = pageFindings(report.results, lang);
  return {
    lang,
    text: texts[lang],
    labels: { outcome: outcomeLabel[lang], severity: severityLabel[lang], subject: subjectLabel[lang], strength: strengthLabel[lang] },
    meta: { tool: report.tool, version: report.version, asOf: report.asOf, rulesetHash: report.rulesetHash, inputs: report.inputs.map((input) => ({ file: input.file, records: input.records, sha256: input.sha256, readAs: intakeLinesOf(input, lang).map((line) => line.text) })) },
    summary: report.summary,
    overallPassRate: exactPassRateOf(summary.overall),
    rules: summary.rules.map((rule) => ({ ruleId: rule.ruleId, title: rule.title[lang], clause: rule.clause, strength: rule.strength, severity: rule.severity, counts: rule.counts, passRate: rule.passRate })),
    districts: summary.districts.map((group) => ({ label: groupLabel("district", group.key, lang), records: group.records, counts: group.counts, passRate: group.passRate })),
    enterpriseTypes: summary.enterpriseTypes.map((group) => ({ label: groupLabel("enterpriseType", group.key, lang), records: group.records, counts: group.counts, passRate: group.passRate })),
    attributesKnown: summary.attributesKnown,
    portfolio: summary.portfolio.map((share) => ({ label: share.key === null ? share.ruleId : `${share.ruleId} · ${share.key}`, ruleId: share.ruleId, outcome: share.outcome, sharePct: share.sharePct, requiredPct: share.requiredPct })),
    findings,
    omitted,
    errors: report.errors.map((error) => ({ where: `${error.file}${typeof error.line === "number" ? `:${error.line}${typeof error.column === "number" ? `:${error.column}` : ""}` : ""}${error.pointer === "" ? "" : `#${error.pointer}`}`, message: error.message })),
  };
}

/** Rows in one page at most: a million-record audit still opens in a browser (the JSON and CSV reports have every result). */
export const MAX_PAGE_FINDINGS = 50_000;


/**
 * The findings table's rows: every result but not-applicable ones, failures first, then by
 * severity, then in report order; at most `limit` of them, and how many were left out. Each
 * (outcome, severity) pair keeps at most `limit` rows as the results go by, so memory is bounded.
 */
export function pageFindings(results: Iterable<Result>, lang: Lang, limit = MAX_PAGE_FINDINGS): { findings: HtmlFinding[]; omitted: number } {
  const buckets: Result[][] = Array.from({ length: 6 * 3 }, () => []);
  let total = 0;
  for (const result of results) {
    if (result.outcome === "not-applicable") continue;
    total++;
    const bucket = buckets[outcomeRank[result.outcome] * 3 + severityRank[result.severity]]!;
    if (bucket.length < limit) bucket.push(result);
  }
  const findings = buckets.flat().slice(0, limit).map((result) => findingOf(result, lang));
  return { findings, omitted: total - findings.length };
}

/** One row of the findings table; the rule's title and clause are looked up in the page's rule list. */
function findingOf(result: Result, lang: Lang): HtmlFinding {
  const { subject } = result;
  const where = subject.kind === "portfolio" ? "" : `${subject.file}${subject.pointer === "" ? "" : `#${subject.pointer}`}`;
  let measure: string | null = null;
  if (result.measure !== null && result.measure.actual !== null) {
    const { actual, required, gap, unit, gapUnit } = result.measure;
    const parts = lang === "zh" ? ["实际", "要求", "差距"] : ["actual", "required", "gap"];
    measure = [`${parts[0]} ${formatFigure(actual, unit, lang)}`, ...(required === null ? [] : [`${parts[1]} ${formatFigure(required, unit, lang)}`]), ...(gap === null || result.outcome !== "fail" ? [] : [`${parts[2]} ${formatFigure(gap, gapUnit, lang)}`])].join(" · ");
  }
  const notes: string[] = [];
  if (result.waiver !== null) notes.push(lang === "zh" ? `豁免：${result.waiver.reason}（${result.waiver.approvedBy}，至 ${result.waiver.expires}）` : `waived: ${result.waiver.reason} (${result.waiver.approvedBy}, until ${result.waiver.expires})`);
  if (result.assumptions.length > 0) notes.push((lang === "zh" ? "依据假设：" : "rests on an assumption: ") + result.assumptions.map((a) => a.param).join(", "));
  return {
    ruleId: result.ruleId,
    outcome: result.outcome,
    severity: result.severity,
    kind: subject.kind,
    subjectId: subject.id,
    name: subject.name,
    where,
    message: result.message,
    measure,
    note: notes.length === 0 ? null : notes.join(" · "),
  };
}

/** JSON that is safe inside <script>: no `<`, `>` or `&` (so no `</script` or `<!--`), no line separators. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** Script text that cannot end its <script> early: `</script` → `<\/script`, `<!--` → `\x3C!--` (both mean the same in JS strings and regexes). */
export function escapeScript(source: string): string {
  return source.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "\\x3C!--");
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

const fill = (template: string, values: Record<string, string | number>): string => template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ""));


const css = `
:root{--ink:#1f2a3c;--muted:#6b7684;--line:#e3e7ee;--bg:#f5f7fa;--panel:#fff;--brand:#1d4e89;
--font:-apple-system,BlinkMacSystemFont,"Segoe UI","PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC",Roboto,"Helvetica Neue",Arial,sans-serif;
--mono:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.55 var(--font)}
.wrap{max-width:1240px;margin:0 auto;padding:0 28px}
.masthead{background:#fff;border-top:6px solid var(--brand);border-bottom:1px solid var(--line);padding:26px 0 20px;margin-bottom:24px}
.brand{font:600 12px/1 var(--font);letter-spacing:.14em;text-transform:uppercase;color:var(--brand)}
h1{font-size:28px;line-height:1.25;margin:8px 0 4px;font-weight:650;letter-spacing:-.01em}
.subtitle{margin:0 0 18px;color:var(--muted)}
.meta{display:flex;flex-wrap:wrap;gap:10px 36px;margin:0}
.meta div{min-width:0}
.meta dt{font-size:11px;text-transform:uppercase;letter-spacing:.08em;color:var(--muted)}
.meta dd{margin:2px 0 0;font-weight:600}
h2{font-size:18px;font-weight:650;margin:32px 0 12px}
h3{font-size:14px;font-weight:650;margin:0 0 4px}
.totals{display:flex;flex-direction:column;gap:12px}
.totals-main{display:grid;grid-template-columns:repeat(auto-fit,minmax(220px,1fr));gap:12px}
.totals-main .card-value{font-size:32px}
.totals-outcomes{display:grid;grid-template-columns:repeat(6,minmax(0,1fr));gap:12px}
.card-label::first-letter{text-transform:uppercase}
.card{background:var(--panel);border:1px solid var(--line);border-left:4px solid var(--accent,#8a96a8);border-radius:10px;padding:12px 14px;box-shadow:0 1px 2px rgba(16,24,40,.04)}
.card-label{font-size:12px;color:var(--muted)}
.card-value{font-size:26px;font-weight:650;line-height:1.2;font-variant-numeric:tabular-nums}
.card-sub{font-size:11.5px;color:var(--muted);margin-top:2px}
.charts{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:16px}
.panel{background:var(--panel);border:1px solid var(--line);border-radius:10px;box-shadow:0 1px 2px rgba(16,24,40,.04)}
.chart-panel{padding:16px 18px;display:flex;flex-direction:column}
.chart-panel.wide{grid-column:1/-1}
.chart-wrap{position:relative;margin-top:8px;flex:1 1 auto}
.note{margin:0;color:var(--muted);font-size:12px}
.empty{color:var(--muted);margin:24px 0}
.table-panel{overflow-x:auto}
table.grid{width:100%;border-collapse:collapse;font-size:13px}
.grid th{text-align:left;font-size:11.5px;font-weight:600;color:var(--muted);text-transform:uppercase;letter-spacing:.04em;background:#fafbfc;border-bottom:1px solid var(--line);padding:9px 12px;white-space:nowrap}
.grid td{border-bottom:1px solid #eef1f5;padding:9px 12px;vertical-align:top}
.grid tbody tr:last-child td{border-bottom:0}
.grid tbody tr:hover td{background:#fafcff}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.zero{color:#b8c0cb}
.nowrap{white-space:nowrap}
.mono{font-family:var(--mono);font-size:12px}
.strong{font-weight:600}
.muted{color:var(--muted);font-size:12px}
.where{overflow-wrap:anywhere;color:#8a94a3;font-size:11.5px;margin-top:2px}
.findings{table-layout:fixed}
.findings td{overflow-wrap:anywhere}
.findings .sev{margin-top:5px}
.subject .muted{overflow-wrap:anywhere}
.note-line{margin-top:4px}
.measure{font-size:12px;color:#394456}
.figures div{white-space:nowrap;overflow:hidden;text-overflow:ellipsis;font-variant-numeric:tabular-nums}
.figures div:first-child{font-weight:600;color:var(--ink)}
.ratebar{display:inline-block;min-width:74px;padding:1px 6px;border-radius:4px;background:linear-gradient(90deg,#d8efe4 var(--rate),#f1f3f6 var(--rate))}
.badge{display:inline-block;padding:2px 8px;border-radius:999px;font-size:12px;font-weight:600;white-space:nowrap;color:#fff}
.badge-pass{background:#2f9e6e}.badge-fail{background:#d64545}.badge-incomplete{background:#e8a33d}.badge-waived{background:#9384c4}.badge-computed{background:#3d85c6}.badge-not-applicable{background:#aab4c0}
.sev{display:inline-block;padding:1px 7px;border-radius:4px;font-size:12px;border:1px solid currentColor;white-space:nowrap}
.sev-error{color:#b42318}.sev-warning{color:#b54708}.sev-info{color:#175cd3}
.controls{display:flex;flex-wrap:wrap;gap:10px 14px;align-items:flex-end;padding:14px 16px;border-bottom:1px solid var(--line)}
.controls label{display:flex;flex-direction:column;gap:3px;font-size:11.5px;color:var(--muted)}
.controls label.grow{flex:1;min-width:200px}
.controls label.check{flex-direction:row;align-items:center;gap:6px;font-size:13px;color:var(--ink);padding-bottom:7px}
select,input[type=search]{font:inherit;font-size:13px;color:var(--ink);border:1px solid #cfd6df;border-radius:6px;padding:6px 8px;background:#fff;min-width:150px}
input[type=search]{width:100%}
.count{margin:0;padding:10px 16px 4px;color:var(--muted);font-size:12.5px}
.more{display:block;margin:12px auto 16px;font:inherit;padding:7px 16px;border-radius:6px;border:1px solid #cfd6df;background:#fff;cursor:pointer}
.more:hover{background:#f3f6fa}
.empty-row td{color:var(--muted);text-align:center;padding:24px}
.footer{color:var(--muted);font-size:12px;padding:28px 28px 40px}
@media (max-width:820px){.charts{grid-template-columns:1fr}.totals-outcomes{grid-template-columns:repeat(3,minmax(0,1fr))}.wrap{padding:0 14px}}
@media print{
  @page{size:A4;margin:14mm}
  body{background:#fff;font-size:11px}
  .wrap{max-width:none;padding:0}
  .masthead{border-bottom:0;padding-top:12px}
  .controls,.more{display:none!important}
  .panel,.card{box-shadow:none;break-inside:avoid}
  .charts{grid-template-columns:1fr 1fr}
  .chart-panel{break-inside:avoid}
  .chart-wrap{min-height:0!important}
  .chart-wrap canvas{max-width:100%!important;height:auto!important}
  .grid tr{break-inside:avoid}
  .grid th{white-space:normal;padding:6px 6px;font-size:9.5px}
  .grid td{padding:6px 6px}
  .ratebar{min-width:0;padding:0 3px}
  .mono{font-size:10px}
  .muted,.where{font-size:10px}
  .grid thead{display:table-header-group}
  .table-panel{overflow:visible}
  h2{break-after:avoid}
  *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
`;
