import { z } from "zod";
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

export const buildingSchema = descriptorObject({
  id: text.meta({ description: "Building number on the planning drawings" }),
  use: buildingUse.optional(),
  subUse: text.optional().meta({ description: "住宅, 宿舍, 办公, 学校, 医院, 商业, 研发用房, 厂房 …" }),
  isGovernmentOffice: flag.optional(),
  heightM: z.number({ error: "must be a height in metres" }).finite().nonnegative().optional(),
  floorAreaM2: areaM2.optional(),
  structure: structure.optional(),
  prefab: descriptorObject({ adopted: flag.optional(), assemblyRatePct: percent.optional() }).optional(),
  green: descriptorObject({
    targetStar: z.number().int({ error: "must be a whole star level 0–3" }).min(0).max(3).optional(),
  }).optional(),
  delivery: handover.optional(),
  prefabFitOut: flag.optional(),
  energyLabel: flag.optional(),
  healthMonitoring: flag.optional(),
});

export const partySchema = descriptorObject({
  role: partyRole,
  unitName: text.optional(),
  creditCode: creditCode.optional(),
  leaderName: text.optional(),
  authorizationFiled: flag.optional(),
  commitmentFiled: flag.optional(),
});

export const projectSchema = descriptorObject({
  kind: z.literal("project"),
  projectCode: text.meta({ description: "投资项目统一代码 / filing number: the id used in reports and waivers" }),
  name: text,
  district: district.optional(),
  keyArea: z.string().trim().min(1).nullable().optional().meta({ description: "重点区域/重点片区 the site lies in; null = none" }),
  approval: descriptorObject({
    type: approvalType.optional(),
    date: isoDate.optional(),
    isMajorProject: flag.optional(),
  }).optional(),
  funding: funding.optional(),
  investmentCny: amountCny.optional(),
  constructionNature: constructionNature.optional(),
  category: projectCategory.optional(),
  tags: z.array(projectTag).optional(),
  buildings: z.array(buildingSchema).optional(),
  bim: descriptorObject({
    applied: flag.optional(),
    submittedAt: z.array(bimStage).optional(),
    forwardDesign: flag.optional(),
    domesticSoftware: flag.optional(),
    costInBudgetCny: amountCny.optional(),
    tender: flag.optional(),
  }).optional(),
  delivery: descriptorObject({ model: deliveryModel.optional(), wholeProcessConsulting: flag.optional() }).optional(),
  parties: z.array(partySchema).optional(),
  quality: descriptorObject({ permanentPlaque: flag.optional() }).optional(),
  safety: descriptorObject({ liabilityInsurance: flag.optional() }).optional(),
  cost: descriptorObject({
    wasteReductionInEstimate: flag.optional(),
    workerTrainingFundCny: amountCny.optional(),
    workerTrainingFundNonCompetitive: flag.optional(),
  }).optional(),
  materials: descriptorObject({ recycledProductsUsed: flag.optional() }).optional(),
  permits: descriptorObject({
    planningPermitDate: isoDate.optional(),
    constructionPermitDate: isoDate.optional(),
    completionAcceptanceDate: isoDate.optional(),
    jointAcceptance: flag.optional(),
  }).optional(),
});

export type Project = z.output<typeof projectSchema>;
export type Building = z.output<typeof buildingSchema>;
