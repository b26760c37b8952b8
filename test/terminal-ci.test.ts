import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { parse as parseJunit } from "junit2json";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config/config.js";
import type { ReportDocument } from "../src/model/report.js";
import { szcheck, tempFiles } from "./helpers.js";

/** Construction enterprises (credit codes from the demo, valid check digits) whose safety-director answer the tests set. */
const codes = ["914403001922012340", "91440300MA5F0L7K29", "914403002793983457", "91440300MA5G4R6W85", "91440300715247892J"];

interface Firm {
  director: boolean;
  name?: string;
  revenue?: number;
}

function enterprises(firms: Firm[]): string {
  return firms
    .map(
      (firm, index) => `- kind: enterprise
  creditCode: "${codes[index]}"
  name: ${firm.name ?? `测试建筑工程有限公司${index}`}
  type: construction
  ownership: private
  techLeader: false
  fiscalYear: 2023
  employees: 120
  revenueCny: ${firm.revenue ?? 500000000}
  safety: { liabilityInsurance: true, safetyDirector: ${firm.director} }
`,
    )
    .join("");
}

const only = ["--only", "safety-director", "--as-of", "2024-06-30", "--lang", "en", "--no-config"];
const jsonOf = (stdout: string): ReportDocument => JSON.parse(stdout) as ReportDocument;

describe("baseline", () => {
  const dir = tempFiles({ "firms.yaml": enterprises([{ director: false }, { director: false }, { director: false }, { director: true }, { director: true }]) });
  const baseline = join(dir, "szcheck-baseline.json");
  const run = (...args: string[]) => szcheck(["check", "firms.yaml", ...only, ...args], { cwd: dir });

  it("round trip: write; edit one record (and another unrelated): exactly one new; fix one: one fixed", () => {
    const written = run("--write-baseline", baseline);
    expect(written.code, written.stderr).toBe(0);
    expect(written.stderr).toContain("wrote");
    const file = JSON.parse(readFileSync(baseline, "utf8")) as { tool: string; findings: Array<{ rule: string; subject: string; fingerprint: string }> };
    expect(file.tool).toBe("szcheck");
    expect(file.findings.map((f) => f.subject)).toEqual([codes[0], codes[1], codes[2]].sort());

    // Unchanged: all three in the baseline; the run passes.
    const same = run("--baseline", baseline, "--format", "json");
    expect(same.code).toBe(0);
    expect(jsonOf(same.stdout).baseline).toMatchObject({ new: 0, unchanged: 3, absent: 0 });

    // A fourth firm loses its safety director; the first is renamed and its revenue changes (fields the rule does not read).
    writeFileSync(join(dir, "firms.yaml"), enterprises([{ director: false, name: "改名后的建筑有限公司", revenue: 1 }, { director: false }, { director: false }, { director: false }, { director: true }]));
    const edited = run("--baseline", baseline, "--format", "json");
    expect(edited.code).toBe(1);
    const report = jsonOf(edited.stdout);
    expect(report.baseline).toMatchObject({ new: 1, unchanged: 3, absent: 0, newBySeverity: { error: 1, warning: 0, info: 0 } });
    const findings = report.results.filter((r) => r.outcome === "fail");
    expect(findings.filter((r) => r.baseline === "new").map((r) => r.subject.id)).toEqual([codes[3]]);
    expect(findings.filter((r) => r.baseline === "unchanged")).toHaveLength(3);
    expect(report.results.filter((r) => r.outcome === "pass").every((r) => r.baseline === undefined)).toBe(true);

    // The text summary says it, and each finding line is marked.
    const text = run("--baseline", baseline);
    expect(text.stdout).toContain("baseline: 1 new · 3 unchanged · 0 fixed");
    expect(text.stdout).toMatch(/✖ error\s+\[new\] safety-director/);
    expect(text.stdout.match(/\[baseline\] safety-director/g)).toHaveLength(3);

    // Fix the second firm: one fixed (absent), the new one still fails.
    writeFileSync(join(dir, "firms.yaml"), enterprises([{ director: false }, { director: true }, { director: false }, { director: false }, { director: true }]));
    const fixed = jsonOf(run("--baseline", baseline, "--format", "json").stdout).baseline!;
    expect(fixed).toMatchObject({ new: 1, unchanged: 2, absent: 1 });
    expect(fixed.absentFindings.map((f) => f.subject)).toEqual([codes[1]]);
    expect(run("--baseline", baseline).stdout).toContain("baseline: 1 new · 2 unchanged · 1 fixed");

    // SARIF: baselineState on each result, and the fixed one as absent.
    const sarif = JSON.parse(run("--baseline", baseline, "--format", "sarif").stdout) as { runs: Array<{ results: Array<{ baselineState: string; partialFingerprints: Record<string, string>; logicalLocations?: unknown; locations: Array<{ logicalLocations: Array<{ fullyQualifiedName: string }> }> }> }> };
    const states = sarif.runs[0]!.results.map((r) => `${r.baselineState} ${r.locations[0]!.logicalLocations[0]!.fullyQualifiedName}`).sort();
    expect(states).toEqual([`absent ${codes[1]}`, `new ${codes[3]}`, `unchanged ${codes[0]}`, `unchanged ${codes[2]}`].sort());
    const fingerprints = new Set(file.findings.map((f) => f.fingerprint));
    expect(sarif.runs[0]!.results.filter((r) => r.baselineState === "unchanged").every((r) => fingerprints.has(r.partialFingerprints["szcheck/finding/v1"]!))).toBe(true);

    // JUnit: only the new finding is a failure; compact and github mark the state too.
    const junit = run("--baseline", baseline, "--format", "junit").stdout;
    expect(junit).toMatch(/<testsuites name="szcheck" tests="\d+" failures="1"/);
    expect(run("--baseline", baseline, "--format", "compact").stdout).toContain(`error safety-director [new]`);
    const github = run("--baseline", baseline, "--format", "github").stdout;
    expect(github.match(/^::error /gm)).toHaveLength(1);
    expect(github).toContain("title=in the baseline%3A safety-director");
  });

  it("a baseline file with a mistake is exit 2 naming the file and the key", () => {
    const bad = tempFiles({ "firms.yaml": enterprises([{ director: false }]), "b.json": JSON.stringify({ tool: "szcheck", baselineVersion: 1, findings: [{ rule: "x" }] }) });
    const result = szcheck(["check", "firms.yaml", ...only, "--baseline", "b.json"], { cwd: bad });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/b\.json.*invalid baseline.*findings\.0/);
  });

  it("the baseline's JSON Schema is `szcheck schema baseline`", () => {
    const schema = JSON.parse(szcheck(["schema", "baseline"]).stdout) as { title: string; properties: Record<string, unknown> };
    expect(schema.title).toBe("szcheck baseline");
    expect(Object.keys(schema.properties)).toContain("findings");
  });
});

