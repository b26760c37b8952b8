import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { escapeScript, jsonForScript } from "../src/report/html.js";
import type { Report, Result } from "../src/model/report.js";
import { creditCode, repoRoot, szcheck } from "./helpers.js";

/**
 * The HTML report, opened as a client would open it: in headless Chromium (Debian's, driven by
 * playwright-core), from a file, with every network request refused. Checks that it renders its
 * charts, that its figures are those of the JSON report, that the findings filter, and that it
 * speaks both languages.
 */

/** Debian's Chromium; CHROMIUM_PATH points elsewhere (another system's Chromium or Chrome). */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const CHARTS = ["chart-outcomes", "chart-districts", "chart-types", "chart-portfolio", "chart-rules"];
const artifacts = join(repoRoot, "test", "artifacts");
const readme = join(repoRoot, "docs", "images", "html-report-en.png");
const shown = (result: Result): boolean => result.outcome !== "not-applicable" && result.outcome !== "pass";

let browser: Browser | undefined;
const dir = mkdtempSync(join(tmpdir(), "szcheck-html-"));

/** Writes the HTML and the JSON report of the demo data in one language. */
function generate(lang: "en" | "zh", paths = ["fixtures/demo"]): { html: string; report: Report } {
  const html = join(dir, `audit-${lang}-${paths.length}.html`);
  const json = join(dir, `report-${lang}-${paths.length}.json`);
  const run = szcheck(["check", ...paths, "--as-of", "2024-06-30", "--lang", lang, "--format", `html=${html}`, "--format", `json=${json}`, "--results", "all"]);
  // Every report went to a file: standard error says where, and gives the summary line (nothing else).
  expect(run.stderr).toMatch(/^szcheck: wrote \S+\.html \([\d.]+ [KM]?B\), \S+\.json \([\d.]+ [KM]?B\)\n[^\n]+\n$/);
  expect(run.code).toBe(1); // the demo data fails on purpose
  return { html, report: JSON.parse(readFileSync(json, "utf8")) as Report };
}

interface Opened {
  page: Page;
  /** Requests the page's Content-Security-Policy refused. */
  refused: () => Promise<string[]>;
  blocked: string[];
  requests: string[];
  errors: string[];
  close: () => Promise<void>;
}

