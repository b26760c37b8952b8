import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Report } from "../src/model/report.js";
import { repoRoot, szcheck, tempFiles } from "./helpers.js";

const housing = join(repoRoot, "fixtures/demo/projects/longgang-affordable-housing.yaml");
const building2 = "2023-440307-70-01-200457/2#";
const project = "2023-440307-70-01-200457";

/** A temp folder with the given files (subfolders allowed), and the housing filing copied in. */
function workspace(files: Record<string, string>): string {
  const dir = tempFiles({});
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

const json = (run: { stdout: string }): Report => JSON.parse(run.stdout) as Report;
const resultOf = (report: Report, ruleId: string, subject: string) => [...report.results].find((r) => r.ruleId === ruleId && r.subject.id === subject);

describe("szcheck.config.yaml", () => {
  it("is found in a folder above the working folder, and sets severity, params, failOn, lang and asOf", () => {
    const dir = workspace({
      "szcheck.config.yaml": "severity:\n  prefab-required: warning\n  bim-approval-filing: off\nparams:\n  prefab-required:\n    minAssemblyRatePct: 40\nfailOn: warning\nlang: zh\nasOf: 2024-06-30\n",
      "sub/deeper/.keep": "",
    });
    const cwd = join(dir, "sub", "deeper");
    const run = szcheck(["check", housing, "--format", "json", "--results", "all"], { cwd });
    const report = json(run);
    expect(report.lang).toBe("zh");
    expect(report.asOf).toBe("2024-06-30");
    expect([...report.results].some((r) => r.ruleId === "bim-approval-filing")).toBe(false);
    const prefab = resultOf(report, "prefab-required", building2)!;
    expect(prefab.outcome).toBe("pass"); // 42% passes a 40% threshold
    expect(prefab.severity).toBe("warning");
    expect(prefab.assumptions).toContain("minAssemblyRatePct");
    expect(report.rules.find((rule) => rule.id === "prefab-required")?.params.minAssemblyRatePct).toMatchObject({ value: 40, why: expect.stringContaining("../../szcheck.config.yaml"), override: { file: "../../szcheck.config.yaml", default: 50 } });
    // failOn: warning from the config makes the warnings count: exit 1.
    expect(run.code).toBe(1);
    const plain = json(szcheck(["check", housing, "--format", "json", "--results", "all", "--as-of", "2024-06-30"], { cwd: repoRoot }));
    expect(report.rulesetHash).not.toBe(plain.rulesetHash);
  });

  it("flags beat the config; --no-config ignores it; --config names another file", () => {
    const dir = workspace({ "szcheck.config.yaml": "lang: zh\nasOf: 2024-06-30\nfailOn: none\n", "other.yaml": "severity:\n  prefab-required: info\n" });
    const flags = json(szcheck(["check", housing, "--format", "json", "--results", "all", "--lang", "en", "--as-of", "2024-01-01"], { cwd: dir }));
    expect([flags.lang, flags.asOf]).toEqual(["en", "2024-01-01"]);
    expect(szcheck(["check", housing, "--as-of", "2024-06-30"], { cwd: dir }).code).toBe(0); // failOn: none
    expect(szcheck(["check", housing, "--as-of", "2024-06-30", "--fail-on", "error"], { cwd: dir }).code).toBe(1);
    const none = json(szcheck(["check", housing, "--format", "json", "--results", "all", "--no-config", "--as-of", "2024-06-30"], { cwd: dir }));
    expect(none.lang).toBe("en");
    const other = json(szcheck(["check", housing, "--format", "json", "--results", "all", "--config", "other.yaml", "--as-of", "2024-06-30"], { cwd: dir }));
    expect(resultOf(other, "prefab-required", building2)!.severity).toBe("info");
    expect(other.lang).toBe("en");
  });

  it("adds rule packs relative to the config file", () => {
    const rule = "id: my-rule\ntitle: { zh: 测试, en: test rule }\nclause: 三（八）\nsource: x\nsubject: project\nstrength: mandatory\ncheck: { \"==\": [{ var: bim.applied }, true] }\nmessage: { fail: { zh: 未应用, en: not applied } }\n";
    const dir = workspace({ "szcheck.config.yaml": "rules: [packs/mine]\n", "packs/mine/my-rule.yaml": rule });
    const report = json(szcheck(["check", housing, "--format", "json", "--results", "all", "--as-of", "2024-06-30"], { cwd: dir }));
    expect(resultOf(report, "my-rule", project)!.outcome).toBe("pass");
  });

  it("the same config gives the same hash; a different parameter or severity a different one", () => {
    const hashOf = (config: string): string => json(szcheck(["check", housing, "--format", "json", "--results", "all", "--as-of", "2024-06-30"], { cwd: workspace({ "szcheck.config.yaml": config }) })).rulesetHash;
    const base = hashOf("lang: en\n");
    expect(hashOf("lang: zh\n")).toBe(base); // not a rule setting
    const param = hashOf("params:\n  prefab-required:\n    minAssemblyRatePct: 40\n");
    expect(param).not.toBe(base);
    expect(hashOf("params:\n  prefab-required:\n    minAssemblyRatePct: 40\n")).toBe(param);
    expect(hashOf("severity:\n  prefab-required: warning\n")).not.toBe(base);
    expect(hashOf("severity:\n  prefab-required: off\n")).not.toBe(base);
  });

  const invalid: Array<[string, string, RegExp]> = [
    ["unknown key", "failon: error\n", /szcheck\.config\.yaml#\/failon: invalid config \(line 1\): failon: unknown key "failon" \(did you mean "failOn"\?\)/],
    ["unknown rule id", "severity:\n  prefab-requird: warning\n", /szcheck\.config\.yaml#\/severity\/prefab-requird: invalid config \(line 2\): severity\.prefab-requird: no rule with id "prefab-requird" \(did you mean "prefab-required"\?\)/],
    ["bad severity", "severity:\n  prefab-required: fatal\n", /invalid config \(line 2\): severity\.prefab-required: /],
    ["unknown param", "params:\n  prefab-required:\n    minRate: 40\n", /invalid config \(line 3\): params\.prefab-required\.minRate: rule prefab-required has no parameter "minRate"/],
    ["wrong param type", "params:\n  prefab-required:\n    minAssemblyRatePct: forty\n", /invalid config \(line 3\): params\.prefab-required\.minAssemblyRatePct: the rule's value is a number \(50\); "forty" is a string/],
    ["bad date", "asOf: 2024-02-30\n", /invalid config \(line 1\): asOf: must be a date written YYYY-MM-DD/],
    ["bad YAML", "severity: [\n", /szcheck\.config\.yaml: invalid YAML at line \d+/],
  ];
  for (const [what, config, message] of invalid) {
    it(`an invalid config (${what}) is exit 2 naming the file, the key and the line`, () => {
      const run = szcheck(["check", housing], { cwd: workspace({ "szcheck.config.yaml": config }) });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stdout).toBe("");
    });
  }

  it("--config with a file that does not exist is exit 2", () => {
    const run = szcheck(["check", housing, "--config", "nope.yaml"], { cwd: workspace({}) });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("nope.yaml: no such config");
  });

  it("--only naming a rule the config turned off is an error saying so", () => {
    const run = szcheck(["check", housing, "--only", "prefab-required"], { cwd: workspace({ "szcheck.config.yaml": "severity:\n  prefab-required: off\n" }) });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("prefab-required is turned off (severity: off) in szcheck.config.yaml");
  });

  it("szcheck schema config and szcheck schema waivers print their JSON Schemas", () => {
    const config = JSON.parse(szcheck(["schema", "config"]).stdout) as { properties: Record<string, unknown>; additionalProperties: boolean };
    expect(Object.keys(config.properties)).toEqual(expect.arrayContaining(["rules", "severity", "params", "failOn", "lang", "asOf", "waivers"]));
    expect(config.additionalProperties).toBe(false);
    const waivers = JSON.parse(szcheck(["schema", "waivers"]).stdout) as { type: string; items: { required: string[] } };
    expect(waivers.type).toBe("array");
    expect(waivers.items.required).toEqual(["rule", "subject", "reason", "approvedBy", "expires"]);
  });
});

describe("waivers", () => {
  const waiver = (fields: Record<string, string>): string =>
    `- rule: ${fields.rule ?? "prefab-required"}\n  subject: "${fields.subject ?? building2}"\n  reason: ${fields.reason ?? "装配率论证已报备"}\n  approvedBy: ${fields.approvedBy ?? "市住建局 张工"}\n  expires: ${fields.expires ?? "2024-12-31"}\n`;
  const onlyPrefab = ["--only", "prefab-required", "--as-of", "2024-06-30"];

  it("a valid waiver turns the failure into waived, shown and counted, and the exit code 0 where it was 1", () => {
    const dir = workspace({ "waivers.yaml": waiver({}) + waiver({ subject: "2023-440307-70-01-200457/3#" }) });
    expect(szcheck(["check", housing, ...onlyPrefab], { cwd: dir }).code).toBe(1);
    const run = szcheck(["check", housing, ...onlyPrefab, "--waivers", "waivers.yaml", "--format", "json", "--results", "all"], { cwd: dir });
    expect(run.code).toBe(0);
    const report = json(run);
    const prefab = resultOf(report, "prefab-required", building2)!;
    expect(prefab.outcome).toBe("waived");
    expect(prefab.waiver).toEqual({ reason: "装配率论证已报备", approvedBy: "市住建局 张工", expires: "2024-12-31" });
    expect(report.summary.waived).toBe(2);
    expect(report.summary.bySeverity.error).toBe(0);
    expect(report.waivers).toEqual({ file: "waivers.yaml", count: 2, applied: 2, expired: [], stale: [] });
    const text = szcheck(["check", housing, ...onlyPrefab, "--waivers", "waivers.yaml", "--lang", "en"], { cwd: dir });
    expect(text.stdout).toContain("⊘ waived");
    expect(text.stdout).toContain("waived: 装配率论证已报备 (市住建局 张工, until 2024-12-31)");
    expect(text.stdout).toContain("2 waived");
  });

  it("a project code covers its buildings; the config's waivers file is relative to the config", () => {
    const dir = workspace({ "policy/szcheck.config.yaml": "waivers: waivers.yaml\n", "policy/waivers.yaml": waiver({ subject: project }) });
    const run = szcheck(["check", housing, ...onlyPrefab, "--format", "json", "--results", "all"], { cwd: join(dir, "policy") });
    expect(run.code).toBe(0);
    expect(json(run).summary.waived).toBe(2);
  });

  it("an expired waiver no longer applies: the failure stands and the waiver is reported expired", () => {
    const dir = workspace({ "waivers.yaml": waiver({ expires: "2024-06-29" }) });
    const run = szcheck(["check", housing, ...onlyPrefab, "--waivers", "waivers.yaml", "--format", "json", "--results", "all"], { cwd: dir });
    expect(run.code).toBe(1);
    const report = json(run);
    expect(resultOf(report, "prefab-required", building2)!.outcome).toBe("fail");
    expect(report.waivers!.expired).toEqual([{ rule: "prefab-required", subject: building2, reason: "装配率论证已报备", approvedBy: "市住建局 张工", expires: "2024-06-29", pointer: "/0", line: 1, matched: ["fail"] }]);
    const github = szcheck(["check", housing, ...onlyPrefab, "--waivers", "waivers.yaml", "--format", "github", "--lang", "en"], { cwd: dir });
    expect(github.stdout).toContain("::warning file=waivers.yaml,line=1,title=waiver expired::prefab-required 2023-440307-70-01-200457/2#: expired on 2024-06-29");
    // expires on the as-of day itself still applies
    expect(szcheck(["check", housing, "--only", "prefab-required", "--as-of", "2024-06-29", "--waivers", "waivers.yaml"], { cwd: workspace({ "waivers.yaml": waiver({ expires: "2024-06-29" }) + waiver({ subject: "2023-440307-70-01-200457/3#", expires: "2024-06-29" }) }) }).code).toBe(0);
  });

  it("a waiver that waived nothing is reported stale, with what it matched; incomplete results are never waived", () => {
    const dir = workspace({ "waivers.yaml": waiver({ subject: "2023-440307-70-01-200457/1#" }) + waiver({ rule: "energy-label", subject: "2023-440307-70-01-200457/1#" }) });
    const run = szcheck(["check", housing, "--as-of", "2024-06-30", "--only", "prefab-required,energy-label", "--waivers", "waivers.yaml", "--format", "json", "--results", "all"], { cwd: dir });
    const report = json(run);
    expect(report.waivers!.stale.map((s) => [s.rule, s.line, s.matched])).toEqual([
      ["prefab-required", 1, ["pass"]],
      ["energy-label", 6, ["incomplete"]],
    ]);
    expect(resultOf(report, "energy-label", "2023-440307-70-01-200457/1#")!.outcome).toBe("incomplete");
    const markdown = szcheck(["check", housing, ...onlyPrefab, "--waivers", "waivers.yaml", "--format", "markdown", "--lang", "en"], { cwd: dir });
    expect(markdown.stdout).toContain("### Waivers");
    expect(markdown.stdout).toContain("`waivers.yaml:1`: stale, waived nothing: `prefab-required`");
  });

  it("SARIF shows a waived failure with an external suppression and its justification", () => {
    const dir = workspace({ "waivers.yaml": waiver({}) });
    const sarif = JSON.parse(szcheck(["check", housing, ...onlyPrefab, "--waivers", "waivers.yaml", "--format", "sarif"], { cwd: dir }).stdout) as { runs: Array<{ results: Array<{ properties: { subject: { id: string } }; suppressions?: unknown[] }> }> };
    const waived = sarif.runs[0]!.results.find((r) => r.properties.subject.id === building2)!;
    expect(waived.suppressions).toEqual([{ kind: "external", status: "accepted", justification: "装配率论证已报备", properties: { approvedBy: "市住建局 张工", expires: "2024-12-31" } }]);
  });

  it("an invalid waivers file is exit 2 naming the file, the key and the line", () => {
    const cases: Array<[string, RegExp]> = [
      [waiver({}).replace("  reason: 装配率论证已报备\n", ""), /waivers\.yaml#\/0\/reason: invalid waivers file \(line 1\): 0\.reason: /],
      [waiver({ expires: "someday" }), /waivers\.yaml#\/0\/expires: invalid waivers file \(line 5\): 0\.expires: must be a date/],
      [waiver({ rule: "prefab-requird" }), /waivers\.yaml#\/0\/rule: invalid waivers file \(line 1\): 0\.rule: no rule with id "prefab-requird"/],
      ["- rule: rd-intensity\n  subject: 914403001922012340\n  reason: x\n  approvedBy: y\n  expires: 2025-01-01\n", /invalid waivers file \(line 2\): 0\.subject: must be a string \(quote an all-digit credit code\)/],
    ];
    for (const [content, message] of cases) {
      const run = szcheck(["check", housing, "--waivers", "waivers.yaml"], { cwd: workspace({ "waivers.yaml": content }) });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
    }
  });
});