describe("ignore", () => {
  const filing = enterprises([{ director: false }]);
  const layout = (): string => {
    const dir = tempFiles({ "firms.yaml": filing, "tsconfig.json": JSON.stringify({ compilerOptions: { strict: true } }), "list.json": "[1, 2]" });
    for (const folder of ["node_modules/pkg", "dist", "drafts", "archive/2022", ".git"]) mkdirSync(join(dir, folder), { recursive: true });
    for (const file of ["node_modules/pkg/firm.yaml", "dist/firm.yaml", "drafts/firm.yaml", "archive/2022/firm.yaml", ".git/firm.yaml"]) writeFileSync(join(dir, file), filing);
    return dir;
  };
  const inputsOf = (dir: string, ...args: string[]): string[] => jsonOf(szcheck(["check", ".", ...only, "--format", "json", ...args], { cwd: dir }).stdout).inputs.map((input) => input.file);

  it("leaves out node_modules, .git and dist, and skips files that are not records in one line", () => {
    const dir = layout();
    const result = szcheck(["check", ".", ...only, "--format", "json"], { cwd: dir });
    expect(result.code, result.stderr).toBe(1);
    expect(jsonOf(result.stdout).inputs.map((input) => input.file)).toEqual(["archive/2022/firm.yaml", "drafts/firm.yaml", "firms.yaml"]);
    expect(jsonOf(result.stdout).errors).toEqual([]);
    expect(result.stderr).toContain("szcheck: skipped 2 files that are not records (no kind): list.json, tsconfig.json");
  });

  it("reads .szcheckignore (gitignore syntax, negation too), --ignore and the config's ignore", () => {
    const dir = layout();
    writeFileSync(join(dir, ".szcheckignore"), "# old filings\narchive/\n");
    expect(inputsOf(dir)).toEqual(["drafts/firm.yaml", "firms.yaml"]);
    expect(inputsOf(dir, "--ignore", "drafts/**")).toEqual(["firms.yaml"]);
    writeFileSync(join(dir, ".szcheckignore"), "*.yaml\n!firms.yaml\n");
    expect(inputsOf(dir)).toEqual(["firms.yaml"]);
    writeFileSync(join(dir, ".szcheckignore"), "");
    writeFileSync(join(dir, "szcheck.config.yaml"), "ignore: [drafts/, archive/]\n");
    const named = szcheck(["check", "drafts/firm.yaml", "firms.yaml", ...only, "--ignore", "drafts/"], { cwd: dir });
    expect(named.stderr).toContain("szcheck: ignored 1 file named on the command line (by --ignore): drafts/firm.yaml");
    const withConfig = jsonOf(szcheck(["check", ".", "--only", "safety-director", "--format", "json"], { cwd: dir }).stdout);
    expect(withConfig.inputs.map((input) => input.file)).toEqual(["firms.yaml"]);
  });

  it("a file named outright that is not a record is still an error (exit 2), unless --skip-non-records", () => {
    const dir = layout();
    const named = szcheck(["check", "tsconfig.json", ...only], { cwd: dir });
    expect(named.code).toBe(2);
    expect(named.stdout + named.stderr).toContain("tsconfig.json");
    const hook = szcheck(["check", "tsconfig.json", "firms.yaml", ...only, "--skip-non-records"], { cwd: dir });
    expect(hook.code).toBe(1);
    expect(hook.stderr).toContain("skipped 1 file that is not a record");
  });
});