/** Opens a report file with the network cut off: any request that is not file:// is aborted and recorded. */
async function open(file: string): Promise<Opened> {
  if (browser === undefined) throw new Error(MISSING);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
  const blocked: string[] = [];
  const requests: string[] = [];
  const errors: string[] = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:")) return route.continue();
    blocked.push(url);
    return route.abort();
  });
  // The page's Content-Security-Policy refuses requests before they reach the network: record those refusals too.
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __refused: string[] }).__refused = seen;
    document.addEventListener("securitypolicyviolation", (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  const page = await context.newPage();
  page.on("request", (request) => requests.push(request.url()));
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector("html[data-rendered=true]", { timeout: 15_000 });
  const refused = (): Promise<string[]> => page.evaluate(() => (window as unknown as { __refused: string[] }).__refused);
  return { page, refused, blocked, requests, errors, close: () => context.close() };
}

const number = (text: string | null): number => Number((text ?? "").replace(/,/g, ""));

const MISSING = `${CHROMIUM} is missing: the HTML report test needs Debian's Chromium. Install it with \`apt-get install -y --no-install-recommends chromium\` (.ci/run does).`;

beforeAll(async () => {
  // Without Chromium every test here fails with MISSING (none is skipped).
  if (existsSync(CHROMIUM)) browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}, 60_000);

it("finds Chromium", () => {
  expect(existsSync(CHROMIUM), MISSING).toBe(true);
});

afterAll(async () => {
  await browser?.close();
});

describe.each(["en", "zh"] as const)("the HTML report in %s", (lang) => {
  let opened: Opened;
  let report: Report;

  beforeAll(async () => {
    const generated = generate(lang);
    report = generated.report;
    opened = await open(generated.html);
  }, 60_000);

  afterAll(async () => {
    await opened?.close();
  });

  it("opens offline: no request but the file itself, no script error", async () => {
    expect(opened.blocked).toEqual([]);
    expect(await opened.refused()).toEqual([]);
    expect(opened.requests.every((url) => url.startsWith("file:"))).toBe(true);
    expect(opened.errors).toEqual([]);
  });

  it("speaks the report's language", async () => {
    const { page } = opened;
    expect(await page.getAttribute("html", "lang")).toBe(lang === "zh" ? "zh-CN" : "en");
    expect(await page.textContent("h1")).toBe(lang === "zh" ? "合规审查报告" : "Compliance audit report");
    const labels = await page.evaluate(() => (window as unknown as { Chart: { getChart: (id: string) => { data: { labels: string[] } } } }).Chart.getChart("chart-districts").data.labels);
    expect(labels).toContain(lang === "zh" ? "南山" : "Nanshan");
    expect(await page.textContent('#findings-body tr[data-outcome="fail"] .badge')).toBe(lang === "zh" ? "不符合" : "failed");
    expect(await page.textContent('[data-meta="asOf"]')).toBe("2024-06-30");
  });

  it("draws every chart: a Chart.js instance on each canvas, with pixels on it", async () => {
    const charts = await opened.page.evaluate(() => {
      const chartJs = (window as unknown as { Chart: { getChart: (canvas: HTMLCanvasElement) => unknown } }).Chart;
      return [...document.querySelectorAll("canvas")].map((canvas) => {
        const { data } = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height);
        let painted = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
        return { id: canvas.id, chart: chartJs.getChart(canvas) !== undefined, painted, pixels: canvas.width * canvas.height, height: canvas.getBoundingClientRect().height };
      });
    });
    expect(charts.map((chart) => chart.id).sort()).toEqual([...CHARTS].sort());
    for (const chart of charts) {
      expect(chart.chart, chart.id).toBe(true);
      expect(chart.height, chart.id).toBeGreaterThan(150);
      expect(chart.painted / chart.pixels, chart.id).toBeGreaterThan(0.01);
    }
    // Responsive charts settle: their size does not creep.
    await opened.page.waitForTimeout(300);
    const later = await opened.page.evaluate(() => [...document.querySelectorAll("canvas")].map((canvas) => canvas.getBoundingClientRect().height));
    expect(later).toEqual(charts.map((chart) => chart.height));
  });

  it("shows the totals of the JSON report", async () => {
    const s = report.summary;
    const cards = await opened.page.$$eval("[data-total]", (nodes) => Object.fromEntries(nodes.map((node) => [(node as HTMLElement).dataset.total, node.textContent])));
    expect(number(cards.records!)).toBe(s.records);
    for (const key of ["pass", "fail", "incomplete", "notApplicable", "waived", "computed"] as const) expect(number(cards[key]!), key).toBe(s[key]);
    expect(number(cards.findings!)).toBe(s.bySeverity.error + s.bySeverity.warning + s.bySeverity.info);
    // The headline rate is over decided results; missing data is a figure of its own.
    const rate = ((100 * s.pass) / (s.pass + s.fail)).toFixed(1);
    expect(cards.passRate).toBe(`${rate}%`);
    expect(number(cards.dataMissing!)).toBe(s.incomplete);
  });

  it("gives one record count everywhere, with plurals", async () => {
    const { page } = opened;
    const header = await page.getAttribute('[data-meta="records"]', "data-records");
    const card = await page.textContent('[data-total="records"]');
    expect(Number(header)).toBe(report.summary.records);
    expect(number(card)).toBe(report.summary.records);
    const text = await page.textContent('[data-meta="records"]');
    expect(text).toContain(lang === "zh" ? `已检查 ${report.summary.records} 条记录` : `${report.summary.records} records checked`);
    if (lang === "en") {
      expect(text).toContain(`${report.inputs.length} files`);
      const body = await page.textContent("main");
      expect(body).not.toMatch(/\b1 (files|records|rules|errors|warnings)\b/);
    }
  });

  it("names rules by title (id on hover), fields by name, and places as file · sheet · row", async () => {
    const { page } = opened;
    const rows = await page.$$eval("#findings-body tr[data-rule]", (trs) =>
      trs.map((tr) => ({ rule: (tr as HTMLElement).dataset.rule!, hover: tr.children[1]!.getAttribute("title"), title: tr.querySelector(".rule-title")?.textContent, where: tr.querySelector("[data-where]")?.textContent ?? "", message: tr.children[3]!.textContent ?? "" })),
    );
    const titles = new Map(report.results.length === 0 ? [] : await page.$$eval("#rules-table tbody tr", (trs) => trs.map((tr) => [(tr as HTMLElement).dataset.rule!, tr.querySelector(".muted")!.textContent!] as [string, string])));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.hover).toBe(row.rule);
      expect(row.title).toBe(titles.get(row.rule));
      if (row.where !== "") expect(row.where).toMatch(lang === "zh" ? /^\S+ · (.+ · )?第 \d+ 行$/ : /^\S+ · (.+ · )?(line|row) \d+$/);
      // No dotted field path in a message (缺少 building.energyLabel), no parameter name in a note.
      expect(row.message).not.toMatch(/(缺少|missing) [a-z]+\.[a-zA-Z]/);
      expect(row.message).not.toMatch(/(依据假设：|assumption: )[a-z]+[A-Z]\w*\b/);
    }
  });

  it("has no group titled \"?\", and no chart label cut off", async () => {
    const { page } = opened;
    const labels = await page.evaluate(() => {
      const chartJs = (window as unknown as { Chart: { getChart: (canvas: HTMLCanvasElement) => { scales: Record<string, { left: number; width: number; axis: string; ticks: Array<{ label: string | string[] }>; _resolveTickFontOptions?: unknown; options: { ticks: { font: unknown } } }>; ctx: CanvasRenderingContext2D } } }).Chart;
      const found: Array<{ chart: string; label: string; width: number; room: number; left: number }> = [];
      const skipped: string[] = [];
      for (const canvas of document.querySelectorAll("canvas")) {
        const chart = chartJs.getChart(canvas);
        for (const scale of Object.values(chart.scales)) {
          if (scale.axis !== "y") continue;
          // A category axis shows every label: none skipped for want of room.
          const categories = (chart as unknown as { data: { labels?: unknown[] } }).data.labels;
          if ((scale as unknown as { type: string }).type === "category" && categories !== undefined && scale.ticks.length !== categories.length) skipped.push(canvas.id);
          const font = (scale as unknown as { _resolveTickFontOptions: (index: number) => { string: string } })._resolveTickFontOptions(0).string;
          chart.ctx.save();
          chart.ctx.font = font;
          for (const tick of scale.ticks) {
            for (const line of Array.isArray(tick.label) ? tick.label : [tick.label]) found.push({ chart: canvas.id, label: String(line), width: chart.ctx.measureText(String(line)).width, room: scale.width, left: scale.left });
          }
          chart.ctx.restore();
        }
      }
      return { found, skipped };
    });
    expect(labels.skipped).toEqual([]);
    expect(labels.found.length).toBeGreaterThan(0);
    for (const label of labels.found) {
      expect(label.label, label.chart).not.toMatch(/(^|· )\?$/);
      expect(label.left, label.chart).toBeGreaterThanOrEqual(0);
      expect(label.width, `${label.chart}: "${label.label}"`).toBeLessThanOrEqual(label.room);
    }
    const names = await page.$$eval("#subjects-body tr .strong, #findings-body tr .subject .strong", (nodes) => nodes.map((node) => node.textContent ?? ""));
    for (const name of names) expect(name).not.toMatch(/(^|· )\?$/);
  });

  it("draws every CJK character of the page with its embedded font: nothing is left to a system font", async () => {
    const { page } = opened;
    const coverage = await page.evaluate(async () => {
      await document.fonts.ready;
      const faces = [...document.fonts].filter((face) => face.family.replace(/"/g, "") === "szcheck Noto Sans SC");
      const ranges = faces.flatMap((face) =>
        face.unicodeRange.split(",").map((part) => {
          const [from, to] = part.trim().replace(/^U\+/i, "").split("-");
          return [parseInt(from!, 16), parseInt(to ?? from!, 16)] as const;
        }),
      );
      const text = document.body.innerText;
      const uncovered = [...new Set([...text].filter((char) => char.codePointAt(0)! >= 0x2e80))].filter((char) => !ranges.some(([from, to]) => char.codePointAt(0)! >= from && char.codePointAt(0)! <= to));
      return { faces: faces.length, loaded: faces.every((face) => face.status === "loaded"), uncovered, cjk: [...text].filter((char) => char.codePointAt(0)! >= 0x2e80).length };
    });
    expect(coverage.cjk).toBeGreaterThan(0);
    expect(coverage.faces).toBeGreaterThan(0);
    expect(coverage.loaded).toBe(true);
    expect(coverage.uncovered).toEqual([]);
  });

  it("shows each rule's counts of the JSON report", async () => {
    const table = await opened.page.$$eval("#rules-table tbody tr", (rows) =>
      rows.map((row) => ({ rule: (row as HTMLElement).dataset.rule!, counts: Object.fromEntries([...row.querySelectorAll("[data-count]")].map((cell) => [(cell as HTMLElement).dataset.count, Number(cell.textContent!.replace(/,/g, ""))])) })),
    );
    const ruleIds = [...new Set([...report.results].map((result) => result.ruleId))].sort();
    const titleOf = await opened.page.$$eval("#rules-table tbody tr", (rows) => Object.fromEntries(rows.map((row) => [(row as HTMLElement).dataset.rule!, row.querySelector(".muted")!.textContent!])));
    expect(table.map((row) => row.rule)).toEqual(ruleIds);
    for (const row of table) {
      const mine = [...report.results].filter((result) => result.ruleId === row.rule);
      for (const outcome of ["pass", "fail", "incomplete", "not-applicable", "waived", "computed"] as const) {
        expect(row.counts[outcome], `${row.rule} ${outcome}`).toBe(mine.filter((result) => result.outcome === outcome).length);
      }
    }
    const bars = await opened.page.evaluate(() => {
      const chart = (window as unknown as { Chart: { getChart: (id: string) => { data: { labels: string[][]; datasets: Array<{ data: number[] }> } } } }).Chart.getChart("chart-rules");
      return chart.data.labels.map((label, index) => [label.join(""), chart.data.datasets[0]!.data[index]] as const);
    });
    expect(bars.length).toBeGreaterThan(0);
    for (const [title, value] of bars) {
      const rule = Object.keys(titleOf).find((id) => titleOf[id]!.replace(/\s/g, "") === title.replace(/\s/g, ""))!;
      expect(rule, title).toBeDefined();
      const mine = [...report.results].filter((result) => result.ruleId === rule);
      const pass = mine.filter((result) => result.outcome === "pass").length;
      const decided = mine.filter((result) => ["pass", "fail"].includes(result.outcome)).length;
      expect(value, rule).toBe(Math.round((1000 * pass) / decided) / 10);
    }
  });

  it("filters the findings by rule, outcome, severity and text", async () => {
    const { page } = opened;
    const visible = async (): Promise<Array<{ rule: string; outcome: string; severity: string; text: string }>> =>
      page.$$eval("#findings-body tr[data-rule]", (rows) => rows.map((row) => ({ rule: (row as HTMLElement).dataset.rule!, outcome: (row as HTMLElement).dataset.outcome!, severity: (row as HTMLElement).dataset.severity!, text: row.textContent ?? "" })));
    const total = async (): Promise<number> => Number(await page.getAttribute("#findings-count", "data-total"));
    const set = async (rule: string, outcome: string, severity: string, text = ""): Promise<void> => {
      await page.selectOption("#filter-rule", rule);
      await page.selectOption("#filter-outcome", outcome);
      await page.selectOption("#filter-severity", severity);
      await page.fill("#filter-text", text);
    };
    const expected = (keep: (result: Result) => boolean): Result[] => [...report.results].filter(keep);

    // Without filters: everything but passes and not-applicable.
    await set("", "", "");
    let rows = await visible();
    expect(rows).toHaveLength(expected(shown).length);
    expect(await total()).toBe(expected(shown).length);

    await set("bim-required", "", "");
    rows = await visible();
    expect(rows.length).toBe(expected((r) => shown(r) && r.ruleId === "bim-required").length);
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((row) => row.rule))).toEqual(new Set(["bim-required"]));

    await set("", "fail", "");
    rows = await visible();
    expect(rows.length).toBe(report.summary.fail);
    expect(new Set(rows.map((row) => row.outcome))).toEqual(new Set(["fail"]));

    await set("", "", "error");
    rows = await visible();
    expect(rows.length).toBe(expected((r) => shown(r) && r.severity === "error").length);
    expect(new Set(rows.map((row) => row.severity))).toEqual(new Set(["error"]));

    await set("prefab-required", "fail", "error");
    rows = await visible();
    expect(rows.length).toBe(expected((r) => r.ruleId === "prefab-required" && r.outcome === "fail" && r.severity === "error").length);
    expect(rows.length).toBeGreaterThan(0);

    await set("", "", "", "2023-440307-70-01-200457");
    rows = await visible();
    expect(rows.length).toBe(expected((r) => shown(r) && r.subject.id.startsWith("2023-440307-70-01-200457")).length);
    expect(rows.every((row) => row.text.includes("2023-440307-70-01-200457"))).toBe(true);

    await set("rd-intensity", "pass", "info", "no such text anywhere");
    expect(await visible()).toHaveLength(0);
    expect(await page.locator("#findings-body .empty-row").count()).toBe(1);

    // Passes: behind the toggle, or asked for by outcome; pages of 200 rows.
    await set("", "pass", "");
    expect(await total()).toBe(report.summary.pass);
    await set("", "", "");
    await page.check("#filter-passes");
    const withPasses = expected((r) => r.outcome !== "not-applicable").length;
    expect(await total()).toBe(withPasses);
    expect((await visible()).length).toBe(Math.min(200, withPasses));
    if (withPasses > 200) {
      await page.click("#findings-more");
      expect((await visible()).length).toBe(Math.min(400, withPasses));
    }
    await page.uncheck("#filter-passes");
    expect(await total()).toBe(expected(shown).length);
  });

  it("takes a screenshot (test/artifacts/, and docs/images/ the first time)", async () => {
    const { page } = opened;
    mkdirSync(artifacts, { recursive: true });
    await page.evaluate(() => window.scrollTo(0, 0));
    const full = join(artifacts, `html-report-${lang}.png`);
    await page.screenshot({ path: full, fullPage: true });
    const top = join(artifacts, `html-report-${lang}-top.png`);
    await page.screenshot({ path: top, clip: { x: 0, y: 0, width: 1280, height: 1500 }, fullPage: true });
    expect(readFileSync(top).subarray(1, 4).toString()).toBe("PNG");
    if (lang === "en" && !existsSync(readme)) {
      mkdirSync(join(repoRoot, "docs", "images"), { recursive: true });
      copyFileSync(top, readme);
    }
  });
});

