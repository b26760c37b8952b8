import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { SzcheckError } from "../errors.js";

/**
 * The Chinese glyphs an HTML report needs, embedded so that it reads on a machine without a CJK
 * font (a Linux desktop, a locked-down server, a PDF printer): Noto Sans SC (SIL Open Font
 * License), regular weight, from the @fontsource/noto-sans-sc package. Fontsource splits the font
 * into about a hundred slices by character frequency, each a WOFF2 file with its unicode-range;
 * only the slices holding a character of the page are embedded, as data: URIs, so a page
 * carries a few hundred kilobytes of font, not the whole 10 MB face.
 */

export const CJK_FAMILY = "szcheck Noto Sans SC";

interface Slice {
  file: string;
  ranges: Array<[number, number]>;
  unicodeRange: string;
}

let slices: { dir: string; list: Slice[] } | undefined;

/** The regular weight's slices, from the package's 400.css. */
function fontSlices(): { dir: string; list: Slice[] } {
  if (slices !== undefined) return slices;
  let css: string;
  let dir: string;
  try {
    const cssPath = createRequire(import.meta.url).resolve("@fontsource/noto-sans-sc/400.css");
    dir = dirname(cssPath);
    css = readFileSync(cssPath, "utf8");
  } catch (error) {
    throw new SzcheckError({ message: "--format html needs the @fontsource/noto-sans-sc package, which is not installed", hint: "reinstall szcheck (npm install) so that its dependencies are present", cause: error });
  }
  const list: Slice[] = [];
  for (const block of css.split("@font-face").slice(1)) {
    const file = /url\(\.\/(files\/[^)]+\.woff2)\)/.exec(block)?.[1];
    const unicodeRange = /unicode-range:\s*([^;]+);/.exec(block)?.[1]?.trim();
    if (file === undefined || unicodeRange === undefined) continue;
    const ranges = unicodeRange.split(",").map((part): [number, number] => {
      const [from, to] = part.trim().replace(/^U\+/i, "").split("-");
      return [parseInt(from!, 16), parseInt(to ?? from!, 16)];
    });
    list.push({ file, ranges, unicodeRange });
  }
  return (slices = { dir, list });
}

/** Characters a Latin system font lacks: CJK and its punctuation, full-width forms (U+2E80 on). */
const needsCjk = (code: number): boolean => code >= 0x2e80;

/**
 * @font-face rules for the slices that hold the CJK characters of `text`, in the slices' order
 * (the same text gives the same CSS); "" when it has none.
 */
export function cjkFontFaces(text: string): string {
  const codes = new Set<number>();
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (needsCjk(code)) codes.add(code);
  }
  if (codes.size === 0) return "";
  const { dir, list } = fontSlices();
  const used = list.filter((slice) => slice.ranges.some(([from, to]) => [...codes].some((code) => code >= from && code <= to)));
  return used
    .map((slice) => {
      const font = readFileSync(join(dir, slice.file)).toString("base64");
      return `@font-face{font-family:"${CJK_FAMILY}";font-style:normal;font-weight:400;font-display:block;src:url(data:font/woff2;base64,${font}) format("woff2");unicode-range:${slice.unicodeRange}}`;
    })
    .join("\n");
}
