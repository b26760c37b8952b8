import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fieldReference } from "../src/authoring/field-reference.js";
import { fieldCatalog } from "../src/descriptors/field-catalog.js";
import { fieldInfoAt } from "../src/descriptors/field-infos.js";
import { matchHeader } from "../src/inputs/header-match.js";
import { headerTables } from "../src/inputs/header-aliases.js";
import { builtInRulesDir } from "../src/package-root.js";
import { loadRulePacks } from "../src/rules/load.js";
import { repoRoot } from "./helpers.js";
import { parse } from "yaml";
import { parseDescriptor } from "../src/descriptors/index.js";
import { fieldMeanings, groupFields, meaningOf } from "../src/explain/fields.js";
import { descriptorTemplate } from "../src/explain/template.js";
import { pathsOf, recordShape, groupShape } from "../src/rules/descriptor-paths.js";
import { logicToText } from "../src/rules/logic-text.js";

describe("field meanings (src/explain/fields.ts)", () => {
  for (const [kind, table] of [["project", fieldMeanings("project")], ["enterprise", fieldMeanings("enterprise")]] as const) {
    it(`describe exactly the ${kind} schema's fields, each leaf with an example value`, () => {
      const shape = recordShape(kind);
      expect(Object.keys(table).sort()).toEqual(pathsOf(shape).sort());
      const leaves = pathsOf(shape).filter((path) => !pathsOf(shape).some((other) => other.startsWith(`${path}.`) || other.startsWith(`${path}[]`)));
      for (const path of leaves) expect(table[path]?.example, `${kind} ${path}`).not.toBeUndefined();
    });
  }

  it("describe every group figure", () => {
    expect(Object.keys(groupFields).sort()).toEqual(pathsOf(groupShape, "group").filter((path) => !path.includes("[]")).sort());
  });

  it("are found for paths as rules read them", () => {
    expect(meaningOf("building.green.targetStar", "project")?.zh).toMatch(/星级/);
    expect(meaningOf("buildings.0.floorAreaM2", "project")?.unit).toBe("m2");
    expect(meaningOf("parties.1.role", "project")?.en).toBe("role of the party");
    expect(meaningOf("group.sharePct", "project")?.unit).toBe("pct");
    expect(meaningOf("rdExpenseCny", "enterprise")?.unit).toBe("cny");
    expect(meaningOf("nope", "enterprise")).toBeUndefined();
  });
});

describe("field declarations on the descriptor schemas (src/descriptors/field-info.ts)", () => {
  const kinds = ["project", "enterprise"] as const;

  it("give every field a Chinese and an English label", () => {
    for (const kind of kinds) {
      for (const field of fieldCatalog(kind)) {
        expect(field.label.zh, `${kind} ${field.path}`).toMatch(/\p{Script=Han}/u);
        expect(field.label.en, `${kind} ${field.path}`).toMatch(/[a-z]/i);
      }
    }
  });

  it("never give one header to two fields", () => {
    const owners = new Map<string, Set<string>>();
    for (const kind of kinds) {
      for (const field of fieldCatalog(kind)) {
        if (field.path.includes("[]")) continue;
        for (const name of [field.label.zh, ...(field.aliases ?? [])]) owners.set(name, (owners.get(name) ?? new Set()).add(field.path));
      }
    }
    const shared = [...owners].filter(([, paths]) => paths.size > 1).map(([name, paths]) => `${name}: ${[...paths].join(", ")}`);
    expect(shared).toEqual([]);
  });

  it("are the headers CSV and XLSX readers match, with the amount's unit written out", () => {
    const { headerAliases, segmentAliases } = headerTables();
    expect(headerAliases["项目代码"]).toBe("projectCode");
    expect(headerAliases["立项/核准/备案日期"]).toBe("approval.date");
    expect(matchHeader("营业收入（元）")).toMatchObject({ role: "field", path: ["revenueCny"], unit: { name: "元", factor: 1 } });
    expect(matchHeader("营业收入（万元）")).toMatchObject({ role: "field", path: ["revenueCny"], unit: { name: "万元", factor: 10000 } });
    expect(segmentAliases["建筑面积"]).toBe("floorAreaM2");
    expect(segmentAliases["单体"]).toBe("buildings");
  });

  it("generate docs/descriptors.md, with the rules that read each field (run npm run docs)", () => {
    const generated = fieldReference(loadRulePacks([builtInRulesDir()]).rules);
    expect(readFileSync(join(repoRoot, "docs", "descriptors.md"), "utf8")).toBe(generated);
    expect(generated).toMatch(/\| `parties\[\]\.leaderName` \| 项目负责人 \|.*`lifetime-quality-responsibility`/);
    expect(generated).toMatch(/\| `revenueCny` \| 营业收入 \| number \| 元 \(CNY\) \|.*`rd-intensity`/);
  });
});

