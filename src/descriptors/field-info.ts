import { z } from "zod";
import type { Unit } from "../model/vocabulary.js";

/**
 * What a descriptor field is, declared once on its zod schema (`field(schema, info)`): `explain`
 * and `init` show its meaning, CSV/XLSX readers match column headers by its label and aliases
 * and convert by its unit, docs/descriptors.md lists it, and the JSON Schemas carry it under
 * `x-szcheck` (editors ignore the key; their tooltip is the `description` made from it).
 */
export interface FieldInfo {
  /** Short names, as a column header or a name in a sentence (总投资 / total investment). */
  label: { zh: string; en: string };
  /** One sentence on what the field means; the label when it says enough. */
  meaning?: { zh: string; en: string };
  unit?: Unit;
  /** Other headers people write for this field (项目编号 for 项目代码). */
  aliases?: string[];
  /** The value `szcheck init` writes; for a list of objects, one object per item. */
  example?: unknown;
}

export const FIELD_INFO_KEY = "x-szcheck";

/** Declares what a field is; the editor tooltip says its meaning, then what the schema said before. */
export function field<T extends z.ZodType>(schema: T, info: FieldInfo): T {
  const meaning = info.meaning ?? info.label;
  const before = schema.description;
  const description = `${meaning.zh} — ${meaning.en}${before === undefined ? "" : `. ${before}`}`;
  return schema.meta({ description, [FIELD_INFO_KEY]: info }) as T;
}
