// Compiled JsonLogic against json-logic-js `apply` and against hand-written JavaScript:
// 25 rules in the style of rules/*.yaml × 200,000 seeded random records.
//
//   npx tsx bench/engines.ts [--records N] [--runs N]
//
// Each engine evaluates every rule on every record (record by record, as the engine does) and
// counts the truthy results; the counts must agree, rule by rule, across all engines. The time
// reported is the median of the runs. No VarRecorder is active, except in the line that says so.
import { compileLogic, compiledEvaluator, type CompiledLogic } from "../src/engine/compile.js";
import { withRecorder, type VarRecorder } from "../src/engine/operations.js";
import { referenceEvaluator, type LogicEvaluator } from "../src/engine/three-valued.js";
import { createRequire } from "node:module";
import { helpers } from "../src/engine/operations.js";
import { prng } from "./prng.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const index = args.indexOf(name);
  return index === -1 ? fallback : Number(args[index + 1]);
};
const RECORDS = option("--records", 200_000);
const RUNS = Math.max(5, option("--runs", 5));

type Scope = Record<string, unknown>;
interface Rule {
  id: string;
  logic: unknown;
  /** The same rule written by hand, over the same scope. */
  hand: (r: Scope) => unknown;
}

// ---- the records --------------------------------------------------------------------------

const params = {
  minAssemblyRatePct: 50,
  publicIndustrialMinFloorAreaM2: 0,
  largePublicMinFloorAreaM2: 20000,
  minStar: 1,
  minStarLarge: 2,
  minConstructionPct: 3,
  minSurveyDesignPct: 4,
  minTechConsultingPct: 5,
  allNewFrom: "2024-01-01",
  priorityFrom: "2022-10-02",
  scopeMode: "either",
  minInvestmentCny: 100_000_000,
  minFloorAreaM2: 20_000,
  priorityFunding: ["government", "state-owned"],
  publicFunding: ["government", "state-owned", "mixed"],
  epcModels: ["epc", "epc-ipmt"],
  superHighRiseM: 100,
  bimCostShare: 0.0005,
  domesticSoftware: ["盈建科", "广联达", "PKPM", "鲁班"],
  minRecycledPct: 10,
  steelStructures: ["steel", "steel-concrete"],
  educationShare: 0.08,
  insuranceMinInvestmentCny: 50_000_000,
  majorMinInvestmentCny: 500_000_000,
  minConcreteResidentialPct: 40,
  sinceYear: 2022,
  wasteShare: 0.001,
  targetYear: 2025,
  baselineYear: 2020,
  targetReductionPct: 18,
  interimPath: "linear",
  policyFrom: "2022-10-02",
};