describe("formats", () => {
  const dir = tempFiles({ "firms.yaml": enterprises([{ director: false }, { director: true }]) });
  const run = (...args: string[]) => szcheck(["check", "firms.yaml", ...only, ...args], { cwd: dir });
  const infoConfig = join(dir, "info.yaml");
  writeFileSync(infoConfig, "severity:\n  safety-director: info\n");

  it("JUnit: a finding below --fail-on passes (with its severity as a property); at or above it fails", async () => {
    const below = await parseJunit(run("--config", infoConfig, "--format", "junit").stdout);
    const at = await parseJunit(run("--config", infoConfig, "--format", "junit", "--fail-on", "info").stdout);
    expect(below).toMatchObject({ failures: 0 });
    expect(at).toMatchObject({ failures: 1 });
    const junit = run("--config", infoConfig, "--format", "junit").stdout;
    expect(junit).toContain('<property name="severity" value="info"/>');
    expect(junit).toContain("below --fail-on error: not a failure");
    expect(junit).not.toContain("<failure");
    expect(run("--config", infoConfig).code).toBe(0);
  });

  it("SARIF: informationUri from package.json's homepage, fullName, automationDetails, partialFingerprints", () => {
    const require = createRequire(import.meta.url);
    const homepage = (require("../package.json") as { homepage: string }).homepage;
    const log = JSON.parse(run("--format", "sarif").stdout) as { runs: Array<{ tool: { driver: { informationUri: string; fullName: string } }; automationDetails: { id: string }; results: Array<{ partialFingerprints: Record<string, string> }> }> };
    const sarifRun = log.runs[0]!;
    expect(sarifRun.tool.driver.informationUri).toBe(homepage);
    expect(sarifRun.tool.driver.fullName).toMatch(/^szcheck \d+\.\d+\.\d+/);
    expect(sarifRun.automationDetails.id).toBe("szcheck/");
    expect(Object.keys(sarifRun.results[0]!.partialFingerprints).sort()).toEqual(["szcheck/finding/v1", "szcheck/ruleSubject/v1"]);
  });

  it("compact: file:line:col: severity rule-id message, a line per finding, then the summary", () => {
    const lines = run("--format", "compact").stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^firms\.yaml:\d+:\d+: error safety-director .* must appoint a safety director/);
    expect(lines[1]).toMatch(/^✖ 1 problem \(1 error · 0 warning · 0 info\)/);
  });

  it("when every format goes to a file, stderr says what was written where (path, size) and the summary", () => {
    const result = run("--format", "html=a.html", "--format", "csv=b.csv");
    expect(result.stdout).toBe("");
    const sizes = ["a.html", "b.csv"].map((file) => readFileSync(join(dir, file)).length);
    expect(result.stderr).toMatch(new RegExp(`^szcheck: wrote a\\.html \\(${(sizes[0]! / 1024).toFixed(1)} KB\\), b\\.csv \\((${sizes[1]} B|${(sizes[1]! / 1024).toFixed(1)} KB)\\)\\n✖ 1 problem`));
    expect(run("--format", "json=c.json", "--format", "text").stderr).not.toContain("wrote");
  });
});

