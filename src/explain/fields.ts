import type { Unit } from "../rules/schema.js";

/**
 * What each descriptor field means, in Chinese and English, with its unit and a realistic
 * example value: `szcheck explain` names the fields a rule reads with their meaning, and
 * `szcheck init` writes a commented template from it. The paths are those of the JSON Schema
 * (`buildings[].green.targetStar`); test/fields.test.ts checks that this table and the schemas
 * list the same paths, so a field added to a zod schema must be described here.
 */
export interface FieldMeaning {
  zh: string;
  en: string;
  unit?: Unit;
  /** The value `szcheck init` writes; for a list of objects, one object per item. */
  example?: unknown;
}

const cny = "cny" as const;

export const projectFields: Record<string, FieldMeaning> = {
  kind: { zh: "记录类型", en: "record kind", example: "project" },
  projectCode: { zh: "投资项目统一代码（或备案编号），报告和豁免以它为准", en: "investment project code or filing number: the id reports and waivers use", example: "2024-440304-04-01-801234" },
  name: { zh: "项目名称", en: "project name", example: "深圳市福田区示例学校新建工程" },
  district: { zh: "所在区", en: "district", example: "futian" },
  keyArea: { zh: "所在重点区域/重点片区（如 前海、河套）；null 表示不在重点区域", en: "the key area (重点区域) the site lies in, e.g. 前海 or 河套; null = none", example: "香蜜湖" },
  approval: { zh: "立项", en: "project approval" },
  "approval.type": { zh: "立项类型", en: "approval type", example: "approval" },
  "approval.date": { zh: "立项/核准/备案日期，决定适用哪些规则", en: "approval, verification or filing date: decides which rules were in force", example: "2024-03-15" },
  "approval.isMajorProject": { zh: "是否市/区重大项目", en: "a municipal or district major project", example: false },
  funding: { zh: "资金来源", en: "funding", example: "government" },
  investmentCny: { zh: "总投资（元）", en: "total investment (CNY)", unit: cny, example: 386000000 },
  constructionNature: { zh: "建设性质", en: "construction nature", example: "new" },
  category: { zh: "项目类别", en: "project category", example: "building" },
  tags: { zh: "项目标签（特殊类别）", en: "special categories of the project", example: ["school"] },
  buildings: { zh: "单体建筑，每栋一项（装配式、绿色建筑星级按单体评定）", en: "the single buildings, one entry each (prefabrication and green ratings are per building)" },
  "buildings[].id": { zh: "规划图纸上的楼栋编号", en: "building number on the planning drawings", example: "1#教学楼" },
  "buildings[].use": { zh: "建筑用途", en: "building use", example: "public" },
  "buildings[].subUse": { zh: "细分用途（住宅、宿舍、办公、学校、医院、商业、研发用房、厂房…）", en: "detailed use (住宅 housing, 宿舍 dormitory, 办公 office, 学校 school, 医院 hospital …)", example: "学校" },
  "buildings[].isGovernmentOffice": { zh: "是否国家机关办公建筑", en: "a government office building", example: false },
  "buildings[].heightM": { zh: "建筑高度（米）", en: "building height (m)", unit: "m", example: 23.9 },
  "buildings[].floorAreaM2": { zh: "单体建筑面积（平方米）", en: "gross floor area of the building (m²)", unit: "m2", example: 21800 },
  "buildings[].structure": { zh: "结构形式", en: "structural system", example: "steel" },
  "buildings[].prefab": { zh: "装配式建筑", en: "prefabricated construction" },
  "buildings[].prefab.adopted": { zh: "是否采用装配式建筑", en: "built as a prefabricated building", example: true },
  "buildings[].prefab.assemblyRatePct": { zh: "装配率（%，GB/T 51129）", en: "assembly rate (%, GB/T 51129)", unit: "pct", example: 62 },
  "buildings[].green": { zh: "绿色建筑", en: "green building" },
  "buildings[].green.targetStar": { zh: "规划许可载明的绿色建筑目标星级（0 为基本级）", en: "green-building star level on the planning permit (0 = basic)", unit: "star", example: 2 },
  "buildings[].delivery": { zh: "交付标准", en: "handover standard", example: "fully-fitted" },
  "buildings[].prefabFitOut": { zh: "是否采用装配式装修", en: "prefabricated fit-out", example: true },
  "buildings[].energyLabel": { zh: "是否取得（或计划取得）建筑能效测评标识", en: "building energy-efficiency label obtained or planned", example: true },
  "buildings[].healthMonitoring": { zh: "是否安装长期结构健康监测", en: "long-term structural health monitoring installed", example: false },
  bim: { zh: "建筑信息模型（BIM）", en: "building information modelling (BIM)" },
  "bim.applied": { zh: "是否全过程应用 BIM", en: "BIM used through the project", example: true },
  "bim.submittedAt": { zh: "已提交 BIM 模型的报批报建阶段", en: "approval stages at which the BIM model was submitted", example: ["planning-permit", "construction-permit", "completion-acceptance"] },
  "bim.forwardDesign": { zh: "是否 BIM 正向设计", en: "BIM forward design", example: true },
  "bim.domesticSoftware": { zh: "是否使用自主知识产权 BIM 软件", en: "BIM software with domestic intellectual property", example: true },
  "bim.costInBudgetCny": { zh: "纳入投资预算的 BIM 费用（元）", en: "BIM cost included in the investment budget (CNY)", unit: cny, example: 2300000 },
  "bim.tender": { zh: "是否采用 BIM 招标", en: "BIM used in tendering", example: true },
  delivery: { zh: "发包与咨询", en: "project delivery" },
  "delivery.model": { zh: "发包模式", en: "delivery model", example: "epc" },
  "delivery.wholeProcessConsulting": { zh: "是否采用全过程工程咨询", en: "whole-process engineering consulting", example: true },
  parties: {
    zh: "五方责任主体",
    en: "the five responsible parties",
    example: [
      { role: "owner", unitName: "深圳市福田区建筑工务署", leaderName: "张伟", authorizationFiled: true, commitmentFiled: true },
      { role: "surveyor", unitName: "深圳市示例勘察研究院有限公司", leaderName: "李强", authorizationFiled: true, commitmentFiled: true },
      { role: "designer", unitName: "深圳市示例建筑设计研究院有限公司", leaderName: "王芳", authorizationFiled: true, commitmentFiled: true },
      { role: "contractor", unitName: "深圳市鹏程建设集团有限公司", creditCode: "914403001922012340", leaderName: "陈刚", authorizationFiled: true, commitmentFiled: true },
      { role: "supervisor", unitName: "深圳市示例工程监理有限公司", leaderName: "刘洋", authorizationFiled: true, commitmentFiled: true },
    ],
  },
  "parties[].role": { zh: "责任主体角色", en: "role of the party", example: "owner" },
  "parties[].unitName": { zh: "单位名称", en: "name of the unit", example: "深圳市福田区建筑工务署" },
  "parties[].creditCode": { zh: "单位的统一社会信用代码（校验码会被核验；全数字时请加引号）", en: "the unit's 统一社会信用代码 (check character verified; quote an all-digit code)", example: "914403001922012340" },
  "parties[].leaderName": { zh: "项目负责人（项目经理、总监理工程师）", en: "the project leader (project manager, chief supervising engineer)", example: "张伟" },
  "parties[].authorizationFiled": { zh: "法定代表人授权书是否已备案", en: "the legal representative's authorization filed", example: true },
  "parties[].commitmentFiled": { zh: "工程质量终身责任承诺书是否已备案", en: "the lifetime-quality commitment filed", example: true },
  quality: { zh: "质量", en: "quality" },
  "quality.permanentPlaque": { zh: "是否设置载明五方责任主体的永久性标牌", en: "permanent plaque naming the five parties installed", example: true },
  safety: { zh: "安全", en: "safety" },
  "safety.liabilityInsurance": { zh: "项目是否投保安全生产责任保险", en: "project covered by work-safety liability insurance", example: true },
  cost: { zh: "造价", en: "cost" },
  "cost.wasteReductionInEstimate": { zh: "建筑废弃物减量费用是否纳入工程概算", en: "waste-reduction costs included in the project estimate", example: true },
  "cost.workerTrainingFundCny": { zh: "安全文明施工措施费中单列的产业工人职业训练专项经费（元）", en: "worker training fund itemised in the safety and civilised construction costs (CNY)", unit: cny, example: 520000 },
  "cost.workerTrainingFundNonCompetitive": { zh: "该专项经费是否列为不可竞争性费用", en: "the training fund listed as a non-competitive cost", example: true },
  materials: { zh: "材料", en: "materials" },
  "materials.recycledProductsUsed": { zh: "是否使用建筑废弃物综合利用产品", en: "recycled construction-waste products used", example: true },
  permits: { zh: "许可与验收", en: "permits and acceptance" },
  "permits.planningPermitDate": { zh: "建设工程规划许可日期", en: "planning permit date", example: "2024-06-20" },
  "permits.constructionPermitDate": { zh: "施工许可日期", en: "construction permit date", example: "2024-09-10" },
  "permits.completionAcceptanceDate": { zh: "竣工验收日期（尚未竣工则删除）", en: "completion acceptance date (delete it until completion)", example: "2026-08-30" },
  "permits.jointAcceptance": { zh: "竣工时是否采用联合验收", en: "joint acceptance used at completion", example: true },
};