describe("the HTML file", () => {
  it("is the same bytes for the same inputs", () => {
    const first = readFileSync(generate("en").html);
    const second = readFileSync(generate("en").html);
    expect(first.equals(second)).toBe(true);
    expect(first.toString()).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
  });

  it("keeps a record's text as text: a name that closes the script runs nothing", async () => {
    const name = '</script><script>window.__pwned = 1</script><!-- <img src="https://example.invalid/x.png">';
    const records = join(dir, "hostile");
    mkdirSync(records, { recursive: true });
    writeFileSync(join(records, "p.json"), JSON.stringify({ kind: "project", projectCode: "P-1", name, district: "福田" }));
    const html = join(dir, "hostile.html");
    const run = szcheck(["check", records, "--as-of", "2024-06-30", "--lang", "en", "--format", `html=${html}`, "--fail-on", "none"]);
    expect(run.code).toBe(0);
    const text = readFileSync(html, "utf8");
    expect(text.match(/<\/script>/g)).toHaveLength(3); // the data, Chart.js and the renderer
    const opened = await open(html);
    try {
      expect(await opened.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(opened.blocked).toEqual([]);
      expect(await opened.refused()).toEqual([]);
      expect(opened.errors).toEqual([]);
      expect(await opened.page.locator("#findings-body tr[data-rule]").first().textContent()).toContain(name);
    } finally {
      await opened.close();
    }
  }, 60_000);

  it("would catch a request: the network guard itself works", async () => {
    const page = join(dir, "leaky.html");
    writeFileSync(page, '<!DOCTYPE html><html data-rendered="true"><body><img src="https://example.invalid/a.png"><script>fetch("https://example.invalid/b").catch(() => {})</script></body></html>');
    const opened = await open(page);
    try {
      await opened.page.waitForTimeout(200);
      expect(opened.blocked.sort()).toEqual(["https://example.invalid/a.png", "https://example.invalid/b"]);
    } finally {
      await opened.close();
    }
    const strict = join(dir, "leaky-csp.html");
    writeFileSync(strict, readFileSync(page, "utf8").replace("<body>", `<head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'"></head><body>`));
    const guarded = await open(strict);
    try {
      await guarded.page.waitForTimeout(200);
      expect(guarded.blocked).toEqual([]);
      expect((await guarded.refused()).length).toBe(2);
    } finally {
      await guarded.close();
    }
  }, 60_000);

  it("escapes what could end a script early", () => {
    expect(jsonForScript({ a: "</script><!-- & \u2028" })).toBe('{"a":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028"}');
    expect(escapeScript('x = "</SCRIPT>"; y = /<!--/;')).toBe('x = "<\\/SCRIPT>"; y = /\\x3C!--/;');
  });
});

describe("on a machine without any CJK font", () => {
  it("draws the Chinese text with the embedded font, not boxes", async () => {
    // A fontconfig with only the machine's fonts that have no Chinese glyphs: a desktop without CJK fonts.
    const list = (query: string[]): string[] => execFileSync("fc-list", [...query, "--format", "%{file}\n"], { encoding: "utf8" }).split("\n").filter((line) => line !== "");
    const chinese = new Set(list([":lang=zh"]).map((file) => dirname(file)));
    const dirs = [...new Set(list([]).map((file) => dirname(file)))].filter((folder) => !chinese.has(folder));
    const config = join(dir, "no-cjk.conf");
    writeFileSync(config, `<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>${dirs.map((folder) => `<dir>${folder}</dir>`).join("")}<cachedir>${join(dir, "fc-cache")}</cachedir></fontconfig>`);
    const bare = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS, env: { ...process.env, FONTCONFIG_FILE: config } });
    try {
      const page = await bare.newPage();
      const { html } = generate("zh");
      await page.goto(pathToFileURL(html).href);
      await page.waitForSelector("html[data-rendered=true]", { timeout: 15_000 });
      const drawn = await page.evaluate(() => {
        const text = document.querySelector("h1")!.textContent!;
        const pixels = (family: string): number[] => {
          const canvas = document.createElement("canvas");
          canvas.width = 400;
          canvas.height = 60;
          const ctx = canvas.getContext("2d")!;
          ctx.font = `40px ${family}`;
          ctx.fillText(text, 0, 45);
          return [...ctx.getImageData(0, 0, 400, 60).data.filter((_, index) => index % 4 === 3)];
        };
        const page = pixels(getComputedStyle(document.body).fontFamily);
        const system = pixels("sans-serif");
        return { differ: page.some((value, index) => value !== system[index]), inked: page.filter((value) => value > 0).length };
      });
      expect(drawn.inked).toBeGreaterThan(500);
      // Without a CJK font, sans-serif draws the missing-glyph box for every character: the page's font must not.
      expect(drawn.differ).toBe(true);
    } finally {
      await bare.close();
    }
  }, 60_000);
});

