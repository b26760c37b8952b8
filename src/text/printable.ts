/* eslint-disable no-control-regex -- matching control characters is what this module is for */
/**
 * Control characters and the invisible ones that reorder text: C0 (newline, ESC, …), DEL, C1,
 * the line and paragraph separators, and the bidirectional overrides and isolates.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };
const escape = (char: string): string => NAMED[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;

/**
 * A value from a record, a file name or a rule made safe to print on a terminal or in a CI log:
 * every control character written as a visible escape (`\n`, `\u001b`). A key holding
 * "\n::error file=…::" then cannot start a GitHub annotation, and ESC/OSC sequences cannot move
 * the cursor, retitle the window or plant a link.
 */
export function printable(value: string): string {
  return value.replace(CONTROL, escape);
}

/** The colour sequences (SGR) a report adds itself with chalk: ESC [ digits m. */
const COLOUR = /\u001b\[[0-9;]*m/g;

/** A line made printable except for its own colour sequences (kept only when `colour` is on). */
export function printableLine(line: string, colour: boolean): string {
  if (!colour) return printable(line);
  let out = "";
  let from = 0;
  for (const match of line.matchAll(COLOUR)) {
    out += printable(line.slice(from, match.index)) + match[0];
    from = match.index + match[0].length;
  }
  return out + printable(line.slice(from));
}

/** Like printable, but leaves \r and \n for a format that encodes them itself (GitHub workflow commands). */
export function printableKeepingLines(value: string): string {
  return value.replace(CONTROL, (char) => (char === "\n" || char === "\r" ? char : escape(char)));
}
