import fc from "fast-check";

// Random valid descriptors (fast-check arbitraries), for the property tests. A key may be present
// with the value undefined (as fast-check makes them); `asJson` drops those, as JSON would.

const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 3 });
const date = fc.date({ min: new Date("2015-01-01T00:00:00Z"), max: new Date("2030-12-31T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const money = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2e11 }), fc.double({ min: 0, max: 1e9, noNaN: true, noDefaultInfinity: true }));
const pick = <T>(...values: T[]) => fc.constantFrom(...values);

const building = fc.record(
  {
    id: fc.string({ minLength: 1, maxLength: 4 }).filter((s) => s.trim() !== ""),
    use: optional(pick("residential", "public", "industrial", "居住", "公共")),
    isGovernmentOffice: optional(fc.boolean()),
    heightM: optional(fc.double({ min: 0, max: 600, noNaN: true, noDefaultInfinity: true })),
    floorAreaM2: optional(fc.integer({ min: 0, max: 200000 })),
    structure: optional(pick("precast-concrete", "steel", "cast-in-place", "modular", "timber", "hybrid")),
    prefab: optional(fc.record({ adopted: optional(fc.boolean()), assemblyRatePct: optional(fc.double({ min: 0, max: 100, noNaN: true })) }, { requiredKeys: [] })),
    green: optional(fc.record({ targetStar: optional(fc.integer({ min: 0, max: 3 })) }, { requiredKeys: [] })),
    delivery: optional(pick("shell", "fully-fitted")),
    prefabFitOut: optional(fc.boolean()),
    energyLabel: optional(fc.boolean()),
    healthMonitoring: optional(fc.boolean()),
  },
  { requiredKeys: ["id"] },
);

const party = fc.record(
  {
    role: pick("owner", "surveyor", "designer", "contractor", "supervisor", "建设单位"),
    leaderName: optional(fc.constantFrom("张伟", "李娜")),
    authorizationFiled: optional(fc.boolean()),
    commitmentFiled: optional(fc.boolean()),
  },
  { requiredKeys: ["role"] },
);

export const project = fc.record(
  {
    kind: fc.constant("project"),
    projectCode: fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() !== ""),
    name: fc.constant("随机项目"),
    district: optional(pick("futian", "nanshan", "龙岗")),
    keyArea: optional(fc.option(pick("前海", "河套"), { nil: null })),
    approval: optional(fc.record({ type: optional(pick("approval", "filing")), date: optional(date), isMajorProject: optional(fc.boolean()) }, { requiredKeys: [] })),
    funding: optional(pick("government", "state-owned", "private", "mixed", "政府投资")),
    investmentCny: optional(money),
    constructionNature: optional(pick("new", "renovation", "extension", "urban-renewal")),
    category: optional(pick("building", "municipal-road", "transport", "water", "other-municipal")),
    tags: optional(fc.uniqueArray(pick("school", "affordable-housing", "hospital", "industrial-dormitory", "elevator-retrofit"), { maxLength: 3 })),
    buildings: optional(fc.array(building, { maxLength: 3 })),
    bim: optional(fc.record({ applied: optional(fc.boolean()), submittedAt: optional(fc.uniqueArray(pick("planning-permit", "construction-permit", "completion-acceptance"), { maxLength: 3 })), forwardDesign: optional(fc.boolean()), domesticSoftware: optional(fc.boolean()), costInBudgetCny: optional(money), tender: optional(fc.boolean()) }, { requiredKeys: [] })),
    delivery: optional(fc.record({ model: optional(pick("epc", "general-contracting", "dbb", "agent", "ipmt-epc-supervision")) }, { requiredKeys: [] })),
    parties: optional(fc.array(party, { maxLength: 6 })),
    quality: optional(fc.record({ permanentPlaque: optional(fc.boolean()) }, { requiredKeys: [] })),
    safety: optional(fc.record({ liabilityInsurance: optional(fc.boolean()) }, { requiredKeys: [] })),
    cost: optional(fc.record({ wasteReductionInEstimate: optional(fc.boolean()), workerTrainingFundCny: optional(money), workerTrainingFundNonCompetitive: optional(fc.boolean()) }, { requiredKeys: [] })),
    materials: optional(fc.record({ recycledProductsUsed: optional(fc.boolean()) }, { requiredKeys: [] })),
    permits: optional(fc.record({ planningPermitDate: optional(date), constructionPermitDate: optional(date), completionAcceptanceDate: optional(date), jointAcceptance: optional(fc.boolean()) }, { requiredKeys: [] })),
  },
  { requiredKeys: ["kind", "projectCode", "name"] },
);

export const enterprise = fc.record(
  {
    kind: fc.constant("enterprise"),
    creditCode: pick("91350100M000100Y43", "91440300MA5F0L7K29", "914403001922012340"),
    name: fc.constant("随机企业"),
    type: optional(pick("construction", "survey-design", "tech-consulting", "supervision", "cost-consulting", "other", "施工类")),
    ownership: optional(pick("state", "private", "foreign", "mixed")),
    techLeader: optional(fc.boolean()),
    fiscalYear: optional(fc.integer({ min: 2015, max: 2030 })),
    employees: optional(fc.integer({ min: 0, max: 100000 })),
    revenueCny: optional(money),
    rdExpenseCny: optional(money),
    wagesTotalCny: optional(money),
    staffEducationExpenseCny: optional(money),
    qualifications: optional(fc.array(fc.record({ category: pick("施工总承包"), grade: pick("特级", "综合", "comprehensive"), obtainedDate: optional(date) }, { requiredKeys: ["category", "grade"] }), { maxLength: 2 })),
    safety: optional(fc.record({ liabilityInsurance: optional(fc.boolean()), safetyDirector: optional(fc.boolean()) }, { requiredKeys: [] })),
    carbon: optional(fc.record({ baselineIntensity: optional(fc.double({ min: 0, max: 5, noNaN: true })), currentIntensity: optional(fc.double({ min: 0, max: 5, noNaN: true })) }, { requiredKeys: [] })),
  },
  { requiredKeys: ["kind", "creditCode", "name"] },
);

/** Drops keys whose value is undefined, as JSON would. */
export const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