function makeRecords(count: number, seed: number): Scope[] {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
  const chance = (p: number): boolean => random() < p;
  const date = (from: number, to: number): string => `${int(from, to)}-${String(int(1, 12)).padStart(2, "0")}-${String(int(1, 28)).padStart(2, "0")}`;
  const records: Scope[] = [];
  for (let i = 0; i < count; i++) {
    const buildings: Scope[] = [];
    for (let n = int(1, 4); n > 0; n--) {
      const building: Scope = {
        id: `B${n}`,
        use: pick(["residential", "residential", "public", "industrial", "public"]),
        floorAreaM2: int(800, 60_000),
        heightM: int(9, 320),
        structure: pick(["concrete", "concrete", "steel", "steel-concrete", "modular", "timber"]),
        isGovernmentOffice: chance(0.1),
        prefab: { adopted: chance(0.7), assemblyRatePct: int(0, 90) },
        green: { targetStar: int(0, 3) },
        healthMonitoring: chance(0.5),
        fullFitOut: chance(0.6),
      };
      // Some filings leave fields out, as real ones do.
      if (chance(0.05)) delete (building.prefab as Scope).assemblyRatePct;
      if (chance(0.05)) delete building.green;
      buildings.push(building);
    }
    const investmentCny = int(5, 3000) * 1_000_000;
    const governmentSharePct = pick([0, 0, 30, 51, 100]);
    const record: Scope = {
      kind: "project",
      projectCode: `${pick(["SZ", "SZ", "GD"])}${String(100000 + i)}`,
      constructionNature: pick(["new", "new", "new", "renovation", "expansion"]),
      category: pick(["building", "building", "municipal-road", "bridge"]),
      funding: pick(["government", "state-owned", "private", "private", "mixed"]),
      approval: { date: date(2021, 2025), isMajorProject: chance(0.15) },
      keyArea: pick([null, null, null, "qianhai", "hetao"]),
      investmentCny,
      investment: { governmentCny: (investmentCny * governmentSharePct) / 100, privateCny: investmentCny - (investmentCny * governmentSharePct) / 100 },
      tags: [pick(["school", "hospital", "affordable-housing", "industrial-dormitory", "office"]), pick(["office", "school", "elevator-retrofit"])],
      delivery: { model: pick(["epc", "dbb", "epc-ipmt", "dbb"]) },
      bim: { applied: chance(0.6), submittedAt: chance(0.5) ? ["planning-permit", "construction-permit"] : ["planning-permit"], costCny: int(0, 4_000_000), software: pick(["盈建科", "广联达", "Revit", "PKPM", "Tekla"]) },
      permits: { planningPermitDate: date(2020, 2022), constructionPermitDate: date(2022, 2023), completionAcceptanceDate: date(2022, 2025), jointAcceptance: chance(0.7) },
      buildings,
      building: buildings[0],
      contractor: { type: pick(["general", "general", "specialist"]), safetyDirector: chance(0.8) },
      safety: { liabilityInsurance: chance(0.85) },
      carbon: { baselineIntensity: int(50, 100) / 100, currentIntensity: int(30, 100) / 100 },
      fiscalYear: int(2021, 2025),
      recycled: { sharePct: int(0, 30) },
      permanentPlaque: chance(0.85),
      wasteCostCny: int(0, 3_000_000),
      staff: { payrollCny: int(1, 50) * 1_000_000, educationExpenseCny: int(0, 5_000_000) },
      enterprise: { type: pick(["construction", "survey-design", "tech-consulting", "supervision"]), techLeader: chance(0.4), revenueCny: int(0, 2000) * 1_000_000, rdExpenseCny: int(0, 100) * 1_000_000 },
      params,
    };
    if (chance(0.03)) delete record.constructionNature;
    if (chance(0.05)) delete record.tags;
    if (chance(0.05)) delete (record.permits as Scope).completionAcceptanceDate;
    if (chance(0.03)) delete record.bim;
    records.push(record);
  }
  return records;
}

// ---- the rules ----------------------------------------------------------------------------
// Each rule is its appliesIf and its check in one expression, `{and: [appliesIf, check]}`, as
// rules/*.yaml write them: params read with var, defaults such as {var: [tags, []]}, `in` over
// lists from params, some/sum over the buildings.

const v = (path: string) => ({ var: path });
const vd = (path: string, fallback: unknown) => ({ var: [path, fallback] });
const rule = (appliesIf: unknown, check: unknown) => ({ and: [appliesIf, check] });
type Deep = Record<string, unknown>;
/** What json-logic-js `var` gives for a missing value. */
const nil = <T>(value: T | undefined): T | null => (value === undefined ? null : value);
const bld = (r: Scope) => r.building as Deep;
const num = (x: unknown) => x as number;
const str = (x: unknown) => x as string;
const tagsOf = (r: Scope) => (r.tags ?? []) as string[];
const buildingsOf = (r: Scope) => (r.buildings ?? []) as Deep[];
const round6 = (x: number) => Math.sign(x) * Math.round(Math.abs(x) * 1e6) / 1e6;

