import { createHash } from "node:crypto";
import type { CheckRun } from "./run.js";
import { findingFingerprint } from "../baseline/fingerprint.js";
import type { BaselineEntry } from "../model/baseline.js";
import { packageHomepage } from "../package-root.js";
import type { LoadedRule } from "../rules/load.js";
import { strengthsOf, type Severity } from "../rules/schema.js";
import { strengthLabel } from "./labels.js";
import type { Lang, Report, Result, WaiverNotice } from "../model/report.js";
import { isFindingOutcome } from "./view.js";

/**
 * SARIF 2.1.0 (OASIS), for GitHub code scanning and other SARIF consumers. One run; the driver
 * lists every rule that ran; a result for every finding (fail, incomplete) and every waived
 * failure (with an external suppression). Input errors are tool execution notifications, expired
 * and stale waivers tool configuration notifications. No timestamps or GUIDs: the same report
 * gives the same bytes.
 */

export const SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
/** The base the relative artifact URIs are resolved against: the folder szcheck ran in. */
export const SRCROOT = "%SRCROOT%";

type SarifLevel = "error" | "warning" | "note";

/** szcheck severity → SARIF level, in one place. */
export const sarifLevel: Record<Severity, SarifLevel> = { error: "error", warning: "warning", info: "note" };

/** Stands in for the results while the rest of the log is stringified; the results are then written one at a time. */
const RESULTS_HERE = "\u0000szcheck-results\u0000";
const RESULTS_INDENT = "        ";

const isShown = (result: Result): boolean => isFindingOutcome(result) || result.outcome === "waived";

export function* formatSarif(run: CheckRun): Generator<string> {
  const { report } = run;
  const rules = [...run.rules].sort((a, b) => (a.definition.id < b.definition.id ? -1 : a.definition.id > b.definition.id ? 1 : 0));
  const ruleIndex = new Map(rules.map((rule, index) => [rule.definition.id, index]));
  const homepage = packageHomepage();
  // Places of portfolio members take two more reads of the results: only when a portfolio rule ran.
  const portfolioRan = run.rules.some((rule) => rule.definition.subject === "portfolio");
  const places = portfolioRan ? recordPlaces(report.results, relatedMembers(report.results)) : new Map<string, Place>();
  const log = {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: report.tool,
            fullName: `szcheck ${report.version}: Shenzhen construction filings and enterprise records against 深府办函〔2022〕95号`,
            ...(homepage === undefined ? {} : { informationUri: homepage }),
            version: report.version,
            semanticVersion: report.version,
            rules: rules.map((rule) => ruleDescriptor(rule, report.lang)),
          },
        },
        // The category GitHub code scanning files the results under ("szcheck/"): a later run replaces this one.
        automationDetails: { id: "szcheck/" },
        invocations: [invocation(report)],
        language: report.lang === "zh" ? "zh-CN" : "en-US",
        columnKind: "utf16CodeUnits",
        artifacts: report.inputs.filter((input) => input.file !== "-").map((input) => ({ location: artifactLocation(input.file), hashes: input.sha256 === "" ? undefined : { "sha-256": input.sha256 } })),
        results: RESULTS_HERE,
        properties: { asOf: report.asOf, rulesetHash: report.rulesetHash, summary: report.summary },
      },
    ],
  };
  const text = JSON.stringify(log, null, 2) + "\n";
  const at = text.indexOf(JSON.stringify(RESULTS_HERE));
  yield text.slice(0, at);
  let first = true;
  for (const result of report.results) {
    if (!isShown(result)) continue;
    const json = JSON.stringify(sarifResult(result, ruleIndex.get(result.ruleId), places), null, 2).replaceAll("\n", `\n${RESULTS_INDENT}`);
    yield `${first ? "[\n" : ",\n"}${RESULTS_INDENT}${json}`;
    first = false;
  }
  // Baseline entries no finding matched: fixed since the baseline was written.
  for (const entry of report.baseline?.absentFindings ?? []) {
    const json = JSON.stringify(absentResult(entry, ruleIndex.get(entry.rule)), null, 2).replaceAll("\n", `\n${RESULTS_INDENT}`);
    yield `${first ? "[\n" : ",\n"}${RESULTS_INDENT}${json}`;
    first = false;
  }
  yield `${first ? "[]" : `\n${RESULTS_INDENT.slice(2)}]`}${text.slice(at + JSON.stringify(RESULTS_HERE).length)}`;
}

