import type { Report } from "./model.js";

/**
 * The machine contract: keys in the documented order, two-space indent, a final newline — the
 * bytes of `JSON.stringify(report, null, 2)`, given in pieces (a result at a time), so that a
 * large audit's report never has to exist as one string (V8 caps a string near 512 MiB).
 */
export function* formatJson(report: Report): Generator<string> {
  const entries = Object.entries(report).filter(([, value]) => value !== undefined);
  yield "{\n";
  for (const [index, [key, value]] of entries.entries()) {
    const comma = index < entries.length - 1 ? "," : "";
    if (key === "results" && Array.isArray(value) && value.length > 0) {
      yield `  "results": [\n`;
      for (let i = 0; i < value.length; i++) {
        yield `    ${indented(JSON.stringify(value[i], null, 2), "    ")}${i < value.length - 1 ? "," : ""}\n`;
      }
      yield `  ]${comma}\n`;
    } else {
      yield `  ${JSON.stringify(key)}: ${indented(JSON.stringify(value, null, 2), "  ")}${comma}\n`;
    }
  }
  yield "}\n";
}

/** The JSON report as one string, for callers that want it whole. */
export function formatJsonText(report: Report): string {
  return [...formatJson(report)].join("");
}

function indented(text: string, prefix: string): string {
  return text.includes("\n") ? text.replaceAll("\n", `\n${prefix}`) : text;
}