const largeScope = { and: [{ ">=": [v("investmentCny"), v("params.minInvestmentCny")] }, { ">=": [{ sum: [vd("buildings", []), "floorAreaM2"] }, v("params.minFloorAreaM2")] }] };
const largeScopeEither = { or: (largeScope.and as unknown[]) };
const reached = { merge: [{ if: [vd("permits.planningPermitDate", null), ["planning-permit"], []] }, { if: [vd("permits.constructionPermitDate", null), ["construction-permit"], []] }, { if: [vd("permits.completionAcceptanceDate", null), ["completion-acceptance"], []] }] };
const requiredPct = {
  if: [
    { "==": [v("fiscalYear"), v("params.targetYear")] }, v("params.targetReductionPct"),
    { "==": [v("params.interimPath"), "flat"] }, v("params.targetReductionPct"),
    { min: [v("params.targetReductionPct"), { "/": [{ "*": [v("params.targetReductionPct"), { "-": [v("fiscalYear"), v("params.baselineYear")] }] }, { "-": [v("params.targetYear"), v("params.baselineYear")] }] }] },
  ],
};

const rules: Rule[] = [
  {
    id: "prefab-required",
    logic: rule(
      { and: [{ "==": [v("constructionNature"), "new"] }, { or: [{ "==": [v("building.use"), "residential"] }, { and: [{ in: [v("building.use"), ["public", "industrial"]] }, { ">=": [v("building.floorAreaM2"), v("params.publicIndustrialMinFloorAreaM2")] }] }] }] },
      { and: [{ "==": [v("building.prefab.adopted"), true] }, { ">=": [v("building.prefab.assemblyRatePct"), v("params.minAssemblyRatePct")] }] },
    ),
    hand: (r) => {
      if (r.constructionNature !== "new") return false;
      const b = bld(r);
      if (!(b.use === "residential" || ((b.use === "public" || b.use === "industrial") && num(b.floorAreaM2) >= params.publicIndustrialMinFloorAreaM2))) return false;
      const prefab = b.prefab as Deep;
      return prefab.adopted === true && num(nil(prefab.assemblyRatePct)) >= params.minAssemblyRatePct;
    },
  },
  {
    id: "green-star-minimum",
    logic: rule(
      { "==": [v("constructionNature"), "new"] },
      {
        if: [
          { and: [{ "==": [v("building.use"), "public"] }, { or: [{ ">=": [v("building.floorAreaM2"), v("params.largePublicMinFloorAreaM2")] }, { "==": [v("building.isGovernmentOffice"), true] }] }] },
          { ">=": [v("building.green.targetStar"), v("params.minStarLarge")] },
          { ">=": [v("building.green.targetStar"), v("params.minStar")] },
        ],
      },
    ),
    hand: (r) => {
      if (r.constructionNature !== "new") return false;
      const b = bld(r);
      const star = num(nil((b.green as Deep | undefined)?.targetStar));
      const large = b.use === "public" && (num(b.floorAreaM2) >= params.largePublicMinFloorAreaM2 || b.isGovernmentOffice === true);
      return star >= (large ? params.minStarLarge : params.minStar);
    },
  },
  {
    id: "rd-intensity",
    logic: rule(
      { and: [{ "==": [v("enterprise.techLeader"), true] }, { in: [v("enterprise.type"), ["construction", "survey-design", "tech-consulting"]] }, { ">": [v("enterprise.revenueCny"), 0] }] },
      { ">=": [{ "*": [v("enterprise.rdExpenseCny"), 100] }, { "*": [{ if: [{ "==": [v("enterprise.type"), "construction"] }, v("params.minConstructionPct"), { "==": [v("enterprise.type"), "survey-design"] }, v("params.minSurveyDesignPct"), v("params.minTechConsultingPct")] }, v("enterprise.revenueCny")] }] },
    ),
    hand: (r) => {
      const e = r.enterprise as Deep;
      if (!(e.techLeader === true && (e.type === "construction" || e.type === "survey-design" || e.type === "tech-consulting") && num(e.revenueCny) > 0)) return false;
      const minimum = e.type === "construction" ? params.minConstructionPct : e.type === "survey-design" ? params.minSurveyDesignPct : params.minTechConsultingPct;
      return num(e.rdExpenseCny) * 100 >= minimum * num(e.revenueCny);
    },
  },
  {
    id: "bim-required",
    logic: rule(
      {
        and: [
          { "==": [v("constructionNature"), "new"] },
          {
            or: [
              { and: [{ ">=": [v("approval.date"), v("params.allNewFrom")] }, { if: [{ "==": [v("params.scopeMode"), "both"] }, largeScope, largeScopeEither] }] },
              { and: [{ ">=": [v("approval.date"), v("params.priorityFrom")] }, { or: [{ in: [v("funding"), v("params.priorityFunding")] }, { "==": [v("approval.isMajorProject"), true] }, { "!=": [v("keyArea"), null] }] }] },
            ],
          },
        ],
      },
      { "==": [v("bim.applied"), true] },
    ),
    hand: (r) => {
      if (r.constructionNature !== "new") return false;
      const approval = r.approval as Deep;
      const date = str(approval.date);
      let applies = false;
      if (date >= params.allNewFrom) {
        const large = num(r.investmentCny) >= params.minInvestmentCny;
        let area = 0;
        for (const b of buildingsOf(r)) area += typeof b.floorAreaM2 === "number" ? b.floorAreaM2 : 0;
        applies = params.scopeMode === "both" ? large && area >= params.minFloorAreaM2 : large || area >= params.minFloorAreaM2;
      }
      if (!applies && date >= params.priorityFrom) applies = params.priorityFunding.includes(str(r.funding)) || approval.isMajorProject === true || nil(r.keyArea) !== null;
      return applies && (r.bim as Deep | undefined)?.applied === true;
    },
  },
  {
    id: "epc-in-principle",
    logic: rule(
      { and: [{ in: [v("funding"), v("params.publicFunding")] }, { or: [{ in: ["school", vd("tags", [])] }, { in: ["affordable-housing", vd("tags", [])] }, { "==": [v("category"), "municipal-road"] }, { some: [vd("buildings", []), { "==": [vd("prefab.adopted", false), true] }] }] }] },
      { in: [v("delivery.model"), v("params.epcModels")] },
    ),
    hand: (r) => {
      if (!params.publicFunding.includes(str(r.funding))) return false;
      const tags = tagsOf(r);
      if (!(tags.includes("school") || tags.includes("affordable-housing") || r.category === "municipal-road" || buildingsOf(r).some((b) => (b.prefab as Deep).adopted === true))) return false;
      return params.epcModels.includes(str((r.delivery as Deep).model));
    },
  },
  {
    id: "modular-building",
    logic: rule(
      { or: [{ in: ["school", vd("tags", [])] }, { in: ["industrial-dormitory", vd("tags", [])] }, { in: ["hospital", vd("tags", [])] }, { in: ["elevator-retrofit", vd("tags", [])] }] },
      { or: [{ some: [v("buildings"), { "==": [vd("structure", null), "modular"] }] }, { in: ["modular", { map: [v("buildings"), v("structure")] }] }] },
    ),
    hand: (r) => {
      const tags = tagsOf(r);
      if (!(tags.includes("school") || tags.includes("industrial-dormitory") || tags.includes("hospital") || tags.includes("elevator-retrofit"))) return false;
      return buildingsOf(r).some((b) => b.structure === "modular");
    },
  },
  {
    id: "safety-director",
    logic: rule({ "==": [v("contractor.type"), "general"] }, { "==": [v("contractor.safetyDirector"), true] }),
    hand: (r) => {
      const c = r.contractor as Deep;
      return c.type === "general" && c.safetyDirector === true;
    },
  },
  {
    id: "carbon-intensity-reduction",
    logic: rule(
      { and: [{ ">": [v("carbon.baselineIntensity"), 0] }, { ">=": [v("carbon.currentIntensity"), 0] }] },
      { ">=": [{ round: [{ "*": [{ "/": [{ "-": [v("carbon.baselineIntensity"), v("carbon.currentIntensity")] }, v("carbon.baselineIntensity")] }, 100] }, 6] }, { round: [requiredPct, 6] }] },
    ),
    hand: (r) => {
      const c = r.carbon as Deep;
      const base = num(c.baselineIntensity);
      const current = num(c.currentIntensity);
      if (!(base > 0 && current >= 0)) return false;
      const year = num(r.fiscalYear);
      const required =
        year === params.targetYear || params.interimPath === "flat"
          ? params.targetReductionPct
          : Math.min(params.targetReductionPct, (params.targetReductionPct * (year - params.baselineYear)) / (params.targetYear - params.baselineYear));
      return round6(((base - current) / base) * 100) >= round6(required);
    },
  },
  {
    id: "health-monitoring-super-high-rise",
    logic: rule({ ">": [v("building.heightM"), v("params.superHighRiseM")] }, { "==": [v("building.healthMonitoring"), true] }),
    hand: (r) => num(bld(r).heightM) > params.superHighRiseM && bld(r).healthMonitoring === true,
  },
  {
    id: "full-fit-out-residential",
    logic: rule({ and: [{ "==": [v("constructionNature"), "new"] }, { "==": [v("building.use"), "residential"] }] }, { "==": [v("building.fullFitOut"), true] }),
    hand: (r) => r.constructionNature === "new" && bld(r).use === "residential" && bld(r).fullFitOut === true,
  },
  {
    id: "bim-cost-in-budget",
    logic: rule({ "==": [v("bim.applied"), true] }, { ">=": [v("bim.costCny"), { "*": [v("investmentCny"), v("params.bimCostShare")] }] }),
    hand: (r) => {
      const bim = r.bim as Deep | undefined;
      return bim?.applied === true && num(bim.costCny) >= num(r.investmentCny) * params.bimCostShare;
    },
  },
  {
    id: "bim-domestic-software",
    logic: rule({ "==": [v("bim.applied"), true] }, { in: [v("bim.software"), v("params.domesticSoftware")] }),
    hand: (r) => {
      const bim = r.bim as Deep | undefined;
      return bim?.applied === true && params.domesticSoftware.includes(str(bim.software));
    },
  },
  {
    id: "permanent-plaque",
    logic: rule({ and: [{ "==": [v("constructionNature"), "new"] }, { in: [v("funding"), v("params.publicFunding")] }] }, { "==": [v("permanentPlaque"), true] }),
    hand: (r) => r.constructionNature === "new" && params.publicFunding.includes(str(r.funding)) && r.permanentPlaque === true,
  },
  {
    id: "joint-acceptance",
    logic: rule(
      { and: [{ "!=": [vd("permits.completionAcceptanceDate", null), null] }, { ">=": [vd("permits.completionAcceptanceDate", null), v("params.policyFrom")] }] },
      { "==": [v("permits.jointAcceptance"), true] },
    ),
    hand: (r) => {
      const permits = r.permits as Deep;
      const date = nil(permits.completionAcceptanceDate as string | undefined);
      return date !== null && date >= params.policyFrom && permits.jointAcceptance === true;
    },
  },
  {
    id: "recycled-products-public",
    logic: rule({ in: [v("funding"), v("params.publicFunding")] }, { ">=": [v("recycled.sharePct"), v("params.minRecycledPct")] }),
    hand: (r) => params.publicFunding.includes(str(r.funding)) && num((r.recycled as Deep).sharePct) >= params.minRecycledPct,
  },
  {
    id: "steel-schools-hospitals",
    logic: rule({ and: [{ or: [{ in: ["school", vd("tags", [])] }, { in: ["hospital", vd("tags", [])] }] }, { "==": [v("building.use"), "public"] }] }, { in: [v("building.structure"), v("params.steelStructures")] }),
    hand: (r) => {
      const tags = tagsOf(r);
      return (tags.includes("school") || tags.includes("hospital")) && bld(r).use === "public" && params.steelStructures.includes(str(bld(r).structure));
    },
  },
  {
    id: "staff-education-deduction",
    logic: rule({ ">": [v("staff.payrollCny"), 0] }, { "<=": [v("staff.educationExpenseCny"), { "*": [v("staff.payrollCny"), v("params.educationShare")] }] }),
    hand: (r) => {
      const s = r.staff as Deep;
      return num(s.payrollCny) > 0 && num(s.educationExpenseCny) <= num(s.payrollCny) * params.educationShare;
    },
  },
  {
    id: "safety-liability-insurance-project",
    logic: rule(
      { and: [{ "!=": [vd("permits.constructionPermitDate", null), null] }, { or: [{ "==": [vd("permits.completionAcceptanceDate", null), null] }, { ">=": [vd("permits.completionAcceptanceDate", null), v("params.policyFrom")] }] }] },
      { "==": [v("safety.liabilityInsurance"), true] },
    ),
    hand: (r) => {
      const permits = r.permits as Deep;
      const accepted = nil(permits.completionAcceptanceDate as string | undefined);
      return nil(permits.constructionPermitDate) !== null && (accepted === null || accepted >= params.policyFrom) && (r.safety as Deep).liabilityInsurance === true;
    },
  },
  {
    id: "ipmt-epc-major",
    logic: rule({ and: [{ "==": [v("approval.isMajorProject"), true] }, { ">=": [v("investmentCny"), v("params.majorMinInvestmentCny")] }] }, { in: [v("delivery.model"), ["epc-ipmt"]] }),
    hand: (r) => (r.approval as Deep).isMajorProject === true && num(r.investmentCny) >= params.majorMinInvestmentCny && (r.delivery as Deep).model === "epc-ipmt",
  },
  {
    id: "prefab-residential-concrete",
    logic: rule(
      { and: [{ "==": [v("constructionNature"), "new"] }, { "==": [v("building.use"), "residential"] }, { "==": [v("building.structure"), "concrete"] }] },
      { ">=": [v("building.prefab.assemblyRatePct"), v("params.minConcreteResidentialPct")] },
    ),
    hand: (r) => {
      const b = bld(r);
      return r.constructionNature === "new" && b.use === "residential" && b.structure === "concrete" && num(nil((b.prefab as Deep).assemblyRatePct)) >= params.minConcreteResidentialPct;
    },
  },
  {
    id: "assembly-rate-range",
    logic: rule({ ">=": [{ year: v("approval.date") }, v("params.sinceYear")] }, { "<=": [0, v("building.prefab.assemblyRatePct"), 100] }),
    hand: (r) => {
      if (!(Number(str((r.approval as Deep).date).slice(0, 4)) >= params.sinceYear)) return false;
      const rate = num(nil((bld(r).prefab as Deep).assemblyRatePct));
      return 0 <= rate && rate <= 100;
    },
  },
  {
    id: "investment-adds-up",
    logic: rule({ ">": [v("investmentCny"), 0] }, { "==": [{ "+": [v("investment.governmentCny"), v("investment.privateCny")] }, v("investmentCny")] }),
    hand: (r) => {
      const i = r.investment as Deep;
      return num(r.investmentCny) > 0 && num(i.governmentCny) + num(i.privateCny) === r.investmentCny;
    },
  },
  {
    id: "bim-approval-filing",
    logic: rule(
      { and: [{ "==": [v("constructionNature"), "new"] }, { or: [{ in: [v("funding"), v("params.priorityFunding")] }, { "==": [v("approval.isMajorProject"), true] }, { "!=": [v("keyArea"), null] }] }] },
      { if: [{ "==": [{ count: reached }, 0] }, true, { "==": [{ count: { diff: [reached, vd("bim.submittedAt", [])] } }, 0] }] },
    ),
    hand: (r) => {
      if (r.constructionNature !== "new") return false;
      if (!(params.priorityFunding.includes(str(r.funding)) || (r.approval as Deep).isMajorProject === true || nil(r.keyArea) !== null)) return false;
      const permits = r.permits as Deep;
      const stages: string[] = [];
      if (permits.planningPermitDate) stages.push("planning-permit");
      if (permits.constructionPermitDate) stages.push("construction-permit");
      if (permits.completionAcceptanceDate) stages.push("completion-acceptance");
      const submitted = ((r.bim as Deep | undefined)?.submittedAt ?? []) as string[];
      return stages.every((stage) => submitted.includes(stage));
    },
  },
  {
    id: "waste-reduction-cost",
    logic: rule({ ">": [v("investmentCny"), 0] }, { ">=": [v("wasteCostCny"), { "*": [v("investmentCny"), v("params.wasteShare")] }] }),
    hand: (r) => num(r.investmentCny) > 0 && num(r.wasteCostCny) >= num(r.investmentCny) * params.wasteShare,
  },
  {
    id: "shenzhen-project-code",
    logic: rule({ "!==": [v("projectCode"), null] }, { "==": [{ substr: [v("projectCode"), 0, 2] }, "SZ"] }),
    hand: (r) => typeof r.projectCode === "string" && r.projectCode.slice(0, 2) === "SZ",
  },
];

