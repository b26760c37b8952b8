import type { Lang } from "../model/report.js";

export type { Lang };

/** The message in the reader's language: input errors and notices follow --lang. */
export function say(lang: Lang, zh: string, en: string): string {
  return lang === "zh" ? zh : en;
}
