import { z } from "zod";
import { editDistance } from "./edit-distance.js";

/** English value → Chinese label, for every enum a descriptor may hold. */
const chineseLabels = new Map<string, string>();

/**
 * An enum whose English values are canonical and whose Chinese labels are accepted on input
 * and normalised to the English value (real filings are written in Chinese).
 */
export function labelledEnum<const T extends Record<string, string>>(labels: T) {
  const english = Object.keys(labels) as Array<Extract<keyof T, string>>;
  const toEnglish = new Map<string, Extract<keyof T, string>>();
  for (const value of english) {
    toEnglish.set(value, value);
    toEnglish.set(labels[value] as string, value);
    chineseLabels.set(value, labels[value] as string);
  }
  const accepted = [...toEnglish.keys()] as [string, ...string[]];
  const described = english.map((value) => `${value} (${labels[value]})`).join(", ");
  return z
    .enum(accepted, { error: (issue) => `${JSON.stringify(issue.input)} is not one of: ${described}${nearest(issue.input, accepted, toEnglish)}` })
    .transform((value) => toEnglish.get(value) as Extract<keyof T, string>)
    .meta({ description: `One of ${described}; the Chinese label is accepted and normalised.` });
}

/** " (nearest: nanshan 南山)" for a value a typo away from a choice, else "". */
function nearest(input: unknown, accepted: string[], toEnglish: Map<string, string>): string {
  if (typeof input !== "string" || input.trim() === "") return "";
  let best: { choice: string; distance: number } | undefined;
  for (const choice of accepted) {
    const distance = editDistance(input.toLowerCase(), choice.toLowerCase());
    if (best === undefined || distance < best.distance) best = { choice, distance };
  }
  if (best === undefined || best.distance > Math.max(1, Math.floor(input.length / 2))) return "";
  const english = toEnglish.get(best.choice) ?? best.choice;
  const label = [...toEnglish].find(([key, value]) => value === english && key !== english)?.[0];
  return ` (nearest: ${english}${label === undefined ? "" : ` ${label}`})`;
}

/** The Chinese label of an English enum value, or the value itself when it has none. */
export function chineseLabelOf(value: string): string {
  return chineseLabels.get(value) ?? value;
}