describe("descriptor templates (szcheck init)", () => {
  for (const kind of ["project", "enterprise"] as const) {
    it(`the ${kind} template is a valid ${kind} with every field of the schema`, () => {
      const text = descriptorTemplate(kind, `../schemas/${kind}.schema.json`);
      expect(text.split("\n")[0]).toBe(`# yaml-language-server: $schema=../schemas/${kind}.schema.json`);
      const parsed = parseDescriptor(parse(text));
      expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
      for (const name of Object.keys(recordShape(kind).fields)) expect(text).toMatch(new RegExp(`^${name}:`, "m"));
    });
  }

  it("comments each field in Chinese and English and lists enum choices with their labels", () => {
    const text = descriptorTemplate("project", "schema.json");
    expect(text).toContain("# 所在区 / district\n#   可选 one of: futian 福田 | luohu 罗湖");
    expect(text).toContain("#   可多选 any of: school 学校 | affordable-housing 保障性住房");
    expect(text).toMatch(/# 规划许可载明的绿色建筑目标星级（0 为基本级） \/ green-building star level on the planning permit \(0 = basic\)\n\s+targetStar: 2/);
    expect(text).toContain('creditCode: "914403001922012340"');
  });
});

describe("logic in plain words (explain)", () => {
  const logic = { and: [{ ">=": [{ var: "building.green.targetStar" }, { var: "params.minStar" }] }, { "!=": [{ var: ["keyArea", null] }, null] }, { in: [{ var: "type" }, ["a", "b"]] }] };
  const describeVar = (path: string): string | undefined => (path === "params.minStar" ? "minStar (= 2 stars)" : undefined);

  it("uses symbols and the language's words, parameters with their values", () => {
    expect(logicToText(logic, { lang: "en", describeVar })).toBe("building.green.targetStar ≥ minStar (= 2 stars) and keyArea (absent: null) ≠ null and type in [a, b]");
    expect(logicToText(logic, { lang: "zh", describeVar })).toBe("building.green.targetStar ≥ minStar (= 2 stars) 且 keyArea（缺省为 null） ≠ null 且 type 属于 [a, b]");
    expect(logicToText({ if: [{ var: "a" }, { "*": [1, 2] }, { "/": [3, 4] }] }, { lang: "zh" })).toBe("若 a 则 1 × 2 否则 3 ÷ 4");
  });

  it("leaves the rules show text as it was without options", () => {
    expect(logicToText(logic)).toBe("building.green.targetStar >= params.minStar and (keyArea ?? null) != null and type in [a, b]");
  });
});

describe("field names and units in messages (src/descriptors/field-infos.ts)", () => {
  for (const kind of ["project", "enterprise"] as const) {
    it(`read from the zod schema say what the ${kind} field catalog (from the JSON Schema) says, for every field`, () => {
      const catalog = fieldCatalog(kind);
      expect(catalog.length).toBeGreaterThan(10);
      for (const field of catalog) {
        const info = fieldInfoAt(kind, field.path);
        expect(info?.label, `${kind} ${field.path}`).toEqual(field.label);
        expect(info?.unit, `${kind} ${field.path}`).toEqual(field.unit);
      }
      expect(fieldInfoAt(kind, "noSuchField")).toBeUndefined();
    });
  }
});
