import { z } from "zod";
import { field } from "./field-info.js";
import { labelledEnum } from "./labelled-enum.js";
import { amountCny, areaM2, creditCode, descriptorObject, flag, isoDate, percent, text } from "./primitives.js";

export const district = labelledEnum({
  futian: "福田",
  luohu: "罗湖",
  nanshan: "南山",
  yantian: "盐田",
  baoan: "宝安",
  longgang: "龙岗",
  longhua: "龙华",
  pingshan: "坪山",
  guangming: "光明",
  dapeng: "大鹏新区",
  shenshan: "深汕特别合作区",
});
export const approvalType = labelledEnum({ approval: "审批", verification: "核准", filing: "备案" });
export const funding = labelledEnum({ government: "政府投资", "state-owned": "国有资金", private: "社会投资", mixed: "混合" });
export const constructionNature = labelledEnum({ new: "新建", renovation: "改建", extension: "扩建", "urban-renewal": "城市更新" });
export const projectCategory = labelledEnum({
  building: "房屋建筑",
  "municipal-road": "市政道路",
  transport: "交通",
  water: "水务",
  "other-municipal": "其他市政",
});
export const projectTag = labelledEnum({
  school: "学校",
  "affordable-housing": "保障性住房",
  hospital: "医院",
  "industrial-dormitory": "产业配套宿舍",
  "elevator-retrofit": "老旧小区加装电梯",
});
export const buildingUse = labelledEnum({ residential: "居住", public: "公共", industrial: "工业" });
export const structure = labelledEnum({
  "precast-concrete": "装配式混凝土",
  steel: "钢结构",
  "cast-in-place": "现浇混凝土",
  modular: "模块化",
  timber: "木结构",
  hybrid: "混合",
});
export const handover = labelledEnum({ shell: "毛坯", "fully-fitted": "全装修" });
export const bimStage = labelledEnum({
  "planning-permit": "规划许可",
  "construction-permit": "施工许可",
  "completion-acceptance": "竣工验收",
});
export const deliveryModel = labelledEnum({
  epc: "工程总承包",
  "general-contracting": "施工总承包",
  dbb: "设计施工分离",
  agent: "代建",
  "ipmt-epc-supervision": "IPMT+EPC+监理",
});
export const partyRole = labelledEnum({
  owner: "建设单位",
  surveyor: "勘察单位",
  designer: "设计单位",
  contractor: "施工单位",
  supervisor: "监理单位",
});

const cny = "cny" as const;