// ---- running ------------------------------------------------------------------------------

const truthy = (value: unknown): boolean => (value ? !Array.isArray(value) || value.length !== 0 : false);

type Pass = (records: Scope[], counts: Int32Array) => void;

function viaEvaluator(evaluator: LogicEvaluator): Pass {
  const logics = rules.map((rule) => rule.logic);
  return (records, counts) => {
    for (let r = 0; r < records.length; r++) {
      const record = records[r] as Scope;
      for (let k = 0; k < logics.length; k++) if (truthy(evaluator.evaluate(logics[k], record))) counts[k]!++;
    }
  };
}

function viaFunctions(functions: Array<(r: Scope) => unknown>): Pass {
  return (records, counts) => {
    for (let r = 0; r < records.length; r++) {
      const record = records[r] as Scope;
      for (let k = 0; k < functions.length; k++) if (truthy((functions[k] as (r: Scope) => unknown)(record))) counts[k]!++;
    }
  };
}

const ignore: VarRecorder = { read() {} };
/** As the engine runs a leaf: inside withRecorder, with a recorder told of every read. */
function viaEvaluatorRecorded(evaluator: LogicEvaluator): Pass {
  const logics = rules.map((rule) => rule.logic);
  return (records, counts) => {
    for (let r = 0; r < records.length; r++) {
      const record = records[r] as Scope;
      for (let k = 0; k < logics.length; k++) {
        const logic = logics[k];
        if (truthy(withRecorder(ignore, () => evaluator.evaluate(logic, record)))) counts[k]!++;
      }
    }
  };
}