describe("courtesies", () => {
  const dir = tempFiles({ "firms.yaml": enterprises([{ director: false }]), "bad.yaml": "kind: project\nprojectCode: 2023-440305-70-01-100001\nname: 测试\ndistrict: 南山x\n" });

  it("did you mean: rule ids, formats, choices, schema names, and enum values with the value received", () => {
    expect(szcheck(["check", "firms.yaml", "--only", "bim-requird"], { cwd: dir }).stderr).toContain('no rule with id "bim-requird" (did you mean "bim-required"?)');
    expect(szcheck(["check", "firms.yaml", "--format", "htm"], { cwd: dir }).stderr).toContain('unknown format "htm" (did you mean "html"?)');
    expect(szcheck(["check", "firms.yaml", "--fail-on", "warnign"], { cwd: dir }).stderr).toContain('"warnign" is not one of error, warning, info, none (did you mean "warning"?)');
    expect(szcheck(["schema", "confg"]).stderr).toContain('(did you mean "config"?)');
    const enumValue = szcheck(["check", "bad.yaml", "--no-config"], { cwd: dir });
    expect(enumValue.code).toBe(2);
    expect(enumValue.stdout).toContain('"南山x" is not one of the values (did you mean "南山"?)');
    writeFileSync(join(dir, "c.yaml"), "severity:\n  safety-director: erorr\n");
    expect(szcheck(["check", "firms.yaml", "--config", "c.yaml"], { cwd: dir }).stderr).toContain('"erorr" is not one of the values (did you mean "error"?): error, warning, info, off');
  });

  it("every finding line of the text report shows its severity", () => {
    const text = szcheck(["check", "firms.yaml", "--no-config", "--lang", "en", "--as-of", "2024-06-30"], { cwd: dir }).stdout;
    const findingLines = text.split("\n").filter((line) => /^ {2}[✖⚠ℹ?] /.test(line));
    expect(findingLines.length).toBeGreaterThan(1);
    for (const line of findingLines) expect(line).toMatch(/^ {2}(✖ error|⚠ warning|ℹ info|\? (error|warning|info) · incomplete) /);
    const summary = /\((\d+) error · (\d+) warning · (\d+) info\)/.exec(text)!;
    for (const [index, severity] of ["error", "warning", "info"].entries()) {
      expect(findingLines.filter((line) => line.includes(` ${severity} `) || line.endsWith(` ${severity}`)).length).toBe(Number(summary[index + 1]));
    }
  });

  it("szcheck completion bash completes commands, options and their values in a real bash", () => {
    const script = szcheck(["completion", "bash"]).stdout;
    const complete = (words: string[]): string[] => {
      const program = `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}; _szcheck; printf '%s\\n' "\${COMPREPLY[@]}"`;
      const result = spawnSync("bash", ["--norc", "--noprofile", "-c", program], { encoding: "utf8", cwd: dir });
      expect(result.status, result.stderr).toBe(0);
      return result.stdout.split("\n").filter((line) => line !== "");
    };
    expect(complete(["szcheck", "ch"])).toEqual(["check"]);
    expect(complete(["szcheck", "check", "--fail-on", ""])).toEqual(["error", "warning", "info", "none"]);
    expect(complete(["szcheck", "check", "--format", "c"])).toEqual(["csv", "compact"]);
    expect(complete(["szcheck", "check", "--base"])).toEqual(["--baseline"]);
    expect(complete(["szcheck", "rules", "s"])).toEqual(["show"]);
    expect(complete(["szcheck", "rules", "show", "--l"])).toEqual(["--lang"]);
    expect(complete(["szcheck", "init", ""])).toEqual(["project", "enterprise", "config"]);
    expect(complete(["szcheck", "check", "fir"])).toEqual(["firms.yaml"]);
  });

  it("szcheck completion zsh and fish give scripts the shells accept; another shell gets a did-you-mean", () => {
    const zsh = szcheck(["completion", "zsh"]).stdout;
    expect(zsh.startsWith("#compdef szcheck\n")).toBe(true);
    expect(zsh).toContain("bashcompinit");
    const fish = szcheck(["completion", "fish"]).stdout;
    expect(fish).toContain("complete -c szcheck -n '__fish_seen_subcommand_from check' -l fail-on -x -a 'error warning info none'");
    for (const [shell, text] of [["zsh", zsh], ["fish", fish]] as const) {
      const available = spawnSync(shell, ["-c", "exit 0"]).status === 0;
      if (!available) continue;
      const file = join(dir, `completion.${shell}`);
      writeFileSync(file, text);
      expect(spawnSync(shell, ["-n", file], { encoding: "utf8" }).status).toBe(0);
    }
    expect(szcheck(["completion", "bsh"]).stderr).toContain('(did you mean "bash"?)');
  });

  it("szcheck init config writes a commented config that loads as it stands, and will not overwrite it", () => {
    const folder = tempFiles({});
    const result = szcheck(["init", "config"], { cwd: folder });
    expect(result.code).toBe(0);
    const text = readFileSync(join(folder, "szcheck.config.yaml"), "utf8");
    expect(text).toMatch(/^# yaml-language-server: \$schema=.*schemas\/config\.schema\.json/);
    for (const key of ["failOn", "lang", "asOf", "rules", "severity", "params", "waivers", "ignore"]) expect(text).toMatch(new RegExp(`^#? ?${key}:`, "m"));
    expect(loadConfig(join(folder, "szcheck.config.yaml")).config).toEqual({ failOn: "error", ignore: ["drafts/"] });
    expect(szcheck(["init", "config"], { cwd: folder }).code).toBe(2);
    expect(szcheck(["init", "confg"], { cwd: folder }).stderr).toContain('(did you mean "config"?)');
  });
});
