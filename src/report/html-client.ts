import type { Chart as ChartJs, ChartConfiguration, Plugin } from "chart.js";
import type { Lang, Outcome, OutcomeCounts, Report } from "../model/report.js";
import type { Severity, Strength } from "../rules/schema.js";
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
  /** pass ÷ (pass + fail): the share of decided results that comply. */
  overallPassRate: number | null;
  /** incomplete ÷ (pass + fail + incomplete): the share that could not be decided for missing data. */
  missingShare: number | null;
  rules: Array<{ ruleId: string; title: string; clause: string; strength: string; severity: Severity; counts: OutcomeCounts; passRate: number | null }>;
  districts: HtmlGroup[];
  enterpriseTypes: HtmlGroup[];
  attributesKnown: boolean;
  portfolio: Array<{ label: string; ruleId: string; outcome: Outcome; sharePct: number | null; requiredPct: number | null }>;
  /** Portfolio groups whose share is unknown (not drawn). */
  portfolioUnknown: number;
  findings: HtmlFinding[];
  /** Results left out of `findings` to keep the page light (0 when all are in). */
  omitted: number;
  subjects: HtmlSubject[];
  /** Subjects with findings left out of `subjects` to keep the page light. */
  subjectsOmitted: number;
  errors: Array<{ where: string; message: string }>;
}

/** An enterprise, a project (with its buildings) or a portfolio group that has findings. */
export interface HtmlSubject {
  kind: "project" | "enterprise" | "portfolio";
  id: string;
  name: string;
  /** `file · sheet · 第 N 行` of the record; "" for a portfolio group. */
  place: string;
  fail: number;
  incomplete: number;
  waived: number;
  /** The worst severity among its failures and missing values. */
  worst: Severity | null;
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
  strength: Strength;
  kind: string;
  subjectId: string;
  name: string;
  /** Its subject's index in `subjects`, or -1 when the subject is not listed. */
  subject: number;
  /** `file · sheet · 第 N 行`, or "" for a portfolio group. */
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
  /** "{n} file|{n} files": the singular for 1, else the plural (a template without | is both). */
  const plural = (template: string, n: number, values: Record<string, string | number> = {}): string => {
    const [one, many] = template.split("|");
    return fill(n === 1 || many === undefined ? one! : many, { ...values, n: fmt(n) });
  };
  /** A chart label in lines of at most `max` columns (a CJK character is two), so that no label is cut off. */
  const wrap = (text: string, max = 30): string[] => {
    const lines: string[] = [];
    let line = "";
    let width = 0;
    for (const char of text) {
      const w = char.charCodeAt(0) >= 0x2e80 ? 2 : 1;
      if (width + w > max && line !== "") {
        // Break at the last space or · of the line (never inside an English word), else at a character (Chinese).
        const space = Math.max(line.lastIndexOf(" "), line.lastIndexOf("·"));
        const cut = space > line.length / 3 ? space + 1 : line.length;
        lines.push(line.slice(0, cut).trim());
        line = line.slice(cut);
        width = [...line].reduce((sum, c) => sum + (c.charCodeAt(0) >= 0x2e80 ? 2 : 1), 0);
      }
      line += char;
      width += w;
    }
    if (line.trim() !== "") lines.push(line.trim());
    return lines;
  };
  /** An encouraged rule that is not met is advice: a muted colour, not the red of a breach. */
  const mutedFail = "#e3a778";

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
  byId("meta").append(
    h("div", {}, h("dt", {}, t.tool), h("dd", {}, `${meta.tool} ${meta.version}`)),
    h("div", {}, h("dt", {}, t.asOf), h("dd", { "data-meta": "asOf" }, meta.asOf)),
    h("div", {}, h("dt", {}, t.ruleset), h("dd", { title: meta.rulesetHash, class: "mono" }, meta.rulesetHash.replace(/^(sha256:)?(.{12}).*$/, "$1$2…"))),
    h("div", {}, h("dt", {}, t.inputs), h("dd", { "data-meta": "records", "data-records": data.summary.records }, [plural(t.filesCount, meta.inputs.length), plural(t.recordsChecked, data.summary.records), data.errors.length > 0 ? plural(t.invalidCount, data.errors.length) : ""].filter((part) => part !== "").join(" · "))),
  );