interface Measured {
  name: string;
  medianMs: number;
  perSecond: number;
  counts: Int32Array;
  runs: number[];
}

/**
 * Runs the engines in turn, `runs` rounds of one pass each, so that whatever else the machine is
 * doing falls on all of them alike; each engine's time is the median of its passes.
 */
function measureAll(engines: Array<[string, Pass]>, records: Scope[], runs: number): Measured[] {
  const results: Measured[] = engines.map(([name]) => ({ name, medianMs: 0, perSecond: 0, counts: new Int32Array(rules.length), runs: [] }));
  for (const [, pass] of engines) pass(records.slice(0, Math.min(records.length, 5000)), new Int32Array(rules.length)); // warm-up
  for (let round = 0; round < runs; round++) {
    engines.forEach(([, pass], index) => {
      const result = results[index] as Measured;
      const counts = new Int32Array(rules.length);
      const start = process.hrtime.bigint();
      pass(records, counts);
      result.runs.push(Number(process.hrtime.bigint() - start) / 1e6);
      result.counts = counts;
    });
  }
  for (const result of results) {
    const sorted = [...result.runs].sort((a, b) => a - b);
    result.medianMs = sorted[Math.floor(sorted.length / 2)] as number;
    result.perSecond = (records.length * rules.length) / (result.medianMs / 1000);
    console.log(`  ${result.name.padEnd(34)} ${fmt(result.perSecond).padStart(10)} evaluations/s   median ${result.medianMs.toFixed(0).padStart(6)} ms   [${result.runs.map((t) => t.toFixed(0)).join(", ")}]`);
  }
  return results;
}

