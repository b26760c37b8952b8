import type { Chart as ChartJs, ChartConfiguration, Plugin } from "chart.js";
import type { Lang, Outcome, Report } from "../model/report.js";
import type { OutcomeCounts } from "./batch-summary.js";
import type { Severity } from "../rules/schema.js";
import type { UiText } from "./html-text.js";

/** The data the HTML report embeds as JSON, and renders in the browser. */
export interface HtmlData {
  lang: Lang;
  text: UiText;
  labels: {
    outcome: Record<Outcome, string>;
    severity: Record<Severity, string>;
    subject: Record<string, string>;
    strength: Record<string, string>;
  };
  /** Each input, with how a spreadsheet was read in lines (`readAs`; the intake object itself stays in the JSON report). */
  meta: { tool: string; version: string; asOf: string; rulesetHash: string; inputs: Array<Omit<Report["inputs"][number], "intake"> & { readAs: string[] }> };
  summary: Report["summary"];
  overallPassRate: number | null;
  rules: Array<{ ruleId: string; title: string; clause: string; strength: string; severity: Severity; counts: OutcomeCounts; passRate: number | null }>;
  districts: HtmlGroup[];
  enterpriseTypes: HtmlGroup[];
  attributesKnown: boolean;
  portfolio: Array<{ label: string; ruleId: string; outcome: Outcome; sharePct: number | null; requiredPct: number | null }>;
  findings: HtmlFinding[];
  /** Results left out of `findings` to keep the page light (0 when all are in). */
  omitted: number;
  errors: Array<{ where: string; message: string }>;
}

export interface HtmlGroup {
  label: string;
  records: number;
  counts: OutcomeCounts;
  passRate: number | null;
}

export interface HtmlFinding {
  ruleId: string;
  outcome: Outcome;
  severity: Severity;
  kind: string;
  subjectId: string;
  name: string;
  where: string;
  message: string;
  measure: string | null;
  note: string | null;
}

/**
 * Draws the report in the page: header, total cards, charts, the rule table and the filterable
 * findings table. It is inlined into the HTML with `Function.prototype.toString`, so it must be
 * self-contained: no imports at run time, no reference to anything outside its own body.
 */
