import { toPointer } from "../errors.js";

/** A key written twice in one JSON object: where the object is, and the key. */
export interface DuplicateKey {
  pointer: string;
  key: string;
  /** The 0-based offset of the second occurrence in the text. */
  offset: number;
}

export const duplicateKeyMessage = (key: string, line: number): string => `the key "${key}" is written twice in one object (second at line ${line})`;

/** Every string token of JSON text; the group is set when the string is a key (followed by a colon). */
const STRING_TOKEN = /"(?:[^"\\]|\\.)*"(\s*:)?/g;

/**
 * The first key written twice in one object of JSON text that JSON.parse has accepted, or
 * undefined. JSON.parse keeps the last of two equal keys without a word (`{"safetyDirector":
 * false, "safetyDirector": true}` reads true), where YAML refuses them.
 *
 * Cheap when there is none (the usual case): the keys written in the text are counted and
 * compared with the keys of the parsed value; only when the text holds more is it walked.
 */
export function findDuplicateKey(text: string, parsed: unknown): DuplicateKey | undefined {
  if (parsed === null || typeof parsed !== "object") return undefined;
  return keysWritten(text) > keysIn(parsed) ? walk(text) : undefined;
}

const QUOTE = 34;
const BACKSLASH = 92;

/**
 * At least the keys written in valid JSON text, usually exactly them: its colons that follow an
 * unescaped quote (whitespace between). Every key's colon does; inside a string every quote is
 * escaped, so the only other colon counted is one that opens a string (`":00"`), which costs a
 * walk, never a duplicate missed.
 */
function keysWritten(text: string): number {
  let count = 0;
  for (let colon = text.indexOf(":"); colon !== -1; colon = text.indexOf(":", colon + 1)) {
    let before = colon - 1;
    while (before >= 0 && isJsonSpace(text.charCodeAt(before))) before--;
    if (before < 0 || text.charCodeAt(before) !== QUOTE) continue;
    let backslashes = 0;
    while (text.charCodeAt(before - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) count++;
  }
  return count;
}

function isJsonSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/** The keys of every object in a parsed JSON value, counted without recursion. */
function keysIn(value: object): number {
  let count = 0;
  const stack: object[] = [value];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const children = Array.isArray(node) ? node : Object.values(node);
    if (!Array.isArray(node)) count += children.length;
    for (const child of children) if (child !== null && typeof child === "object") stack.push(child as object);
  }
  return count;
}

interface Frame {
  /** Keys seen so far (an object), or the next index (a list). */
  keys: Set<string> | number;
  path: Array<string | number>;
}

/** Walks valid JSON text, tracking each open object's keys, to find the first repeated one. */
function walk(text: string): DuplicateKey | undefined {
  const stack: Frame[] = [];
  let pendingKey: string | undefined;
  const childPath = (): Array<string | number> => {
    const top = stack.at(-1);
    if (top === undefined) return [];
    return [...top.path, typeof top.keys === "number" ? top.keys : (pendingKey ?? "")];
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') {
      STRING_TOKEN.lastIndex = i;
      const match = STRING_TOKEN.exec(text)!;
      const top = stack.at(-1);
      if (match[1] !== undefined && top !== undefined && typeof top.keys !== "number") {
        const key = JSON.parse(match[0].slice(0, match[0].lastIndexOf('"') + 1)) as string;
        if (top.keys.has(key)) return { pointer: toPointer([...top.path, key]), key, offset: i };
        top.keys.add(key);
        pendingKey = key;
      }
      i += match[0].length - 1;
    } else if (char === "{" || char === "[") {
      stack.push({ keys: char === "{" ? new Set() : 0, path: childPath() });
    } else if (char === "}" || char === "]") {
      stack.pop();
    } else if (char === ",") {
      const top = stack.at(-1);
      if (top !== undefined && typeof top.keys === "number") top.keys++;
    }
  }
  return undefined;
}
