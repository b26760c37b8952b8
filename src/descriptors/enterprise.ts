import { z } from "zod";
import { labelledEnum } from "./labelled-enum.js";
import { amountCny, creditCode, descriptorObject, flag, isoDate, text } from "./primitives.js";

export const enterpriseType = labelledEnum({
  construction: "施工类",
  "survey-design": "勘察设计类",
  "tech-consulting": "技术服务咨询类",
  supervision: "监理",
  "cost-consulting": "造价咨询",
  other: "其他",
});
export const ownership = labelledEnum({ state: "国有", private: "民营", foreign: "外资", mixed: "混合" });
export const qualificationGrade = z
  .string()
  .trim()
  .min(1)
  .transform((grade) => (grade === "综合" ? "comprehensive" : grade))
  .meta({ description: "Grade as on the certificate; `comprehensive` (综合) marks 综合资质" });

const carbonIntensity = z.number({ error: "must be tCO2 per 10,000 CNY of value added" }).finite().nonnegative();

export const enterpriseSchema = descriptorObject({
  kind: z.literal("enterprise"),
  creditCode,
  name: text,
  type: enterpriseType.optional(),
  ownership: ownership.optional(),
  techLeader: flag.optional(),
  fiscalYear: z.number({ error: "must be a year such as 2024" }).int().min(1949).max(2100).optional(),
  employees: z.number({ error: "must be a whole number of employees" }).int().nonnegative().optional(),
  revenueCny: amountCny.optional(),
  rdExpenseCny: amountCny.optional(),
  wagesTotalCny: amountCny.optional(),
  staffEducationExpenseCny: amountCny.optional(),
  revenueOutsideCityCny: amountCny.optional(),
  revenueOverseasCny: amountCny.optional(),
  qualifications: z
    .array(descriptorObject({ category: text, grade: qualificationGrade, obtainedDate: isoDate.optional() }))
    .optional(),
  safety: descriptorObject({ liabilityInsurance: flag.optional(), safetyDirector: flag.optional() }).optional(),
  carbon: descriptorObject({ baselineIntensity: carbonIntensity.optional(), currentIntensity: carbonIntensity.optional() }).optional(),
});

export type Enterprise = z.output<typeof enterpriseSchema>;
