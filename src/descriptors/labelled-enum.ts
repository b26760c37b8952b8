import { z } from "zod";
import { didYouMean } from "../did-you-mean.js";

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
    .enum(accepted, { error: (issue) => `${JSON.stringify(issue.input)} is not one of the values${typeof issue.input === "string" ? didYouMean(issue.input, accepted) : ""}: ${described}` })
    .transform((value) => toEnglish.get(value) as Extract<keyof T, string>)
    .meta({ description: `One of ${described}; the Chinese label is accepted and normalised.` });
}

/** The Chinese label of an English enum value, or the value itself when it has none. */
export function chineseLabelOf(value: string): string {
  return chineseLabels.get(value) ?? value;
}