export function renderReport(Chart: typeof ChartJs, data: HtmlData, doc: Document): void {
  const t = data.text;
  const outcomeOrder: Outcome[] = ["fail", "incomplete", "waived", "computed", "pass", "not-applicable"];
  const severityOrder: Severity[] = ["error", "warning", "info"];
  const countKeys: Record<Outcome, keyof OutcomeCounts> = { pass: "pass", fail: "fail", incomplete: "incomplete", "not-applicable": "notApplicable", waived: "waived", computed: "computed" };
  const colours: Record<Outcome, string> = { pass: "#2f9e6e", fail: "#d64545", incomplete: "#e8a33d", "not-applicable": "#c9d1da", waived: "#9384c4", computed: "#3d85c6" };
  const numberFormat = new Intl.NumberFormat("en-US");
  const fmt = (n: number): string => numberFormat.format(n);
  const pct = (rate: number | null): string => (rate === null ? "–" : `${(rate * 100).toFixed(1)}%`);
  const fill = (template: string, values: Record<string, string | number>): string => template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ""));

  type Child = Node | string | null | undefined | false;
  function h(tag: string, attrs: Record<string, string | number | boolean | undefined> = {}, ...children: Array<Child | Child[]>): HTMLElement {
    const el = doc.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (value === undefined || value === false) continue;
      if (name === "class") el.className = String(value);
      else el.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      el.append(typeof child === "string" ? doc.createTextNode(child) : child);
    }
    return el;
  }
  const byId = (id: string): HTMLElement => doc.getElementById(id) as HTMLElement;

  Chart.defaults.font.family = getComputedStyle(doc.body).fontFamily;
  Chart.defaults.font.size = 12;
  Chart.defaults.color = "#4a5565";
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.plugins.legend.labels.boxWidth = 12;
  Chart.defaults.plugins.legend.labels.boxHeight = 12;

  // ---- header
  const meta = data.meta;
  const inputRecords = meta.inputs.reduce((sum, input) => sum + input.records, 0);
  byId("meta").append(
    h("div", {}, h("dt", {}, t.tool), h("dd", {}, `${meta.tool} ${meta.version}`)),
    h("div", {}, h("dt", {}, t.asOf), h("dd", { "data-meta": "asOf" }, meta.asOf)),
    h("div", {}, h("dt", {}, t.ruleset), h("dd", { title: meta.rulesetHash, class: "mono" }, meta.rulesetHash.replace(/^(sha256:)?(.{12}).*$/, "$1$2…"))),
    h("div", {}, h("dt", {}, t.inputs), h("dd", {}, fill(t.inputsValue, { files: meta.inputs.length, records: fmt(inputRecords) }))),
  );

  // ---- totals
  const s = data.summary;
  const findingsTotal = s.bySeverity.error + s.bySeverity.warning + s.bySeverity.info;
  const card = (key: string, label: string, value: string, sub?: string, accent?: string): HTMLElement =>
    h("div", { class: "card", style: accent === undefined ? undefined : `--accent:${accent}` }, h("div", { class: "card-label" }, label), h("div", { class: "card-value", "data-total": key }, value), sub === undefined ? null : h("div", { class: "card-sub" }, sub));
  const main = h("div", { class: "totals-main" },
    card("records", t.records, fmt(s.records), fill(t.rulesValue, { rules: s.rules })),
    card("passRate", t.passRate, pct(data.overallPassRate), t.passRateShort, "#1d4e89"),
    card("findings", t.findings, fmt(findingsTotal), `${fmt(s.bySeverity.error)} ${data.labels.severity.error} · ${fmt(s.bySeverity.warning)} ${data.labels.severity.warning} · ${fmt(s.bySeverity.info)} ${data.labels.severity.info}`, "#b23a3a"),
  );
  if (data.errors.length > 0) main.append(card("inputErrors", t.inputErrors, fmt(data.errors.length), t.inputErrorsSub, "#7a1f1f"));
  const outcomeCards = h("div", { class: "totals-outcomes" }, outcomeOrder.map((outcome) => card(countKeys[outcome], data.labels.outcome[outcome], fmt(s[countKeys[outcome]]), undefined, colours[outcome])));
  byId("totals").append(main, outcomeCards);

  // ---- charts
  const charts: ChartJs[] = [];
  const chartBox = (id: string, title: string, note: string | null, height: number): { box: HTMLElement; canvas: HTMLCanvasElement } => {
    const canvas = h("canvas", { id, role: "img", "aria-label": title }) as HTMLCanvasElement;
    const box = h("section", { class: "panel chart-panel", "data-chart": id }, h("h3", {}, title), note === null ? null : h("p", { class: "note" }, note), h("div", { class: "chart-wrap", style: `min-height:${height}px` }, canvas));
    return { box, canvas };
  };
  const emptyBox = (title: string, message: string): HTMLElement => h("section", { class: "panel chart-panel" }, h("h3", {}, title), h("p", { class: "empty" }, message));
  const draw = (canvas: HTMLCanvasElement, config: ChartConfiguration): void => {
    charts.push(new Chart(canvas, config));
  };
  const grid = byId("charts");

  // A figure at the end of each bar of the first dataset (a horizontal chart).
  const barLabels = (text: (index: number) => string): Plugin<"bar"> => ({
    id: "barLabels",
    afterDatasetsDraw(chart) {
      const ctx = chart.ctx;
      const meta = chart.getDatasetMeta(0);
      ctx.save();
      ctx.font = `11px ${Chart.defaults.font.family ?? "sans-serif"}`;
      ctx.textBaseline = "middle";
      meta.data.forEach((bar, index) => {
        const label = text(index);
        if (label === "") return;
        const { x, y, base } = bar.getProps(["x", "y", "base"], true) as { x: number; y: number; base: number };
        // Past the bar and past any marker of another dataset on the same row (a requirement).
        let end = Math.max(x, base);
        for (let d = 1; d < chart.data.datasets.length; d++) {
          const other = chart.getDatasetMeta(d);
          const marker = other.hidden ? undefined : other.data[index];
          if (marker !== undefined && Number.isFinite(marker.x)) end = Math.max(end, marker.x + 4);
        }
        ctx.fillStyle = "#394456";
        ctx.textAlign = "left";
        ctx.fillText(label, end + 6, y);
      });
      ctx.restore();
    },
  });


  // Outcomes overall: a doughnut with the pass rate in its centre.
  const present = outcomeOrder.filter((outcome) => s[countKeys[outcome]] > 0);
  const overall = chartBox("chart-outcomes", t.chartOutcomes, null, 280);
  grid.append(overall.box);
  const centre: Plugin<"doughnut"> = {
    id: "centreText",
    afterDraw(chart) {
      const area = chart.chartArea;
      const ctx = chart.ctx;
      const x = (area.left + area.right) / 2;
      const y = (area.top + area.bottom) / 2;
      ctx.save();
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.fillStyle = "#1f2a3c";
      ctx.font = `600 22px ${Chart.defaults.font.family ?? "sans-serif"}`;
      ctx.fillText(pct(data.overallPassRate), x, y - 8);
      ctx.fillStyle = "#6b7684";
      ctx.font = `12px ${Chart.defaults.font.family ?? "sans-serif"}`;
      ctx.fillText(t.passRate, x, y + 14);
      ctx.restore();
    },
  };
  draw(overall.canvas, {
    type: "doughnut",
    data: {
      labels: present.map((outcome) => `${data.labels.outcome[outcome]}  ${fmt(s[countKeys[outcome]])}`),
      datasets: [{ data: present.map((outcome) => s[countKeys[outcome]]), backgroundColor: present.map((outcome) => colours[outcome]), borderColor: "#ffffff", borderWidth: 2 }],
    },
    options: { cutout: "62%", plugins: { legend: { position: "right" } } },
    plugins: [centre as Plugin],
  } as ChartConfiguration);

  // Outcomes per group: stacked bars; "not applicable" starts hidden (click the legend to show it).
  const stacked = (id: string, title: string, groups: typeof data.districts, emptyMessage: string, horizontal: boolean): void => {
    if (groups.length === 0) {
      grid.append(emptyBox(title, emptyMessage));
      return;
    }
    const shown = outcomeOrder.filter((outcome) => groups.some((group) => group.counts[countKeys[outcome]] > 0));
    const height = horizontal ? Math.max(220, 70 + groups.length * 34) : 280;
    const box = chartBox(id, title, data.attributesKnown ? null : t.attributesUnknown, height);
    grid.append(box.box);
    draw(box.canvas, {
      type: "bar",
      data: {
        labels: groups.map((group) => group.label),
        datasets: shown.map((outcome) => ({
          label: data.labels.outcome[outcome],
          data: groups.map((group) => group.counts[countKeys[outcome]]),
          backgroundColor: colours[outcome],
          hidden: outcome === "not-applicable",
          borderRadius: 2,
          maxBarThickness: 38,
        })),
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        scales: { x: { stacked: true, grid: { display: horizontal } }, y: { stacked: true, grid: { display: !horizontal } } },
        plugins: {
          legend: { position: "bottom" },
          tooltip: { callbacks: { footer: (items) => (items.length === 0 ? "" : fill(t.groupTooltip, { records: groups[items[0]!.dataIndex]!.records, rate: pct(groups[items[0]!.dataIndex]!.passRate) })) } },
        },
      },
    } as ChartConfiguration);
  };
  stacked("chart-districts", t.chartDistricts, data.districts, t.noDistricts, false);
  stacked("chart-types", t.chartTypes, data.enterpriseTypes, t.noTypes, true);

  // Portfolio shares: each group's share against what the rule requires.
  if (data.portfolio.length > 0) {
    const rows = data.portfolio;
    const box = chartBox("chart-portfolio", t.chartPortfolio, null, Math.max(220, 80 + rows.length * 40));
    grid.append(box.box);
    draw(box.canvas, {
      plugins: [barLabels((index) => (rows[index]!.sharePct === null ? "" : `${rows[index]!.sharePct!.toFixed(1)}%`)) as Plugin],
      type: "bar",
      data: {
        labels: rows.map((row) => row.label),
        datasets: [
          { type: "bar", label: t.share, data: rows.map((row) => row.sharePct), backgroundColor: rows.map((row) => colours[row.outcome]), borderRadius: 2, maxBarThickness: 26, order: 2 },
          { type: "line", label: t.required, data: rows.map((row) => row.requiredPct), showLine: false, pointStyle: "line", rotation: 90, pointRadius: 12, pointBorderWidth: 3, pointHoverRadius: 12, pointHoverBorderWidth: 3, borderColor: "#1f2a3c", backgroundColor: "#1f2a3c", order: 1 },
        ],
      },
      options: {
        indexAxis: "y",
        layout: { padding: { right: 52 } },
        scales: { x: { min: 0, max: 100, ticks: { callback: (value) => `${value}%` } }, y: { grid: { display: false } } },
        plugins: { legend: { position: "bottom" } },
      },
    } as ChartConfiguration);
  }

  // Pass rate per rule: worst first; rules that decided nothing are left out.
  const rated = data.rules.filter((rule) => rule.passRate !== null).sort((a, b) => (a.passRate as number) - (b.passRate as number) || (a.ruleId < b.ruleId ? -1 : 1));
  if (rated.length > 0) {
    const box = chartBox("chart-rules", t.chartRules, t.passRateNote, Math.max(200, 60 + rated.length * 22));
    box.box.classList.add("wide");
    grid.append(box.box);
    const decided = (c: OutcomeCounts): number => c.pass + c.fail + c.incomplete;
    draw(box.canvas, {
      plugins: [barLabels((index) => `${pct(rated[index]!.passRate)}  (${rated[index]!.counts.pass}/${decided(rated[index]!.counts)})`) as Plugin],
      type: "bar",
      data: {
        labels: rated.map((rule) => rule.ruleId),
        datasets: [
          {
            label: t.passRate,
            data: rated.map((rule) => Math.round((rule.passRate as number) * 1000) / 10),
            backgroundColor: rated.map((rule) => ((rule.passRate as number) >= 0.8 ? colours.pass : (rule.passRate as number) >= 0.5 ? colours.incomplete : colours.fail)),
            borderRadius: 2,
            maxBarThickness: 16,
          },
        ],
      },
      options: {
        indexAxis: "y",
        layout: { padding: { right: 96 } },
        scales: { x: { min: 0, max: 100, ticks: { callback: (value) => `${value}%` } }, y: { grid: { display: false }, ticks: { autoSkip: false, font: { family: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace", size: 11 } } } },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              title: (items) => (items.length === 0 ? "" : `${rated[items[0]!.dataIndex]!.ruleId} ${rated[items[0]!.dataIndex]!.title}`),
              label: (item) => {
                const c = rated[item.dataIndex]!.counts;
                return `${pct(rated[item.dataIndex]!.passRate)} · ${c.pass} ${data.labels.outcome.pass} · ${c.fail} ${data.labels.outcome.fail} · ${c.incomplete} ${data.labels.outcome.incomplete}`;
              },
            },
          },
        },
      },
    } as ChartConfiguration);
  } else {
    grid.append(emptyBox(t.chartRules, t.noRated));
  }

  // ---- the rule table
  const ruleTable = byId("rules-table");
  const ruleHead = h("tr", {}, h("th", {}, t.colRule), h("th", {}, t.colClause), h("th", {}, t.colStrength), ...(["pass", "fail", "incomplete", "not-applicable", "waived", "computed"] as Outcome[]).map((outcome) => h("th", { class: "num" }, data.labels.outcome[outcome])), h("th", { class: "num" }, t.passRate));
  ruleTable.append(
    h("thead", {}, ruleHead),
    h(
      "tbody",
      {},
      data.rules.map((rule) =>
        h(
          "tr",
          { "data-rule": rule.ruleId },
          h("td", {}, h("div", { class: "mono strong" }, rule.ruleId), h("div", { class: "muted" }, rule.title)),
          h("td", { class: "nowrap" }, rule.clause),
          h("td", { class: "nowrap" }, h("span", { class: `sev sev-${rule.severity}` }, data.labels.strength[rule.strength] ?? rule.strength)),
          ...(["pass", "fail", "incomplete", "not-applicable", "waived", "computed"] as Outcome[]).map((outcome) => {
            const value = rule.counts[countKeys[outcome]];
            return h("td", { class: `num${value === 0 ? " zero" : ""}`, "data-count": outcome }, fmt(value));
          }),
          h("td", { class: "num rate" }, rule.passRate === null ? "–" : h("span", { class: "ratebar", style: `--rate:${(rule.passRate * 100).toFixed(1)}%` }, pct(rule.passRate))),
        ),
      ),
    ),
  );

  // ---- findings
  const findings = data.findings;
  const rulesById = new Map(data.rules.map((rule) => [rule.ruleId, rule]));
  const ruleOf = (finding: HtmlFinding): { title: string; clause: string } => rulesById.get(finding.ruleId) ?? { title: "", clause: "" };
  const ruleSelect = byId("filter-rule") as HTMLSelectElement;
  const outcomeSelect = byId("filter-outcome") as HTMLSelectElement;
  const severitySelect = byId("filter-severity") as HTMLSelectElement;
  const search = byId("filter-text") as HTMLInputElement;
  const showPasses = byId("filter-passes") as HTMLInputElement;
  const ruleIds = [...new Set(findings.map((row) => row.ruleId))].sort();
  ruleSelect.append(h("option", { value: "" }, t.allRules), ...ruleIds.map((id) => h("option", { value: id }, id)));
  outcomeSelect.append(h("option", { value: "" }, t.allOutcomes), ...outcomeOrder.filter((outcome) => findings.some((row) => row.outcome === outcome)).map((outcome) => h("option", { value: outcome }, data.labels.outcome[outcome])));
  severitySelect.append(h("option", { value: "" }, t.allSeverities), ...severityOrder.map((severity) => h("option", { value: severity }, data.labels.severity[severity])));

  if (data.omitted > 0) {
    const note = byId("findings-omitted");
    note.textContent = fill(t.omittedNote, { shown: fmt(findings.length), omitted: fmt(data.omitted) });
    note.hidden = false;
  }
  const pageSize = 200;
  let limit = pageSize;
  const body = byId("findings-body");
  const count = byId("findings-count");
  const more = byId("findings-more") as HTMLButtonElement;
  const measureCell = (measure: string | null): HTMLElement | null => (measure === null ? null : h("div", { class: "figures" }, measure.split(" · ").map((part) => h("div", {}, part))));
  const row = (finding: HtmlFinding): HTMLElement =>
    h(
      "tr",
      { "data-rule": finding.ruleId, "data-outcome": finding.outcome, "data-severity": finding.severity },
      h("td", { class: "nowrap" }, h("span", { class: `badge badge-${finding.outcome}` }, data.labels.outcome[finding.outcome]), h("div", {}, h("span", { class: `sev sev-${finding.severity}` }, data.labels.severity[finding.severity]))),
      h("td", { title: ruleOf(finding).title }, h("div", { class: "mono strong" }, finding.ruleId), h("div", { class: "muted" }, ruleOf(finding).clause)),
      h(
        "td",
        { class: "subject" },
        h("div", { class: "strong" }, finding.name),
        h("div", { class: "muted mono" }, `${data.labels.subject[finding.kind] ?? finding.kind} ${finding.subjectId}`),
        finding.where === "" ? null : h("div", { class: "where mono", "data-where": "" }, finding.where),
      ),
      h("td", {}, finding.message, finding.note === null ? null : h("div", { class: "muted note-line" }, finding.note)),
      h("td", { class: "measure" }, measureCell(finding.measure)),
    );
  const render = (): void => {
    const rule = ruleSelect.value;
    const outcome = outcomeSelect.value;
    const severity = severitySelect.value;
    const needle = search.value.trim().toLowerCase();
    const matching = findings.filter(
      (f) =>
        (rule === "" || f.ruleId === rule) &&
        (outcome === "" ? f.outcome !== "pass" || showPasses.checked : f.outcome === outcome) &&
        (severity === "" || f.severity === severity) &&
        (needle === "" || `${f.name} ${f.subjectId} ${f.where} ${f.message} ${f.ruleId} ${ruleOf(f).title} ${ruleOf(f).clause}`.toLowerCase().includes(needle)),
    );
    const shown = matching.slice(0, limit);
    body.replaceChildren(...(shown.length === 0 ? [h("tr", { class: "empty-row" }, h("td", { colspan: 5 }, t.noMatches))] : shown.map(row)));
    count.textContent = fill(t.showing, { shown: fmt(shown.length), total: fmt(matching.length) });
    count.dataset.shown = String(shown.length);
    count.dataset.total = String(matching.length);
    more.hidden = shown.length >= matching.length;
    more.textContent = fill(t.showMore, { n: fmt(Math.min(pageSize, matching.length - shown.length)) });
  };
  const reset = (): void => {
    limit = pageSize;
    render();
  };
  for (const control of [ruleSelect, outcomeSelect, severitySelect, showPasses]) control.addEventListener("change", reset);
  search.addEventListener("input", reset);
  more.addEventListener("click", () => {
    limit += pageSize;
    render();
  });
  render();

  // ---- input errors
  if (data.errors.length > 0) {
    byId("errors").hidden = false;
    byId("errors-body").append(...data.errors.map((error) => h("tr", {}, h("td", { class: "mono where" }, error.where), h("td", {}, error.message))));
  }

  // ---- inputs
  byId("inputs-body").append(...meta.inputs.map((input) => h("tr", {}, h("td", { class: "mono" }, input.file), h("td", { class: "num" }, fmt(input.records)), h("td", { class: "mono muted", title: input.sha256 }, input.sha256.slice(0, 16) + (input.sha256.length > 16 ? "…" : "")), h("td", {}, ...input.readAs.map((line) => h("div", {}, line))))));

  // Charts drawn for the screen are redrawn at the paper's width when printing.
  const resizeAll = (): void => {
    for (const chart of charts) chart.resize();
  };
  addEventListener("beforeprint", resizeAll);
  addEventListener("afterprint", resizeAll);
  doc.documentElement.dataset.rendered = "true";
}