function ruleDescriptor(rule: LoadedRule, lang: Lang) {
  const { definition } = rule;
  const fix = definition.fix?.[lang];
  // A rule with strengthWhen branches has a strength per branch: each result says its own.
  const strengths = strengthsOf(definition);
  const strengthText = strengths.map((strength) => strengthLabel[lang][strength]).join(lang === "zh" ? "／" : " / ");
  const helpLines = [
    `${lang === "zh" ? "条款" : "Clause"} ${definition.clause} (${strengthText}): ${definition.source}`,
    ...(definition.basis ?? []).map((basis) => `${lang === "zh" ? "依据" : "Basis"}: ${basis}`),
    ...(fix === undefined ? [] : [`${lang === "zh" ? "建议" : "Fix"}: ${fix}`]),
  ];
  const helpMarkdown = [
    `**${lang === "zh" ? "条款" : "Clause"} ${definition.clause}** (${strengthText})`,
    "",
    `> ${definition.source}`,
    ...(definition.basis === undefined ? [] : ["", ...definition.basis.map((basis) => `- ${basis}`)]),
    ...(fix === undefined ? [] : ["", `**${lang === "zh" ? "建议" : "Fix"}:** ${fix}`]),
  ];
  return {
    id: definition.id,
    name: pascalCase(definition.id),
    shortDescription: { text: definition.title[lang] },
    fullDescription: { text: `${definition.title.zh} / ${definition.title.en}` },
    help: { text: helpLines.join("\n"), markdown: helpMarkdown.join("\n") },
    defaultConfiguration: { level: sarifLevel[rule.severity] },
    properties: {
      clause: definition.clause,
      strength: definition.strength,
      ...(strengths.length > 1 ? { strengths } : {}),
      severity: rule.severity,
      defaultLevel: sarifLevel[rule.severity],
      subject: definition.subject,
      tags: ["szcheck", definition.subject, ...strengths],
    },
  };
}

interface Place {
  file: string;
  line: number | null;
  column: number | null;
}

/** Where each subject's record is (the place of a result about the record itself, else its first result). */
function recordPlaces(results: Iterable<Result>, wanted: ReadonlySet<string>): Map<string, Place> {
  const places = new Map<string, Place & { exact: boolean }>();
  if (wanted.size === 0) return places;
  for (const result of results) {
    if (result.location === null || result.subject.file === "" || !wanted.has(result.subject.id)) continue;
    const exact = result.location.pointer === result.subject.pointer;
    const known = places.get(result.subject.id);
    if (known === undefined || (exact && !known.exact)) places.set(result.subject.id, { file: result.subject.file, line: result.location.line, column: result.location.column, exact });
  }
  return places;
}

/** The members a shown portfolio result points at (its first, and the related ones after it). */
function relatedMembers(results: Iterable<Result>): Set<string> {
  const wanted = new Set<string>();
  for (const result of results) {
    if (result.subject.kind !== "portfolio" || !isShown(result)) continue;
    for (const id of memberIds(result)) wanted.add(id);
  }
  return wanted;
}

const memberIds = (result: Result): string[] => (Array.isArray(result.outputs?.members) ? (result.outputs.members as unknown[]).map(String) : []);

/** A portfolio group has no file of its own: it is shown at its first member, the others related. */
function memberPlaces(result: Result, places: Map<string, Place>): Place[] {
  return memberIds(result).map((id) => places.get(id)).filter((place): place is Place => place !== undefined);
}

const MAX_RELATED = 20;

function sarifResult(result: Result, ruleIndex: number | undefined, places: Map<string, Place>) {
  const members = result.subject.kind === "portfolio" ? memberPlaces(result, places) : [];
  const own = result.subject.kind === "portfolio" ? members[0] : { file: result.subject.file, line: result.location?.line ?? null, column: result.location?.column ?? null };
  const physical = own === undefined ? undefined : physicalLocation(own.file, own.line, own.column);
  const logical = [{ name: result.subject.name, fullyQualifiedName: result.subject.id, kind: "object" }];
  const related = members
    .slice(1, MAX_RELATED + 1)
    .map((place, index) => ({ id: index + 1, physicalLocation: physicalLocation(place.file, place.line, place.column) }))
    .filter((location) => location.physicalLocation !== undefined);
  return {
    ruleId: result.ruleId,
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    kind: "fail",
    level: sarifLevel[result.severity],
    message: { text: result.message },
    locations: [{ ...(physical === undefined ? {} : { physicalLocation: physical }), logicalLocations: logical }],
    ...(related.length === 0 ? {} : { relatedLocations: related }),
    // What follows a result across runs: the rule and subject, and what decided it (the baseline's fingerprint).
    partialFingerprints: { "szcheck/ruleSubject/v1": ruleSubjectFingerprint(result.ruleId, result.subject.id), "szcheck/finding/v1": findingFingerprint(result) },
    ...(result.baseline === undefined ? {} : { baselineState: result.baseline }),
    ...(result.waiver === null
      ? {}
      : { suppressions: [{ kind: "external", status: "accepted", justification: result.waiver.reason, properties: { approvedBy: result.waiver.approvedBy, expires: result.waiver.expires } }] }),
    properties: {
      outcome: result.outcome === "waived" ? "fail" : result.outcome,
      subject: { kind: result.subject.kind, id: result.subject.id, pointer: result.subject.pointer },
      ...(result.location === null ? {} : { pointer: result.location.pointer }),
      clause: result.clause,
      strength: result.strength,
      ...(result.missing.length === 0 ? {} : { missing: result.missing }),
      ...(result.measure === null ? {} : { measure: result.measure }),
      ...(result.assumptions.length === 0 ? {} : { assumptions: result.assumptions.map((a) => a.param) }),
    },
  };
}