export const buildingSchema = descriptorObject({
  id: field(text, {
    label: { zh: "楼栋编号", en: "building number" },
    meaning: { zh: "规划图纸上的楼栋编号", en: "building number on the planning drawings" },
    aliases: ["编号", "单体编号", "栋号"],
    example: "1#教学楼",
  }),
  use: field(buildingUse, { label: { zh: "用途", en: "building use" }, meaning: { zh: "建筑用途", en: "building use" }, aliases: ["建筑用途"], example: "public" }).optional(),
  subUse: field(text, {
    label: { zh: "细分用途", en: "detailed use" },
    meaning: { zh: "细分用途（住宅、宿舍、办公、学校、医院、商业、研发用房、厂房…）", en: "detailed use (住宅 housing, 宿舍 dormitory, 办公 office, 学校 school, 医院 hospital …)" },
    example: "学校",
  }).optional(),
  isGovernmentOffice: field(flag, { label: { zh: "国家机关办公建筑", en: "government office building" }, meaning: { zh: "是否国家机关办公建筑", en: "a government office building" }, aliases: ["是否国家机关办公建筑"], example: false }).optional(),
  heightM: field(z.number({ error: "must be a height in metres" }).finite().nonnegative(), {
    label: { zh: "建筑高度", en: "building height" },
    meaning: { zh: "建筑高度（米）", en: "building height (m)" },
    unit: "m",
    aliases: ["高度"],
    example: 23.9,
  }).optional(),
  floorAreaM2: field(areaM2, {
    label: { zh: "建筑面积", en: "floor area" },
    meaning: { zh: "单体建筑面积（平方米）", en: "gross floor area of the building (m²)" },
    unit: "m2",
    aliases: ["单体建筑面积", "总建筑面积"],
    example: 21800,
  }).optional(),
  structure: field(structure, { label: { zh: "结构形式", en: "structural system" }, aliases: ["结构", "结构类型"], example: "steel" }).optional(),
  prefab: field(
    descriptorObject({
      adopted: field(flag, { label: { zh: "是否采用装配式", en: "prefabricated" }, meaning: { zh: "是否采用装配式建筑", en: "built as a prefabricated building" }, aliases: ["采用", "是否装配式建筑"], example: true }).optional(),
      assemblyRatePct: field(percent, {
        label: { zh: "装配率", en: "assembly rate" },
        meaning: { zh: "装配率（%，GB/T 51129）", en: "assembly rate (%, GB/T 51129)" },
        unit: "pct",
        example: 62,
      }).optional(),
    }),
    { label: { zh: "装配式", en: "prefabrication" }, meaning: { zh: "装配式建筑", en: "prefabricated construction" } },
  ).optional(),
  green: field(
    descriptorObject({
      targetStar: field(z.number().int({ error: "must be a whole star level 0–3" }).min(0).max(3), {
        label: { zh: "绿色建筑星级", en: "green-building star level" },
        meaning: { zh: "规划许可载明的绿色建筑目标星级（0 为基本级）", en: "green-building star level on the planning permit (0 = basic)" },
        unit: "star",
        aliases: ["目标星级", "绿色建筑等级"],
        example: 2,
      }).optional(),
    }),
    { label: { zh: "绿色建筑", en: "green building" } },
  ).optional(),
  delivery: field(handover, { label: { zh: "交付标准", en: "handover standard" }, aliases: ["交付方式"], example: "fully-fitted" }).optional(),
  prefabFitOut: field(flag, { label: { zh: "装配式装修", en: "prefabricated fit-out" }, meaning: { zh: "是否采用装配式装修", en: "prefabricated fit-out" }, aliases: ["是否装配式装修"], example: true }).optional(),
  energyLabel: field(flag, {
    label: { zh: "能效测评标识", en: "energy label" },
    meaning: { zh: "是否取得（或计划取得）建筑能效测评标识", en: "building energy-efficiency label obtained or planned" },
    aliases: ["建筑能效测评标识"],
    example: true,
  }).optional(),
  healthMonitoring: field(flag, {
    label: { zh: "健康监测", en: "structural health monitoring" },
    meaning: { zh: "是否安装长期结构健康监测", en: "long-term structural health monitoring installed" },
    aliases: ["结构健康监测"],
    example: false,
  }).optional(),
});

export const partySchema = descriptorObject({
  role: field(partyRole, { label: { zh: "角色", en: "role" }, meaning: { zh: "责任主体角色", en: "role of the party" }, aliases: ["责任主体角色"], example: "owner" }),
  unitName: field(text, { label: { zh: "单位名称", en: "name of the unit" }, example: "深圳市福田区建筑工务署" }).optional(),
  creditCode: field(creditCode, {
    label: { zh: "统一社会信用代码", en: "credit code" },
    meaning: { zh: "单位的统一社会信用代码（校验码会被核验；全数字时请加引号）", en: "the unit's 统一社会信用代码 (check character verified; quote an all-digit code)" },
    example: "914403001922012340",
  }).optional(),
  leaderName: field(text, {
    label: { zh: "项目负责人", en: "project leader" },
    meaning: { zh: "项目负责人（项目经理、总监理工程师）", en: "the project leader (project manager, chief supervising engineer)" },
    example: "张伟",
  }).optional(),
  authorizationFiled: field(flag, {
    label: { zh: "授权书已备案", en: "authorization filed" },
    meaning: { zh: "法定代表人授权书是否已备案", en: "the legal representative's authorization filed" },
    example: true,
  }).optional(),
  commitmentFiled: field(flag, {
    label: { zh: "承诺书已备案", en: "commitment filed" },
    meaning: { zh: "工程质量终身责任承诺书是否已备案", en: "the lifetime-quality commitment filed" },
    example: true,
  }).optional(),
});

