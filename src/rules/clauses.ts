import { readSettingsText } from "../files/read-file.js";
import { join } from "node:path";
import { z } from "zod";
import { madeOnce } from "../made-once.js";
import { isCalendarDate } from "../descriptors/primitives.js";
import { SzcheckError, toPointer } from "../errors.js";
import { parseYaml } from "../inputs/yaml-source.js";
import { packageRoot } from "../package-root.js";
import { displayPath } from "../display-path.js";

/**
 * The clause index (`seeds/clauses.yaml`): the policy's parts and clauses with their text, and
 * for each clause that no single record can be checked against, the reason. Rules cite clauses
 * from it; `szcheck coverage` maps every clause to its rules.
 */

/** Chinese numerals 一 … 九十九, as the policy numbers its parts and clauses. */
const DIGITS = "一二三四五六七八九";

export function chineseNumeralValue(numeral: string): number | undefined {
  const match = /^([一二三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(numeral);
  if (match === null || numeral === "") return undefined;
  const [, tens, ten, units] = match;
  if (ten === undefined) return tens !== undefined && units === undefined ? DIGITS.indexOf(tens) + 1 : undefined;
  return (tens === undefined ? 1 : DIGITS.indexOf(tens) + 1) * 10 + (units === undefined ? 0 : DIGITS.indexOf(units) + 1);
}

export function chineseNumeral(value: number): string {
  if (value < 1 || value > 99 || !Number.isInteger(value)) throw new RangeError(`no Chinese numeral for ${value} here`);
  if (value < 10) return DIGITS[value - 1]!;
  const tens = Math.floor(value / 10);
  const units = value % 10;
  return `${tens === 1 ? "" : DIGITS[tens - 1]}十${units === 0 ? "" : DIGITS[units - 1]}`;
}

/** The schemas, made when first asked for (src/made-once.ts). */
function makeSchemas() {
  const bilingual = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });

  const numeral = z.string().refine((value) => chineseNumeralValue(value) !== undefined, { error: "must be a Chinese numeral such as 三 or 十二" });

  const clauseEntry = z.strictObject({
    clause: z.string().regex(/^[一二三四五六七八九十]+（[一二三四五六七八九十]+）$/, { error: "must be written part（clause） with full-width brackets, e.g. 三（八）" }),
    title: bilingual,
    paragraphs: z.array(z.string().min(1)).min(1).meta({ description: "The clause's text, paragraph by paragraph, verbatim from the seed" }),
    unchecked: bilingual.optional().meta({ description: "Why nothing in this clause can be checked per record (government duties, subsidies without a published threshold …)" }),
    uncheckedSentences: z
      .array(z.strictObject({ text: z.string().min(1).meta({ description: "The sentence or phrase, verbatim from the clause's paragraphs" }), why: bilingual }))
      .optional()
      .meta({ description: "For a clause with rules: each of its sentences that asks something no rule checks, with the reason" }),
  });

  const partEntry = z.strictObject({
    part: numeral,
    title: bilingual,
    clauses: z.array(clauseEntry).min(1),
  });

  const calendarDate = z.string().refine(isCalendarDate, { error: "must be a date written YYYY-MM-DD" });

  const clauseIndexSchema = z
    .strictObject({
      $schema: z.string().optional(),
      policy: z.strictObject({
        number: z.string().min(1).meta({ description: "The document number, e.g. 深府办函〔2022〕95号" }),
        title: bilingual,
        issuer: z.string().min(1),
        signed: calendarDate,
        published: calendarDate,
        datesSource: z.string().min(1).meta({ description: "Where the dates come from" }),
        text: z.string().min(1).meta({ description: "The policy text file, beside the index" }),
      }),
      parts: z.array(partEntry).min(1),
    })
    .superRefine((index, ctx) => {
      let expectedClause = 1;
      index.parts.forEach((part, partIndex) => {
        if (chineseNumeralValue(part.part) !== partIndex + 1) {
          ctx.addIssue({ code: "custom", path: ["parts", partIndex, "part"], message: `part ${partIndex + 1} must be numbered ${chineseNumeral(partIndex + 1)}` });
        }
        part.clauses.forEach((clause, clauseIndex) => {
          const text = clause.paragraphs.join("");
          (clause.uncheckedSentences ?? []).forEach((sentence, sentenceIndex) => {
            if (!text.includes(sentence.text)) {
              ctx.addIssue({ code: "custom", path: ["parts", partIndex, "clauses", clauseIndex, "uncheckedSentences", sentenceIndex, "text"], message: "must be quoted verbatim from the clause's paragraphs" });
            }
          });
          const expected = `${part.part}（${chineseNumeral(expectedClause)}）`;
          if (clause.clause !== expected) {
            ctx.addIssue({ code: "custom", path: ["parts", partIndex, "clauses", clauseIndex, "clause"], message: `expected ${expected}: clauses are numbered on across parts, each prefixed by its part` });
          }
          expectedClause++;
        });
      });
    });

  return { bilingual, numeral, clauseEntry, partEntry, calendarDate, clauseIndexSchema };
}
type Schemas = ReturnType<typeof makeSchemas>;
const schemas = madeOnce(makeSchemas);
export const clauseIndexSchema = (): Schemas["clauseIndexSchema"] => schemas().clauseIndexSchema;
export type ClauseIndexFile = z.output<Schemas["clauseIndexSchema"]>;
export type Bilingual = z.output<Schemas["bilingual"]>;