const fmt = (perSecond: number): string => (perSecond >= 1e6 ? `${(perSecond / 1e6).toFixed(2)} M` : `${(perSecond / 1e3).toFixed(1)} k`);

const records = makeRecords(RECORDS, 20240630);
const nodes = (logic: unknown): number => (logic === null || typeof logic !== "object" ? 1 : 1 + Object.values(logic).reduce((sum: number, part) => sum + nodes(part), 0));
console.log(`szcheck engine benchmark: ${rules.length} rules × ${RECORDS.toLocaleString("en")} records = ${(rules.length * RECORDS).toLocaleString("en")} evaluations per pass; node ${process.version}`);
console.log(`  rules: ${(rules.reduce((sum, r) => sum + nodes(r.logic), 0) / rules.length).toFixed(1)} JSON nodes each on average; median of ${RUNS} passes per engine, the engines taking turns`);

/**
 * json-logic-js as published: a copy of its own (not the instance szcheck configures), with only
 * szcheck's helper operations added (the rules use sum), and its own `var`, which splits the path
 * on every read and also reads inherited properties. The reference engine is this `apply` with
 * szcheck's `var` (own properties only, paths split once, reads told to a recorder).
 */
function stockApply(): LogicEvaluator {
  const require = createRequire(import.meta.url);
  const path = require.resolve("json-logic-js");
  const cached = require.cache[path];
  delete require.cache[path];
  const stock = require("json-logic-js") as { apply(logic: unknown, data: unknown): unknown; add_operation(name: string, code: unknown): void };
  if (cached !== undefined) require.cache[path] = cached;
  for (const [name, helper] of Object.entries(helpers)) stock.add_operation(name, helper);
  return { evaluate: (logic, scope) => stock.apply(logic, scope) };
}