export const projectSchema = descriptorObject({
  kind: field(z.literal("project"), { label: { zh: "记录类型", en: "record kind" }, example: "project" }),
  projectCode: field(text, {
    label: { zh: "项目代码", en: "project code" },
    meaning: { zh: "投资项目统一代码（或备案编号），报告和豁免以它为准", en: "investment project code or filing number: the id reports and waivers use" },
    aliases: ["投资项目统一代码", "项目编号"],
    example: "2024-440304-04-01-801234",
  }),
  name: field(text, { label: { zh: "项目名称", en: "project name" }, aliases: ["名称"], example: "深圳市福田区示例学校新建工程" }),
  district: field(district, { label: { zh: "所在区", en: "district" }, aliases: ["行政区"], example: "futian" }).optional(),
  keyArea: field(z.string().trim().min(1).nullable(), {
    label: { zh: "重点区域", en: "key area" },
    meaning: { zh: "所在重点区域/重点片区（如 前海、河套）；null 表示不在重点区域", en: "the key area (重点区域) the site lies in, e.g. 前海 or 河套; null = none" },
    aliases: ["重点片区"],
    example: "香蜜湖",
  }).optional(),
  approval: field(
    descriptorObject({
      type: field(approvalType, { label: { zh: "立项类型", en: "approval type" }, example: "approval" }).optional(),
      date: field(isoDate, {
        label: { zh: "立项日期", en: "approval date" },
        meaning: { zh: "立项/核准/备案日期，决定适用哪些规则", en: "approval, verification or filing date: decides which rules were in force" },
        aliases: ["立项/核准/备案日期", "立项时间", "备案日期", "核准日期", "审批日期"],
        example: "2024-03-15",
      }).optional(),
      isMajorProject: field(flag, { label: { zh: "重大项目", en: "major project" }, meaning: { zh: "是否市/区重大项目", en: "a municipal or district major project" }, aliases: ["是否重大项目", "是否市区重大项目"], example: false }).optional(),
    }),
    { label: { zh: "立项", en: "project approval" } },
  ).optional(),
  funding: field(funding, { label: { zh: "资金来源", en: "funding" }, aliases: ["投资来源", "资金性质"], example: "government" }).optional(),
  investmentCny: field(amountCny, {
    label: { zh: "总投资", en: "total investment" },
    meaning: { zh: "总投资（元）", en: "total investment (CNY)" },
    unit: cny,
    aliases: ["项目总投资", "总投资额", "估算总投资"],
    example: 386000000,
  }).optional(),
  constructionNature: field(constructionNature, { label: { zh: "建设性质", en: "construction nature" }, example: "new" }).optional(),
  category: field(projectCategory, { label: { zh: "项目类别", en: "project category" }, example: "building" }).optional(),
  tags: field(z.array(projectTag), { label: { zh: "项目标签", en: "project tags" }, meaning: { zh: "项目标签（特殊类别）", en: "special categories of the project" }, example: ["school"] }).optional(),
  buildings: field(z.array(buildingSchema), {
    label: { zh: "单体", en: "buildings" },
    meaning: { zh: "单体建筑，每栋一项（装配式、绿色建筑星级按单体评定）", en: "the single buildings, one entry each (prefabrication and green ratings are per building)" },
    aliases: ["单体建筑"],
  }).optional(),
  bim: field(
    descriptorObject({
      applied: field(flag, { label: { zh: "应用BIM", en: "BIM applied" }, meaning: { zh: "是否全过程应用 BIM", en: "BIM used through the project" }, aliases: ["是否应用BIM", "是否采用BIM", "BIM应用"], example: true }).optional(),
      submittedAt: field(z.array(bimStage), {
        label: { zh: "BIM报批报建阶段", en: "BIM submission stages" },
        meaning: { zh: "已提交 BIM 模型的报批报建阶段", en: "approval stages at which the BIM model was submitted" },
        example: ["planning-permit", "construction-permit", "completion-acceptance"],
      }).optional(),
      forwardDesign: field(flag, { label: { zh: "BIM正向设计", en: "BIM forward design" }, meaning: { zh: "是否 BIM 正向设计", en: "BIM forward design" }, example: true }).optional(),
      domesticSoftware: field(flag, {
        label: { zh: "自主知识产权BIM软件", en: "domestic BIM software" },
        meaning: { zh: "是否使用自主知识产权 BIM 软件", en: "BIM software with domestic intellectual property" },
        example: true,
      }).optional(),
      costInBudgetCny: field(amountCny, {
        label: { zh: "BIM费用", en: "BIM cost in budget" },
        meaning: { zh: "纳入投资预算的 BIM 费用（元）", en: "BIM cost included in the investment budget (CNY)" },
        unit: cny,
        example: 2300000,
      }).optional(),
      tender: field(flag, { label: { zh: "BIM招标", en: "BIM tendering" }, meaning: { zh: "是否采用 BIM 招标", en: "BIM used in tendering" }, example: true }).optional(),
    }),
    { label: { zh: "建筑信息模型（BIM）", en: "building information modelling (BIM)" } },
  ).optional(),
  delivery: field(
    descriptorObject({
      model: field(deliveryModel, { label: { zh: "发包模式", en: "delivery model" }, aliases: ["建设模式", "组织实施方式"], example: "epc" }).optional(),
      wholeProcessConsulting: field(flag, { label: { zh: "全过程工程咨询", en: "whole-process consulting" }, meaning: { zh: "是否采用全过程工程咨询", en: "whole-process engineering consulting" }, example: true }).optional(),
    }),
    { label: { zh: "发包与咨询", en: "project delivery" } },
  ).optional(),
  parties: field(z.array(partySchema), {
    label: { zh: "责任主体", en: "responsible parties" },
    meaning: { zh: "五方责任主体", en: "the five responsible parties" },
    example: [
      { role: "owner", unitName: "深圳市福田区建筑工务署", leaderName: "张伟", authorizationFiled: true, commitmentFiled: true },
      { role: "surveyor", unitName: "深圳市示例勘察研究院有限公司", leaderName: "李强", authorizationFiled: true, commitmentFiled: true },
      { role: "designer", unitName: "深圳市示例建筑设计研究院有限公司", leaderName: "王芳", authorizationFiled: true, commitmentFiled: true },
      { role: "contractor", unitName: "深圳市鹏程建设集团有限公司", creditCode: "914403001922012340", leaderName: "陈刚", authorizationFiled: true, commitmentFiled: true },
      { role: "supervisor", unitName: "深圳市示例工程监理有限公司", leaderName: "刘洋", authorizationFiled: true, commitmentFiled: true },
    ],
  }).optional(),
  quality: field(
    descriptorObject({
      permanentPlaque: field(flag, {
        label: { zh: "永久性标牌", en: "permanent plaque" },
        meaning: { zh: "是否设置载明五方责任主体的永久性标牌", en: "permanent plaque naming the five parties installed" },
        example: true,
      }).optional(),
    }),
    { label: { zh: "质量", en: "quality" } },
  ).optional(),
  safety: field(
    descriptorObject({
      liabilityInsurance: field(flag, {
        label: { zh: "安全生产责任保险", en: "work-safety liability insurance" },
        meaning: { zh: "项目是否投保安全生产责任保险", en: "project covered by work-safety liability insurance" },
        example: true,
      }).optional(),
    }),
    { label: { zh: "安全", en: "safety" } },
  ).optional(),
  cost: field(
    descriptorObject({
      wasteReductionInEstimate: field(flag, {
        label: { zh: "建筑废弃物减量费用纳入概算", en: "waste-reduction cost in estimate" },
        meaning: { zh: "建筑废弃物减量费用是否纳入工程概算", en: "waste-reduction costs included in the project estimate" },
        example: true,
      }).optional(),
      workerTrainingFundCny: field(amountCny, {
        label: { zh: "产业工人职业训练专项经费", en: "worker training fund" },
        meaning: { zh: "安全文明施工措施费中单列的产业工人职业训练专项经费（元）", en: "worker training fund itemised in the safety and civilised construction costs (CNY)" },
        unit: cny,
        example: 520000,
      }).optional(),
      workerTrainingFundNonCompetitive: field(flag, {
        label: { zh: "专项经费不可竞争", en: "training fund non-competitive" },
        meaning: { zh: "该专项经费是否列为不可竞争性费用", en: "the training fund listed as a non-competitive cost" },
        example: true,
      }).optional(),
    }),
    { label: { zh: "造价", en: "cost" } },
  ).optional(),
  materials: field(
    descriptorObject({
      recycledProductsUsed: field(flag, {
        label: { zh: "使用综合利用产品", en: "recycled products used" },
        meaning: { zh: "是否使用建筑废弃物综合利用产品", en: "recycled construction-waste products used" },
        example: true,
      }).optional(),
    }),
    { label: { zh: "材料", en: "materials" } },
  ).optional(),
  permits: field(
    descriptorObject({
      planningPermitDate: field(isoDate, { label: { zh: "规划许可日期", en: "planning permit date" }, meaning: { zh: "建设工程规划许可日期", en: "planning permit date" }, example: "2024-06-20" }).optional(),
      constructionPermitDate: field(isoDate, { label: { zh: "施工许可日期", en: "construction permit date" }, example: "2024-09-10" }).optional(),
      completionAcceptanceDate: field(isoDate, {
        label: { zh: "竣工验收日期", en: "completion acceptance date" },
        meaning: { zh: "竣工验收日期（尚未竣工则删除）", en: "completion acceptance date (delete it until completion)" },
        example: "2026-08-30",
      }).optional(),
      jointAcceptance: field(flag, { label: { zh: "联合验收", en: "joint acceptance" }, meaning: { zh: "竣工时是否采用联合验收", en: "joint acceptance used at completion" }, example: true }).optional(),
    }),
    { label: { zh: "许可与验收", en: "permits and acceptance" } },
  ).optional(),
});

export type Project = z.output<typeof projectSchema>;
export type Building = z.output<typeof buildingSchema>;