export const enterpriseFields: Record<string, FieldMeaning> = {
  kind: { zh: "记录类型", en: "record kind", example: "enterprise" },
  creditCode: { zh: "统一社会信用代码（18 位，校验码会被核验；全数字时请加引号），报告和豁免以它为准", en: "统一社会信用代码, 18 characters, check character verified (quote an all-digit code): the id reports and waivers use", example: "914403001922012340" },
  name: { zh: "企业名称", en: "enterprise name", example: "深圳市鹏程建设集团有限公司" },
  type: { zh: "企业类型", en: "enterprise type", example: "construction" },
  ownership: { zh: "所有制", en: "ownership", example: "state" },
  techLeader: { zh: "是否建设科技龙头企业", en: "a leading construction-technology enterprise", example: true },
  fiscalYear: { zh: "数据所属财年，决定适用哪些规则", en: "the fiscal year the figures are for: decides which rules were in force", unit: "year", example: 2024 },
  employees: { zh: "从业人数", en: "employees", unit: "count", example: 3260 },
  revenueCny: { zh: "本财年营业收入（元）", en: "operating revenue of the fiscal year (CNY)", unit: cny, example: 18600000000 },
  rdExpenseCny: { zh: "本财年研发投入（元）", en: "R&D expense of the fiscal year (CNY)", unit: cny, example: 595200000 },
  wagesTotalCny: { zh: "工资薪金总额（元）", en: "total wages and salaries (CNY)", unit: cny, example: 1120000000 },
  staffEducationExpenseCny: { zh: "职工教育经费（元）", en: "staff education expense (CNY)", unit: cny, example: 97300000 },
  revenueOutsideCityCny: { zh: "市外营业收入（元）", en: "revenue earned outside Shenzhen (CNY)", unit: cny, example: 5200000000 },
  revenueOverseasCny: { zh: "境外营业收入（元）", en: "revenue earned overseas (CNY)", unit: cny, example: 860000000 },
  qualifications: {
    zh: "资质",
    en: "qualifications",
    example: [{ category: "施工总承包", grade: "特级", obtainedDate: "2015-06-30" }],
  },
  "qualifications[].category": { zh: "资质类别（如 施工总承包、工程设计综合）", en: "qualification category as on the certificate (e.g. 施工总承包)", example: "施工总承包" },
  "qualifications[].grade": { zh: "资质等级（综合 或 comprehensive 表示综合资质）", en: "grade as on the certificate; 综合 or comprehensive marks a comprehensive qualification", example: "特级" },
  "qualifications[].obtainedDate": { zh: "取得日期", en: "date obtained", example: "2015-06-30" },
  safety: { zh: "安全", en: "safety" },
  "safety.liabilityInsurance": { zh: "安全生产责任保险是否有效", en: "work-safety liability insurance in force", example: true },
  "safety.safetyDirector": { zh: "是否设立安全总监", en: "a safety director appointed", example: true },
  carbon: { zh: "碳排放强度（吨二氧化碳/万元增加值）", en: "carbon intensity (tCO₂ per 10,000 CNY of value added)" },
  "carbon.baselineIntensity": { zh: "2020 年基准碳排放强度", en: "2020 baseline intensity", unit: "tco2", example: 0.62 },
  "carbon.currentIntensity": { zh: "本财年碳排放强度", en: "intensity of the fiscal year", unit: "tco2", example: 0.52 },
};