describe("a batch with more findings than the screen shows", () => {
  let opened: Opened;
  let report: Report;

  beforeAll(async () => {
    // 120 enterprises that each fail and miss several rules, and a few projects without an approval date.
    const lines = Array.from({ length: 120 }, (_, i) =>
      JSON.stringify({ kind: "enterprise", creditCode: creditCode(i), name: `深圳市第${i + 1}号建筑工程有限公司`, type: "construction", techLeader: true, fiscalYear: 2023, employees: 60 + i, revenueCny: 100_000_000, rdExpenseCny: 1_000_000, safety: { safetyDirector: false } }),
    );
    const projects = Array.from({ length: 3 }, (_, i) => JSON.stringify({ kind: "project", projectCode: `P-${i + 1}`, name: `无立项日期项目${i + 1}`, funding: "government", district: "futian", delivery: { model: "dbb" } }));
    const records = join(dir, "many");
    mkdirSync(records, { recursive: true });
    writeFileSync(join(records, "enterprises.ndjson"), lines.join("\n"));
    writeFileSync(join(records, "projects.ndjson"), projects.join("\n"));
    const html = join(dir, "many.html");
    const json = join(dir, "many.json");
    const run = szcheck(["check", records, "--as-of", "2024-06-30", "--lang", "zh", "--format", `html=${html}`, "--format", `json=${json}`]);
    expect(run.code).toBe(1);
    report = JSON.parse(readFileSync(json, "utf8")) as Report;
    opened = await open(html);
  }, 60_000);

  afterAll(async () => {
    await opened?.close();
  });

  it("lists each enterprise with its findings and worst severity, and links to its rows", async () => {
    const { page } = opened;
    const withFindings = new Set([...report.results].filter((r) => ["fail", "incomplete", "waived"].includes(r.outcome)).map((r) => (r.subject.kind === "portfolio" ? r.subject.id : r.subject.id.split("/")[0])));
    expect(await page.textContent("#subjects-note")).toContain(`共 ${withFindings.size} 个`);
    const first = page.locator("#subjects-body tr").first();
    const id = (await first.getAttribute("data-subject"))!;
    const fails = [...report.results].filter((r) => r.subject.id === id && r.outcome === "fail").length;
    expect(Number(await first.locator('[data-count="fail"]').textContent())).toBe(fails);
    await first.locator("a.show-rows").click();
    const rows = await page.$$eval("#findings-body tr[data-rule]", (trs) => trs.map((tr) => tr.textContent ?? ""));
    expect(rows.length).toBe([...report.results].filter((r) => r.subject.id === id && r.outcome !== "pass" && r.outcome !== "not-applicable").length);
    expect(rows.every((text) => text.includes(id))).toBe(true);
    expect(await page.isVisible("#subject-filter")).toBe(true);
    await page.click("#subject-filter button");
    expect(await page.locator("#findings-body tr[data-rule]").count()).toBe(200);
  });

  it("names the group of members without a known key, never \"?\"", async () => {
    // The engine's group of members whose key is unknown ("?"), as a portfolio rule gives it.
    const { pageFindings } = await import("../src/report/html.js");
    const unknown: Result = {
      ruleId: "epc-annual-share",
      subject: { kind: "portfolio", id: "epc-annual-share/?", name: "?", file: "", pointer: "" },
      outcome: "incomplete",
      severity: "warning",
      strength: "in-principle",
      clause: "五（十二）",
      message: "数据不全，无法判断",
      values: {},
      missing: ["P-1: approval.date"],
      measure: null,
      outputs: { key: "?", count: 0 },
      assumptions: [],
      waiver: null,
      location: null,
    } as unknown as Result;
    const page = pageFindings([unknown], "zh", 10, 10, new Map([["epc-annual-share", "工程总承包年度占比"]]));
    expect(page.subjects.map((subject) => subject.name)).toEqual(["工程总承包年度占比 · 无法分组（分组所需数据不全）"]);
    expect(page.findings.map((finding) => finding.name)).toEqual(["无法分组（分组所需数据不全）"]);
    expect(page.findings[0]!.message).toContain("数据不全");
    const names = await opened.page.$$eval("#subjects-body tr .strong", (nodes) => nodes.map((node) => node.textContent ?? ""));
    for (const name of names) expect(name).not.toMatch(/(^|· )\?$/);
  });

  it("prints every finding, grouped by subject, not the 200 rows on screen", async () => {
    const { page } = opened;
    const findings = report.summary.fail + report.summary.incomplete + report.summary.waived;
    expect(findings).toBeGreaterThan(300);
    expect(await page.locator("#findings-body tr[data-rule]").count()).toBe(200);
    await page.emulateMedia({ media: "print" });
    try {
      const printed = await page.$$eval("#print-list .print-finding", (nodes) => nodes.map((node) => (node as HTMLElement).getBoundingClientRect().height));
      expect(printed).toHaveLength(findings);
      expect(printed.every((height) => height > 0)).toBe(true);
      expect(await page.locator("#findings").isVisible()).toBe(false);
      expect(await page.locator("#print-list .print-subject").count()).toBeGreaterThan(120);
      const pdf = await page.pdf({ format: "A4" });
      const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page\b/g) ?? []).length;
      // A finding takes at least two lines: 60 of them never fit on one A4 page.
      expect(pages).toBeGreaterThanOrEqual(Math.ceil(findings / 60));
    } finally {
      await page.emulateMedia({ media: "screen" });
    }
  }, 120_000);
});


describe("the findings table of a very large batch", () => {
  it("keeps the first rows, failures first, and says how many it left out", async () => {
    const { check } = await import("../src/check.js");
    const { pageFindings, htmlData } = await import("../src/report/html.js");
    process.chdir(repoRoot);
    const run = await check({ listing: "all", paths: ["fixtures/demo"], asOf: "2024-06-30", lang: "en", locations: false });
    const rows = [...run.report.results].filter((result) => result.outcome !== "not-applicable");
    expect(htmlData(run).omitted).toBe(0);
    expect(htmlData(run).findings).toHaveLength(rows.length);
    const fails = rows.filter((result) => result.outcome === "fail");
    const page = pageFindings(run.report.results, "en", 5);
    expect(page.omitted).toBe(rows.length - 5);
    expect(page.findings.map((row) => row.outcome)).toEqual(Array(5).fill("fail"));
    const firstErrors = fails.filter((result) => result.severity === "error").slice(0, 5);
    expect(page.findings.map((row) => `${row.ruleId} ${row.subjectId}`)).toEqual(firstErrors.map((result) => `${result.ruleId} ${result.subject.id}`));
  });
});
