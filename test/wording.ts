/**
 * RULES.md, "Wording of messages", as a check on a piece of text: what a Shenzhen official would
 * not sign in Chinese text (a field path, a raw boolean, a placeholder, §, an unformatted number).
 */

/** Ids that may rightly appear in a message (project codes, credit codes, the test ids P-1 …, dates). */
const IDS = /\d{4}-\d{6}-\d{2}-\d{2}-\d{6}|[0-9A-Z]{18}|\b[A-Z]-\d+\b|\d{4}-\d{2}-\d{2}|GB(?:\/T)? ?\d+(?:\.\d+)?(?:-\d{4})?|tCO₂/g;

/** What is wrong with a piece of Chinese text, if anything. */
export function chineseWordingProblems(text: string): string[] {
  const problems: string[] = [];
  const plain = text.replace(IDS, "");
  const path = /(?<![\w-])[a-z][A-Za-z]*(?:\.[A-Za-z\d[\]]+)+/.exec(plain) ?? /(?<![\w-])[a-z]+[A-Z][A-Za-z]*/.exec(plain);
  if (path !== null) problems.push(`a field path or name: ${path[0]}`);
  const bool = /\b(true|false)\b/.exec(plain);
  if (bool !== null) problems.push(`a raw boolean: ${bool[0]}`);
  if (/（无）|\(none\)/.test(text)) problems.push("a placeholder for a value: （无）");
  if (text.includes("§")) problems.push("§ instead of 第…条");
  const long = /(?<![\d,.])\d{5,}(?![\d,])/.exec(plain);
  if (long !== null) problems.push(`an ungrouped number: ${long[0]}`);
  for (const match of plain.matchAll(/\d+\.\d*0%|\d+\.\d{3,}%/g)) {
    if (!keepsApart(match[0], plain)) problems.push(`a percentage with needless or too many decimals: ${match[0]}`);
  }
  if (/¥/.test(text)) problems.push("¥ in Chinese text (amounts are written in 元)");
  if (/\d+(?:\.\d+)?星(?!级)/.test(text)) problems.push("a star level as n星 (write 一星级)");
  return problems;
}


/**
 * More than two decimals are needed only to keep a figure apart from the one it is compared with
 * in the same sentence (2.9999999% beside 3%, which it would read as at two decimals).
 */
function keepsApart(figure: string, text: string): boolean {
  const value = Number(figure.slice(0, -1));
  if (figure.endsWith("0%")) return false;
  const rounded = `${Number(value.toFixed(2))}%`;
  return rounded !== figure && new RegExp(`(?<![\\d.])${rounded.replace(".", "\\.")}`).test(text.replace(figure, ""));
}