  // ---- totals
  const s = data.summary;
  const findingsTotal = s.bySeverity.error + s.bySeverity.warning + s.bySeverity.info;
  const card = (key: string, label: string, value: string, sub?: string, accent?: string): HTMLElement =>
    h("div", { class: "card", style: accent === undefined ? undefined : `--accent:${accent}` }, h("div", { class: "card-label" }, label), h("div", { class: "card-value", "data-total": key }, value), sub === undefined ? null : h("div", { class: "card-sub" }, sub));
  const main = h("div", { class: "totals-main" },
    card("records", t.records, fmt(s.records), plural(t.rulesValue, s.rules)),
    card("passRate", t.passRate, pct(data.overallPassRate), t.passRateShort, "#1d4e89"),
    card("dataMissing", t.dataMissing, fmt(s.incomplete), fill(t.dataMissingSub, { rate: pct(data.missingShare) }), colours.incomplete),
    card(
      "findings",
      t.findings,
      fmt(findingsTotal),
      [plural(t.severityError, s.bySeverity.error, { label: data.labels.severity.error }), plural(t.severityWarning, s.bySeverity.warning, { label: data.labels.severity.warning }), plural(t.severityInfo, s.bySeverity.info, { label: data.labels.severity.info })].join(" · "),
      "#b23a3a",
    ),
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
        // At the bar's end: the figure belongs to the bar, not to a marker beside it.
        ctx.textAlign = "left";
        // A white halo keeps the figure readable where it crosses a requirement marker.
        ctx.strokeStyle = "#ffffff";
        ctx.lineWidth = 3;
        ctx.strokeText(label, Math.max(x, base) + 6, y);
        ctx.fillStyle = "#394456";
        ctx.fillText(label, Math.max(x, base) + 6, y);
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
          tooltip: { callbacks: { footer: (items) => (items.length === 0 ? "" : plural(t.groupTooltip, groups[items[0]!.dataIndex]!.records, { rate: pct(groups[items[0]!.dataIndex]!.passRate) })) } },
        },
      },
    } as ChartConfiguration);
  };
  stacked("chart-districts", t.chartDistricts, data.districts, t.noDistricts, false);
  stacked("chart-types", t.chartTypes, data.enterpriseTypes, t.noTypes, true);

  // Portfolio shares: each group's share against what the rule requires.
  if (data.portfolio.length > 0) {
    const rows = data.portfolio;
    const labels = rows.map((row) => wrap(row.label, 44));
    const box = chartBox("chart-portfolio", t.chartPortfolio, data.portfolioUnknown > 0 ? plural(t.portfolioUnknown, data.portfolioUnknown) : null, Math.max(220, 80 + labels.reduce((sum, lines) => sum + Math.max(40, lines.length * 16 + 12), 0)));
    box.box.classList.add("wide");
    grid.append(box.box);
    draw(box.canvas, {
      plugins: [barLabels((index) => (rows[index]!.sharePct === null ? "" : `${rows[index]!.sharePct!.toFixed(1)}%`)) as Plugin],
      type: "bar",
      data: {
        labels,
        datasets: [
          { type: "bar", label: t.share, data: rows.map((row) => row.sharePct), backgroundColor: rows.map((row) => colours[row.outcome]), borderRadius: 2, maxBarThickness: 26, order: 2 },
          { type: "line", label: t.required, data: rows.map((row) => row.requiredPct), showLine: false, pointStyle: "line", rotation: 90, pointRadius: 12, pointBorderWidth: 3, pointHoverRadius: 12, pointHoverBorderWidth: 3, borderColor: "#1f2a3c", backgroundColor: "#1f2a3c", order: 1 },
        ],
      },
      options: {
        indexAxis: "y",
        layout: { padding: { right: 52 } },
        scales: { x: { min: 0, max: 100, ticks: { callback: (value) => `${value}%` } }, y: { grid: { display: false }, ticks: { autoSkip: false } } },
        plugins: { legend: { position: "bottom" } },
      },
    } as ChartConfiguration);
  }

  // Pass rate per rule: worst first; rules that decided nothing are left out.
  const rated = data.rules.filter((rule) => rule.passRate !== null).sort((a, b) => (a.passRate as number) - (b.passRate as number) || (a.ruleId < b.ruleId ? -1 : 1));
  if (rated.length > 0) {
    const ruleLabels = rated.map((rule) => wrap(rule.title, 40));
    const box = chartBox("chart-rules", t.chartRules, t.passRateNote, Math.max(200, 60 + ruleLabels.reduce((sum, lines) => sum + Math.max(22, lines.length * 15 + 8), 0)));
    box.box.classList.add("wide");
    grid.append(box.box);
    const decided = (c: OutcomeCounts): number => c.pass + c.fail;
    draw(box.canvas, {
      plugins: [barLabels((index) => `${pct(rated[index]!.passRate)}  (${rated[index]!.counts.pass}/${decided(rated[index]!.counts)})`) as Plugin],
      type: "bar",
      data: {
        labels: ruleLabels,
        datasets: [
          {
            label: t.passRate,
            data: rated.map((rule) => Math.round((rule.passRate as number) * 1000) / 10),
            backgroundColor: rated.map((rule) => ((rule.passRate as number) >= 0.8 ? colours.pass : rule.strength === "encouraged" ? mutedFail : (rule.passRate as number) >= 0.5 ? colours.incomplete : colours.fail)),
            borderRadius: 2,
            maxBarThickness: 16,
          },
        ],
      },
      options: {
        indexAxis: "y",
        layout: { padding: { right: 96 } },
        scales: { x: { min: 0, max: 100, ticks: { callback: (value) => `${value}%` } }, y: { grid: { display: false }, ticks: { autoSkip: false, font: { size: 11 } } } },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              title: (items) => (items.length === 0 ? "" : `${rated[items[0]!.dataIndex]!.ruleId} ${rated[items[0]!.dataIndex]!.title}`),
              label: (item) => {
                const c = rated[item.dataIndex]!.counts;
                return `${pct(rated[item.dataIndex]!.passRate)} · ${c.pass} ${data.labels.outcome.pass} · ${c.fail} ${data.labels.outcome.fail} · ${c.incomplete} ${data.labels.outcome.incomplete} · ${data.labels.strength[rated[item.dataIndex]!.strength] ?? ""}`;
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
  ruleSelect.append(h("option", { value: "" }, t.allRules), ...ruleIds.map((id) => h("option", { value: id, title: id }, rulesById.get(id)?.title ?? id)));
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
  const badge = (finding: HtmlFinding): HTMLElement =>
    h("span", { class: `badge badge-${finding.outcome}${finding.outcome === "fail" && finding.strength === "encouraged" ? " badge-advice" : ""}`, title: data.labels.strength[finding.strength] ?? "" }, data.labels.outcome[finding.outcome]);
  const ruleCell = (finding: HtmlFinding): HTMLElement[] => [h("div", { class: "strong rule-title" }, ruleOf(finding).title || finding.ruleId), h("div", { class: "muted" }, `${ruleOf(finding).clause} · ${data.labels.strength[finding.strength] ?? finding.strength}`)];
  const row = (finding: HtmlFinding): HTMLElement =>
    h(
      "tr",
      { "data-rule": finding.ruleId, "data-outcome": finding.outcome, "data-severity": finding.severity },
      h("td", { class: "nowrap" }, badge(finding), h("div", {}, h("span", { class: `sev sev-${finding.severity}` }, data.labels.severity[finding.severity]))),
      h("td", { title: finding.ruleId }, ruleCell(finding)),
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
  /** The subject whose rows are shown (from its link in the subject table), or -1 for all. */
  let subjectFilter = -1;
  const subjectChip = byId("subject-filter");
  const render = (): void => {
    const rule = ruleSelect.value;
    const outcome = outcomeSelect.value;
    const severity = severitySelect.value;
    const needle = search.value.trim().toLowerCase();
    const matching = findings.filter(
      (f) =>
        (subjectFilter === -1 || f.subject === subjectFilter) &&
        (rule === "" || f.ruleId === rule) &&
        (outcome === "" ? f.outcome !== "pass" || showPasses.checked : f.outcome === outcome) &&
        (severity === "" || f.severity === severity) &&
        (needle === "" || `${f.name} ${f.subjectId} ${f.where} ${f.message} ${f.ruleId} ${ruleOf(f).title} ${ruleOf(f).clause}`.toLowerCase().includes(needle)),
    );
    const shown = matching.slice(0, limit);
    const chosen = data.subjects[subjectFilter];
    subjectChip.hidden = chosen === undefined;
    if (chosen !== undefined) subjectChip.firstElementChild!.textContent = `${t.colSubject}: ${chosen.name} · ${chosen.id}`;
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
  subjectChip.querySelector("button")!.addEventListener("click", () => {
    subjectFilter = -1;
    reset();
  });
  search.addEventListener("input", reset);
  more.addEventListener("click", () => {
    limit += pageSize;
    render();
  });
  render();

  // ---- subjects: each enterprise, project and portfolio group with findings, worst first
  const subjectsBody = byId("subjects-body");
  const subjectsMore = byId("subjects-more") as HTMLButtonElement;
  byId("subjects-note").textContent = plural(t.subjectsNote, data.subjects.length) + (data.subjectsOmitted > 0 ? ` ${plural(t.subjectsOmitted, data.subjectsOmitted)}` : "");
  let subjectsShown = 0;
  const showSubject = (index: number): void => {
    ruleSelect.value = "";
    outcomeSelect.value = "";
    severitySelect.value = "";
    search.value = "";
    subjectFilter = index;
    reset();
    byId("findings").scrollIntoView();
  };
  const subjectRow = (subject: HtmlSubject, index: number): HTMLElement => {
    const link = h("a", { href: "#findings", class: "show-rows", "data-subject": subject.id }, t.showRows);
    link.addEventListener("click", (event) => {
      event.preventDefault();
      showSubject(index);
    });
    return h(
      "tr",
      { "data-subject": subject.id },
      h("td", { class: "subject" }, h("div", { class: "strong" }, subject.name), h("div", { class: "muted mono" }, `${data.labels.subject[subject.kind] ?? subject.kind} ${subject.id}`)),
      h("td", { class: "where" }, subject.place),
      h("td", { class: `num${subject.fail === 0 ? " zero" : ""}`, "data-count": "fail" }, fmt(subject.fail)),
      h("td", { class: `num${subject.incomplete === 0 ? " zero" : ""}`, "data-count": "incomplete" }, fmt(subject.incomplete)),
      h("td", { class: `num${subject.waived === 0 ? " zero" : ""}`, "data-count": "waived" }, fmt(subject.waived)),
      h("td", { class: "nowrap" }, subject.worst === null ? "–" : h("span", { class: `sev sev-${subject.worst}` }, data.labels.severity[subject.worst])),
      h("td", { class: "nowrap" }, link),
    );
  };
  const moreSubjects = (): void => {
    const next = data.subjects.slice(subjectsShown, subjectsShown + 100);
    subjectsBody.append(...next.map((subject, offset) => subjectRow(subject, subjectsShown + offset)));
    subjectsShown += next.length;
    subjectsMore.hidden = subjectsShown >= data.subjects.length;
    subjectsMore.textContent = fill(t.showMore, { n: fmt(Math.min(100, data.subjects.length - subjectsShown)) });
  };
  subjectsMore.addEventListener("click", moreSubjects);
  moreSubjects();

  // ---- every finding for print, grouped by subject (the screen shows 200 at a time)
  const printed = findings.filter((finding) => finding.outcome === "fail" || finding.outcome === "incomplete" || finding.outcome === "waived");
  const bySubject = new Map<number, HtmlFinding[]>();
  for (const finding of printed) {
    const list = bySubject.get(finding.subject);
    if (list === undefined) bySubject.set(finding.subject, [finding]);
    else list.push(finding);
  }
  const printList = byId("print-list");
  byId("print-note").textContent = fill(t.printNote, { n: fmt(printed.length) });
  const order = [...bySubject.keys()].sort((a, b) => (a === -1 ? 1 : b === -1 ? -1 : a - b));
  for (const index of order) {
    const subject = data.subjects[index];
    const rows = bySubject.get(index)!;
    const title = subject === undefined ? rows[0]!.name : `${subject.name} · ${data.labels.subject[subject.kind] ?? subject.kind} ${subject.id}${subject.place === "" ? "" : ` · ${subject.place}`}`;
    printList.append(
      h(
        "section",
        { class: "print-subject" },
        h("h3", {}, title),
        rows.map((finding) =>
          h(
            "div",
            { class: "print-finding", "data-outcome": finding.outcome },
            h("div", { class: "print-head" }, badge(finding), " ", h("span", { class: `sev sev-${finding.severity}` }, data.labels.severity[finding.severity]), " ", h("strong", {}, ruleOf(finding).title || finding.ruleId), ` · ${ruleOf(finding).clause}`, finding.name === subject?.name ? "" : ` · ${finding.name}`),
            h("div", {}, finding.message),
            finding.measure === null ? null : h("div", { class: "muted" }, finding.measure),
            finding.note === null ? null : h("div", { class: "muted" }, finding.note),
            finding.where === "" || finding.where === subject?.place ? null : h("div", { class: "where" }, finding.where),
          ),
        ),
      ),
    );
  }

  // ---- input errors
  if (data.errors.length > 0) {
    byId("errors").hidden = false;
    byId("errors-body").append(...data.errors.map((error) => h("tr", {}, h("td", { class: "mono where" }, error.where), h("td", {}, error.message))));
  }

  // ---- inputs
  byId("inputs-body").append(...meta.inputs.map((input) => h("tr", {}, h("td", { class: "mono" }, input.file), h("td", { class: "num", "data-input-records": input.records }, fmt(input.records)), h("td", { class: "mono muted", title: input.sha256 }, input.sha256.slice(0, 16) + (input.sha256.length > 16 ? "…" : "")), h("td", {}, ...input.readAs.map((line) => h("div", {}, line))))));

  // Charts drawn for the screen are redrawn at the paper's width when printing.
  const resizeAll = (): void => {
    for (const chart of charts) chart.resize();
  };
  addEventListener("beforeprint", resizeAll);
  addEventListener("afterprint", resizeAll);
  doc.documentElement.dataset.rendered = "true";
}