/** Follows a rule's results on one subject across runs, whatever the finding says. */
const ruleSubjectFingerprint = (rule: string, subject: string): string => createHash("sha256").update(`${rule}\0${subject}`).digest("hex").slice(0, 32);

/** A finding of the baseline that is gone: SARIF's baselineState "absent", where the baseline last saw it. */
function absentResult(entry: BaselineEntry, ruleIndex: number | undefined) {
  const physical = physicalLocation(entry.file, null, null);
  return {
    ruleId: entry.rule,
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    kind: "pass",
    level: "none",
    message: { text: entry.message },
    locations: [{ ...(physical === undefined ? {} : { physicalLocation: physical }), logicalLocations: [{ fullyQualifiedName: entry.subject, kind: "object" }] }],
    partialFingerprints: { "szcheck/ruleSubject/v1": ruleSubjectFingerprint(entry.rule, entry.subject), "szcheck/finding/v1": entry.fingerprint },
    baselineState: "absent",
    properties: { outcome: entry.outcome, severity: entry.severity, subject: { id: entry.subject }, pointer: entry.pointer },
  };
}

function invocation(report: Report) {
  const executionNotes = report.errors.map((error) => {
    const physical = physicalLocation(error.file, error.line, error.column);
    return {
      level: "error",
      message: { text: error.pointer === "" ? error.message : `${error.pointer}: ${error.message}` },
      descriptor: { id: "input-error" },
      ...(physical === undefined ? {} : { locations: [{ physicalLocation: physical }] }),
      properties: { file: error.file, pointer: error.pointer },
    };
  });
  const waivers = report.waivers;
  const waiverNote = (notice: WaiverNotice, id: "waiver-expired" | "waiver-stale", text: string) => {
    const physical = physicalLocation(waivers!.file, notice.line, null);
    return {
      level: id === "waiver-expired" ? "warning" : "note",
      message: { text: `${text}: ${notice.rule} ${notice.subject} (${notice.approvedBy}, ${notice.expires})` },
      descriptor: { id },
      ...(physical === undefined ? {} : { locations: [{ physicalLocation: physical }] }),
    };
  };
  const configNotes =
    waivers === null
      ? []
      : [
          ...waivers.expired.map((notice) => waiverNote(notice, "waiver-expired", "waiver expired, no longer applies")),
          ...waivers.stale.map((notice) => waiverNote(notice, "waiver-stale", "stale waiver: it waived nothing")),
        ];
  return {
    executionSuccessful: report.errors.length === 0,
    ...(executionNotes.length === 0 ? {} : { toolExecutionNotifications: executionNotes }),
    ...(configNotes.length === 0 ? {} : { toolConfigurationNotifications: configNotes }),
  };
}

/** A file of the report as a SARIF location; undefined for standard input and portfolio groups. */
function physicalLocation(file: string, line: number | null, column: number | null) {
  if (file === "" || file === "-") return undefined;
  const sheet = /^(.*\.xlsx)\[.*\]$/i.exec(file);
  const region = line === null || sheet !== null ? undefined : { startLine: line, ...(column === null ? {} : { startColumn: column }) };
  return { artifactLocation: artifactLocation(sheet === null ? file : sheet[1]!), ...(region === undefined ? {} : { region }) };
}

/** Relative paths against %SRCROOT% (the working folder), absolute ones as file: URIs. */
function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  const posix = file.split("\\").join("/");
  const encoded = posix.split("/").map((segment) => (/^[A-Za-z]:$/.test(segment) ? segment : encodeURIComponent(segment))).join("/");
  if (posix.startsWith("/")) return { uri: `file://${encoded}` };
  if (/^[A-Za-z]:\//.test(posix)) return { uri: `file:///${encoded}` };
  return { uri: encoded, uriBaseId: SRCROOT };
}

const pascalCase = (id: string): string => id.split("-").map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join("");