/** One clause with its part, ready to cite: `id` is the form rules use, e.g. 三（八）. */
export interface PolicyClause {
  id: string;
  /** The clause's own number, 1 … 20, and its numeral (八). */
  number: number;
  numeral: string;
  part: { numeral: string; number: number; title: Bilingual };
  title: Bilingual;
  paragraphs: string[];
  unchecked: Bilingual | undefined;
  /** Sentences of a checked clause that no rule checks, each with the reason. */
  uncheckedSentences: UncheckedSentence[];
}

export interface UncheckedSentence {
  text: string;
  why: Bilingual;
}

export interface ClauseIndex {
  policy: ClauseIndexFile["policy"];
  clauses: PolicyClause[];
  /** The file it was read from, as shown in messages. */
  file: string;
}

export const clauseIndexFile = (): string => join(packageRoot(), "seeds", "clauses.yaml");

const cache = new Map<string, ClauseIndex>();

/** Reads and validates the clause index (the built-in `seeds/clauses.yaml` unless a file is given). */
export function loadClauseIndex(file: string = clauseIndexFile()): ClauseIndex {
  const cached = cache.get(file);
  if (cached !== undefined) return cached;
  const shown = displayPath(file);
  const text = readSettingsText(file, shown, "clause index");
  const parsed = parseYaml(text, shown);
  const result = clauseIndexSchema().safeParse(parsed.value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const path = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0] ?? ""] : issue.path;
    throw new SzcheckError({ file: shown, pointer: toPointer(path), message: `invalid clause index (line ${parsed.lineOf(path) ?? "?"}): ${path.join(".")}: ${issue.message}` });
  }
  const clauses = result.data.parts.flatMap((part) =>
    part.clauses.map((clause): PolicyClause => {
      const numeralOfClause = clause.clause.slice(clause.clause.indexOf("（") + 1, -1);
      return {
        id: clause.clause,
        number: chineseNumeralValue(numeralOfClause)!,
        numeral: numeralOfClause,
        part: { numeral: part.part, number: chineseNumeralValue(part.part)!, title: part.title },
        title: clause.title,
        paragraphs: clause.paragraphs,
        unchecked: clause.unchecked,
        uncheckedSentences: clause.uncheckedSentences ?? [],
      };
    }),
  );
  const index: ClauseIndex = { policy: result.data.policy, clauses, file: shown };
  cache.set(file, index);
  return index;
}

export function findClause(index: ClauseIndex, id: string): PolicyClause | undefined {
  return index.clauses.find((clause) => clause.id === id);
}

/**
 * A clause written with half-width brackets or spaces (三(八), 三 （八）) normalised to the
 * index form, for the "did you mean" of an unknown clause.
 */
export function normaliseClause(id: string): string {
  return id.replace(/\s+/g, "").replace(/\(/g, "（").replace(/\)/g, "）");
}