const closures: CompiledLogic[] = rules.map((rule) => compileLogic(rule.logic));
const engines: Array<[string, Pass]> = [
  ["hand-written JS", viaFunctions(rules.map((rule) => rule.hand))],
  ["compiled (compiledEvaluator)", viaEvaluator(compiledEvaluator)],
  ["compiled (closures held)", viaFunctions(closures)],
  ["compiled, recorder active", viaEvaluatorRecorded(compiledEvaluator)],
  ["json-logic-js apply (reference)", viaEvaluator(referenceEvaluator)],
  ["json-logic-js apply, as published", viaEvaluator(stockApply())],
];
const only = args.indexOf("--only") === -1 ? undefined : (args[args.indexOf("--only") + 1] ?? "").split(",");
const results = measureAll(only === undefined ? engines : engines.filter(([name]) => only.some((word) => name.includes(word))), records, RUNS);
if (only !== undefined) process.exit(0);

const [hand, compiled, , recorded, reference, stock] = results as [Measured, Measured, Measured, Measured, Measured, Measured];
let agree = true;
for (const result of results) {
  for (let k = 0; k < rules.length; k++) {
    if (result.counts[k] !== hand.counts[k]) {
      agree = false;
      console.log(`  DISAGREEMENT: ${result.name} counts ${result.counts[k]} truthy for ${rules[k]!.id}, hand-written ${hand.counts[k]}`);
    }
  }
}
console.log(`  truthy results per rule agree across all engines: ${agree ? "yes" : "NO"} (${rules.map((rule, k) => `${rule.id} ${hand.counts[k]}`).slice(0, 4).join(", ")}, …)`);
const speedup = compiled.perSecond / reference.perSecond;
const gap = hand.perSecond / compiled.perSecond;
const overStock = compiled.perSecond / stock.perSecond;
// No target here: end to end a batch's time is not in the rule logic (issue 16; README, "Batch audits").
console.log(`  compiled / apply as published: ${overStock.toFixed(1)}×`);
console.log(`  compiled / apply (reference, szcheck's var): ${speedup.toFixed(1)}×`);
console.log(`  hand-written / compiled: ${gap.toFixed(2)}×   (target ≤ 3×) ${gap <= 3 ? "ok" : "MISSED"}`);
console.log(`  with a recorder, as szcheck runs: compiled / apply ${(recorded.perSecond / reference.perSecond).toFixed(1)}×, hand-written / compiled ${(hand.perSecond / recorded.perSecond).toFixed(2)}×`);
console.log(`  hand-written / apply:  ${(hand.perSecond / stock.perSecond).toFixed(1)}× as published, ${(hand.perSecond / reference.perSecond).toFixed(1)}× reference   (the most compiled / apply could reach on this workload)`);
if (!agree) process.exitCode = 1;
