/**
 * Labels as people write them in spreadsheets, and the descriptor label each stands for: 南山区
 * for 南山, 二星级 for the star level 2, 施工总承包 for the enterprise type 施工类. Keyed by the
 * field's path without list indexes (`buildings.use`); `docs/intake.md` lists this table and a test keeps the two in step.
 * Matching ignores spaces and full-width/half-width differences.
 */
const districts: Record<string, string> = {
  福田: "福田",
  罗湖: "罗湖",
  南山: "南山",
  盐田: "盐田",
  宝安: "宝安",
  龙岗: "龙岗",
  龙华: "龙华",
  坪山: "坪山",
  光明: "光明",
  大鹏: "大鹏新区",
  深汕: "深汕特别合作区",
};

const districtAliases = Object.fromEntries(
  Object.entries(districts).flatMap(([short, label]) => [
    [short, label],
    [`${short}区`, label],
    [`${short}新区`, label],
    [`深圳市${short}区`, label],
    [`深圳市${short}新区`, label],
  ]),
);

export const labelAliases: Record<string, Record<string, string | number>> = {
  district: { ...districtAliases, 深汕合作区: "深汕特别合作区", 深汕特别合作区: "深汕特别合作区" },
  "buildings.green.targetStar": {
    基本级: 0,
    无星级: 0,
    一星级: 1,
    一星: 1,
    "★": 1,
    二星级: 2,
    二星: 2,
    "★★": 2,
    三星级: 3,
    三星: 3,
    "★★★": 3,
    "1星": 1,
    "2星": 2,
    "3星": 3,
    "1星级": 1,
    "2星级": 2,
    "3星级": 3,
  },
  type: {
    施工: "施工类",
    施工总承包: "施工类",
    专业承包: "施工类",
    施工劳务: "施工类",
    建筑施工: "施工类",
    勘察: "勘察设计类",
    设计: "勘察设计类",
    勘察设计: "勘察设计类",
    工程勘察: "勘察设计类",
    工程设计: "勘察设计类",
    技术服务: "技术服务咨询类",
    工程咨询: "技术服务咨询类",
    工程监理: "监理",
    监理类: "监理",
    工程造价咨询: "造价咨询",
    造价咨询类: "造价咨询",
  },
  ownership: {
    国有企业: "国有",
    国企: "国有",
    国有控股: "国有",
    民营企业: "民营",
    私营: "民营",
    私营企业: "民营",
    外资企业: "外资",
    外商投资: "外资",
    外商投资企业: "外资",
    港澳台投资: "外资",
    混合所有制: "混合",
  },
  funding: {
    政府投资项目: "政府投资",
    财政投资: "政府投资",
    财政资金: "政府投资",
    政府: "政府投资",
    国有资金投资: "国有资金",
    国有企业投资: "国有资金",
    国企投资: "国有资金",
    国有: "国有资金",
    社会投资项目: "社会投资",
    企业投资: "社会投资",
    企业自筹: "社会投资",
    自筹资金: "社会投资",
    民间投资: "社会投资",
    社会资本: "社会投资",
    混合投资: "混合",
    政府与社会资本合作: "混合",
  },
  "approval.type": { 审批制: "审批", 核准制: "核准", 备案制: "备案" },
  "buildings.use": {
    住宅: "居住",
    居住建筑: "居住",
    公共建筑: "公共",
    公建: "公共",
    工业建筑: "工业",
    厂房: "工业",
  },
  "buildings.structure": {
    装配式混凝土结构: "装配式混凝土",
    混凝土结构: "现浇混凝土",
    现浇混凝土结构: "现浇混凝土",
    钢筋混凝土: "现浇混凝土",
    钢结构建筑: "钢结构",
    模块化建筑: "模块化",
    木结构建筑: "木结构",
    混合结构: "混合",
  },
  "buildings.delivery": { 精装修: "全装修", 全装修交付: "全装修", 毛坯交付: "毛坯" },
  "delivery.model": {
    EPC: "工程总承包",
    "工程总承包(EPC)": "工程总承包",
    总承包: "工程总承包",
    DBB: "设计施工分离",
    平行发包: "设计施工分离",
    代建制: "代建",
  },
  constructionNature: { 新建项目: "新建", 改建项目: "改建", 扩建项目: "扩建", 改扩建: "扩建" },
};

/** The aliases for a field path (list indexes left out), if it has any. */
export function aliasesOf(path: readonly string[]): Record<string, string | number> | undefined {
  const key = path.filter((segment) => !/^\d+$/.test(segment)).join(".");
  return Object.hasOwn(labelAliases, key) ? labelAliases[key] : undefined;
}
