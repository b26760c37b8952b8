import { z } from "zod";
import { field } from "./field-info.js";
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

const cny = "cny" as const;

export const enterpriseSchema = descriptorObject({
  kind: field(z.literal("enterprise"), { label: { zh: "记录类型", en: "record kind" }, example: "enterprise" }),
  creditCode: field(creditCode, {
    label: { zh: "统一社会信用代码", en: "credit code" },
    meaning: { zh: "统一社会信用代码（18 位，校验码会被核验；全数字时请加引号），报告和豁免以它为准", en: "统一社会信用代码, 18 characters, check character verified (quote an all-digit code): the id reports and waivers use" },
    aliases: ["信用代码"],
    example: "914403001922012340",
  }),
  name: field(text, { label: { zh: "企业名称", en: "enterprise name" }, aliases: ["名称", "单位名称"], example: "深圳市鹏程建设集团有限公司" }),
  type: field(enterpriseType, { label: { zh: "企业类型", en: "enterprise type" }, aliases: ["企业类别"], example: "construction" }).optional(),
  ownership: field(ownership, { label: { zh: "所有制", en: "ownership" }, aliases: ["企业性质", "所有制性质"], example: "state" }).optional(),
  techLeader: field(flag, { label: { zh: "建设科技龙头企业", en: "technology leader" }, meaning: { zh: "是否建设科技龙头企业", en: "a leading construction-technology enterprise" }, aliases: ["是否龙头企业", "是否建设科技龙头企业"], example: true }).optional(),
  fiscalYear: field(z.number({ error: "must be a year such as 2024" }).int().min(1949).max(2100), {
    label: { zh: "财年", en: "fiscal year" },
    meaning: { zh: "数据所属财年，决定适用哪些规则", en: "the fiscal year the figures are for: decides which rules were in force" },
    unit: "year",
    aliases: ["年度", "统计年度"],
    example: 2024,
  }).optional(),
  employees: field(z.number({ error: "must be a whole number of employees" }).int().nonnegative(), {
    label: { zh: "从业人数", en: "employees" },
    unit: "count",
    aliases: ["从业人员", "从业人员数", "职工人数", "年末从业人员"],
    example: 3260,
  }).optional(),
  revenueCny: field(amountCny, { label: { zh: "营业收入", en: "operating revenue" }, meaning: { zh: "本财年营业收入（元）", en: "operating revenue of the fiscal year (CNY)" }, unit: cny, aliases: ["营业收入总额", "主营业务收入"], example: 18600000000 }).optional(),
  rdExpenseCny: field(amountCny, { label: { zh: "研发投入", en: "R&D expense" }, meaning: { zh: "本财年研发投入（元）", en: "R&D expense of the fiscal year (CNY)" }, unit: cny, aliases: ["研发费用", "研发经费投入", "研究开发费用"], example: 595200000 }).optional(),
  wagesTotalCny: field(amountCny, { label: { zh: "工资薪金总额", en: "total wages" }, meaning: { zh: "工资薪金总额（元）", en: "total wages and salaries (CNY)" }, unit: cny, example: 1120000000 }).optional(),
  staffEducationExpenseCny: field(amountCny, { label: { zh: "职工教育经费", en: "staff education expense" }, meaning: { zh: "职工教育经费（元）", en: "staff education expense (CNY)" }, unit: cny, example: 97300000 }).optional(),
  revenueOutsideCityCny: field(amountCny, { label: { zh: "市外营业收入", en: "revenue outside Shenzhen" }, meaning: { zh: "市外营业收入（元）", en: "revenue earned outside Shenzhen (CNY)" }, unit: cny, example: 5200000000 }).optional(),
  revenueOverseasCny: field(amountCny, { label: { zh: "境外营业收入", en: "overseas revenue" }, meaning: { zh: "境外营业收入（元）", en: "revenue earned overseas (CNY)" }, unit: cny, example: 860000000 }).optional(),
  qualifications: field(
    z.array(
      descriptorObject({
        category: field(text, {
          label: { zh: "资质类别", en: "qualification category" },
          meaning: { zh: "资质类别（如 施工总承包、工程设计综合）", en: "qualification category as on the certificate (e.g. 施工总承包)" },
          example: "施工总承包",
        }),
        grade: field(qualificationGrade, {
          label: { zh: "资质等级", en: "grade" },
          meaning: { zh: "资质等级（综合 或 comprehensive 表示综合资质）", en: "grade as on the certificate; 综合 or comprehensive marks a comprehensive qualification" },
          aliases: ["等级"],
          example: "特级",
        }),
        obtainedDate: field(isoDate, { label: { zh: "取得日期", en: "date obtained" }, example: "2015-06-30" }).optional(),
      }),
    ),
    { label: { zh: "资质", en: "qualifications" }, example: [{ category: "施工总承包", grade: "特级", obtainedDate: "2015-06-30" }] },
  ).optional(),
  safety: field(
    descriptorObject({
      liabilityInsurance: field(flag, {
        label: { zh: "安全生产责任保险", en: "work-safety liability insurance" },
        meaning: { zh: "安全生产责任保险是否有效", en: "work-safety liability insurance in force" },
        example: true,
      }).optional(),
      safetyDirector: field(flag, { label: { zh: "安全总监", en: "safety director" }, meaning: { zh: "是否设立安全总监", en: "a safety director appointed" }, aliases: ["是否配备安全总监", "是否设置安全总监"], example: true }).optional(),
    }),
    { label: { zh: "安全", en: "safety" } },
  ).optional(),
  carbon: field(
    descriptorObject({
      baselineIntensity: field(carbonIntensity, {
        label: { zh: "2020年碳排放强度", en: "2020 carbon intensity" },
        meaning: { zh: "2020 年基准碳排放强度", en: "2020 baseline intensity" },
        unit: "tco2",
        example: 0.62,
      }).optional(),
      currentIntensity: field(carbonIntensity, {
        label: { zh: "本年碳排放强度", en: "carbon intensity of the year" },
        meaning: { zh: "本财年碳排放强度", en: "intensity of the fiscal year" },
        unit: "tco2",
        example: 0.52,
      }).optional(),
    }),
    { label: { zh: "碳排放强度", en: "carbon intensity" }, meaning: { zh: "碳排放强度（吨二氧化碳/万元增加值）", en: "carbon intensity (tCO₂ per 10,000 CNY of value added)" } },
  ).optional(),
});

export type Enterprise = z.output<typeof enterpriseSchema>;