/** The figures a portfolio rule reads as `group.<name>` (docs/rules.md, "Group figures"). */
export const groupFields: Record<string, FieldMeaning> = {
  "group.key": { zh: "分组键（如 批准年度、重点区域）", en: "the group key (an approval year, a key area)" },
  "group.count": { zh: "已确定的成员数", en: "the number of decided members", unit: "count" },
  "group.matchingCount": { zh: "其中计入分子的成员数", en: "how many of them match", unit: "count" },
  "group.weight": { zh: "已确定成员的权重合计", en: "the total weight of the decided members" },
  "group.matchingWeight": { zh: "计入分子成员的权重合计", en: "the total weight of those that match" },
  "group.sharePct": { zh: "占比 = 100 × 分子权重 ÷ 总权重（%）", en: "share = 100 × matchingWeight ÷ weight (%)", unit: "pct" },
  "group.members": { zh: "已确定成员的编号", en: "ids of the decided members" },
  "group.matching": { zh: "计入分子成员的编号", en: "ids of the members that match" },
  "group.undecided": { zh: "无法确定的成员编号", en: "ids of the members left undecided" },
  "group.sharePctRange": { zh: "无法确定的成员可能带来的占比区间", en: "the lowest and highest share the undecided members allow", unit: "pct" },
};

/**
 * The meaning of a path as a rule reads it: a record field (`approval.date`), a field of the
 * building in scope (`building.green.targetStar`), an item field (`buildings.0.id`) or a group figure.
 */
export function meaningOf(path: string, kind: "project" | "enterprise"): FieldMeaning | undefined {
  if (path.startsWith("group.")) return groupFields[path];
  const table = kind === "enterprise" ? enterpriseFields : projectFields;
  const schemaPath = path.replace(/^building\./, "buildings[].").replace(/\.\d+(?=\.|$)/g, "[]");
  return table[schemaPath] ?? table[schemaPath.replace(/\[\]$/, "")];
}
