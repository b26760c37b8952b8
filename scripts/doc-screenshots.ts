// Takes the screenshots in docs/images/ of the HTML and xlsx reports of the demo data:
//
//   npx tsx scripts/doc-screenshots.ts --cjk-font-dir /path/to/a/folder/with/a/CJK/font
//
// The HTML report in Debian's Chromium (playwright-core, as test/html-report.test.ts drives it),
// in Chinese and English, on a machine without any CJK font and on one with a CJK font installed
// (each a fontconfig configuration of its own, so the machine's fonts do not matter), and, for
// comparison, the page without its embedded font on the machine without CJK fonts. The xlsx report
// opened in LibreOffice Calc (headless: each sheet printed to PDF, with grid lines and headers, and
// the first page made a PNG with pdftoppm from poppler-utils). LibreOffice draws with the system's
// fonts, so the xlsx screenshots need the CJK font folder.
//
// Needs: npm run build first; /usr/bin/chromium, soffice (libreoffice-calc-nogui), pdftoppm
// (poppler-utils); for --cjk-font-dir e.g. `apt-get download fonts-wqy-microhei && dpkg -x
// fonts-wqy-microhei_*.deb wqy` then `--cjk-font-dir wqy/usr/share/fonts`.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import { chromium } from "playwright-core";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const images = join(root, "docs", "images");
const work = mkdtempSync(join(tmpdir(), "szcheck-shots-"));
const flag = process.argv.indexOf("--cjk-font-dir");
const cjkDir = flag === -1 ? undefined : resolve(process.argv[flag + 1] ?? "");
mkdirSync(images, { recursive: true });

function szcheck(...args: string[]): void {
  try {
    execFileSync(process.execPath, [join(root, "bin", "szcheck.js"), "check", "fixtures/demo", "--as-of", "2024-06-30", ...args], { cwd: root, stdio: "pipe" });
  } catch (error) {
    // Exit 1: the demo data has findings on purpose.
    if ((error as { status?: number }).status !== 1) throw error;
  }
}

/** A fontconfig file with the machine's fonts that have no Chinese glyphs, and the given extra folder. */
function fontConfig(name: string, extra: string | undefined): string {
  const list = (query: string[]): string[] => execFileSync("fc-list", [...query, "--format", "%{file}\n"], { encoding: "utf8" }).split("\n").filter((line) => line !== "");
  const chinese = new Set(list([":lang=zh"]).map((file) => dirname(file)));
  const dirs = [...new Set(list([]).map((file) => dirname(file)))].filter((dir) => !chinese.has(dir));
  const file = join(work, `${name}.conf`);
  const entries = [...dirs, ...(extra === undefined ? [] : [extra])].map((dir) => `<dir>${dir}</dir>`).join("");
  writeFileSync(file, `<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>${entries}<cachedir>${join(work, `cache-${name}`)}</cachedir></fontconfig>`);
  return file;
}

async function screenshot(html: string, out: string, fonts: string, height = 1500): Promise<void> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"], env: { ...process.env, FONTCONFIG_FILE: fonts } });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`file://${html}`);
    await page.waitForSelector("html[data-rendered=true]");
    await page.screenshot({ path: out, clip: { x: 0, y: 0, width: 1280, height }, fullPage: true });
  } finally {
    await browser.close();
  }
  console.log(`wrote ${out}`);
}

/** One sheet of a workbook as LibreOffice prints it, as a PNG of its first page. */
async function sheetImage(xlsx: string, sheetName: string, columns: number, rows: number, out: string, fonts: string): Promise<void> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(xlsx);
  for (const sheet of [...book.worksheets]) if (sheet.name !== sheetName) book.removeWorksheet(sheet.id);
  const sheet = book.getWorksheet(sheetName)!;
  // The top left corner of the sheet, as a window on the screen would show it.
  for (let row = sheet.rowCount; row > rows; row--) sheet.spliceRows(row, 1);
  if (sheet.columnCount > columns) sheet.spliceColumns(columns + 1, sheet.columnCount - columns);
  sheet.autoFilter = undefined as unknown as string;
  sheet.pageSetup = { ...sheet.pageSetup, orientation: "landscape", paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, showGridLines: true, showRowColHeaders: true, margins: { left: 0.3, right: 0.3, top: 0.3, bottom: 0.3, header: 0, footer: 0 } };
  const copy = join(work, `${Math.random().toString(36).slice(2)}.xlsx`);
  await book.xlsx.writeFile(copy);
  const env = { ...process.env, FONTCONFIG_FILE: fonts };
  execFileSync("soffice", ["--headless", "--norestore", `-env:UserInstallation=file://${join(work, "lo-profile")}`, "--convert-to", "pdf", "--outdir", work, copy], { env, stdio: "pipe" });
  execFileSync("pdftoppm", ["-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile", copy.replace(/\.xlsx$/, ".pdf"), out.replace(/\.png$/, "")], { env });
  console.log(`wrote ${out}`);
}

const none = fontConfig("no-cjk", undefined);
const zh = join(work, "audit-zh.html");
const en = join(work, "audit-en.html");
szcheck("--lang", "zh", "--format", `html=${zh}`, "--format", `xlsx=${join(work, "report-zh.xlsx")}`);
szcheck("--lang", "en", "--format", `html=${en}`, "--format", `xlsx=${join(work, "report-en.xlsx")}`);
await screenshot(zh, join(images, "html-report-zh.png"), none);
await screenshot(en, join(images, "html-report-en.png"), none);
// The same page on a machine with no CJK font: as written (the embedded font), and without its embedded font (boxes).
await screenshot(zh, join(images, "html-fonts-no-cjk-font.png"), none, 420);
const bare = join(work, "audit-zh-no-embedded-font.html");
writeFileSync(bare, readFileSync(zh, "utf8").replace(/@font-face\{[^}]*\}\n?/g, ""));
await screenshot(bare, join(images, "html-fonts-not-embedded.png"), none, 420);
if (cjkDir === undefined) {
  console.log("no --cjk-font-dir: the screenshots with a CJK font installed, and of the xlsx in LibreOffice, are left as they are");
} else {
  const withCjk = fontConfig("with-cjk", cjkDir);
  await screenshot(zh, join(images, "html-fonts-system-cjk-font.png"), withCjk, 420);
  await sheetImage(join(work, "report-zh.xlsx"), "汇总", 8, 42, join(images, "xlsx-summary-zh.png"), withCjk);
  await sheetImage(join(work, "report-zh.xlsx"), "项目", 14, 24, join(images, "xlsx-matrix-zh.png"), withCjk);
  await sheetImage(join(work, "report-zh.xlsx"), "问题清单", 12, 22, join(images, "xlsx-findings-zh.png"), withCjk);
  await sheetImage(join(work, "report-en.xlsx"), "Projects", 14, 24, join(images, "xlsx-matrix-en.png"), withCjk);
}
