import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from "yaml";

/** A 1-based line and column (UTF-16 code units, as editors and SARIF count them). */
export interface Position {
  line: number;
  column: number;
}

/**
 * Finds where JSON pointers are in a JSON or YAML text: for each pointer, the position of the
 * field (its key, for an object member; the item, for a list item), or of its nearest existing
 * ancestor when the field is absent. `undefined` only when not even the root could be placed.
 *
 * JSON is scanned once, descending only into the parts some pointer goes through, so a large
 * batch costs little more than reading it; YAML is parsed by the `yaml` library, which keeps
 * source positions.
 */
export function locatePointers(text: string, pointers: Iterable<string>, format: "json" | "yaml"): Map<string, Position | undefined> {
  const wanted = new Set<string>();
  for (const pointer of pointers) for (const prefix of prefixesOf(pointer)) wanted.add(prefix);
  const offsets = format === "json" ? jsonOffsets(text, wanted) : yamlOffsets(text, wanted);
  const positions = positionsOf(text, [...offsets.values()]);
  const located = new Map<string, Position | undefined>();
  for (const pointer of pointers) {
    const prefixes = prefixesOf(pointer);
    let position: Position | undefined;
    for (let i = prefixes.length - 1; i >= 0 && position === undefined; i--) {
      const offset = offsets.get(prefixes[i]!);
      if (offset !== undefined) position = positions.get(offset);
    }
    located.set(pointer, position);
  }
  return located;
}

/** "", "/a", "/a/b" for "/a/b". Segments keep their escaping (~0, ~1), so "/" only separates. */
function prefixesOf(pointer: string): string[] {
  const prefixes = [""];
  for (let i = pointer.indexOf("/", 1); ; i = pointer.indexOf("/", i + 1)) {
    if (i === -1) {
      if (pointer !== "") prefixes.push(pointer);
      return prefixes;
    }
    prefixes.push(pointer.slice(0, i));
  }
}

const escapeSegment = (key: string): string => (key.includes("~") || key.includes("/") ? key.replaceAll("~", "~0").replaceAll("/", "~1") : key);

/** Offsets (into `text`) of the wanted pointers that exist: a member's key, an item's value. */
function jsonOffsets(text: string, wanted: Set<string>): Map<string, number> {
  const found = new Map<string, number>();
  const n = text.length;
  let i = 0;

  const space = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
  };
  /** i at the opening quote; leaves i after the closing one; gives the decoded string. */
  const string = (): string => {
    const start = i;
    let escaped = false;
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x5c) {
        escaped = true;
        i += 2;
      } else if (c === 0x22) {
        i++;
        break;
      } else i++;
    }
    return escaped ? (JSON.parse(text.slice(start, i)) as string) : text.slice(start + 1, i - 1);
  };
  /** Skips one value without looking inside it (no recursion, however deep it is). */
  const skip = (): void => {
    let depth = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) string();
      else if (c === 0x7b || c === 0x5b) {
        depth++;
        i++;
      } else if (c === 0x7d || c === 0x5d) {
        if (depth === 0) return;
        depth--;
        i++;
        if (depth === 0) return;
      } else if (depth === 0 && (c === 0x2c || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09)) return;
      else i++;
    }
  };
  // Descends only along wanted pointers, so the depth of this recursion is that of the deepest pointer.
  const value = (pointer: string, at: number): void => {
    if (!wanted.has(pointer)) return skip();
    found.set(pointer, at);
    const c = text.charCodeAt(i);
    if (c === 0x7b) {
      i++;
      for (space(); i < n && text.charCodeAt(i) !== 0x7d; space()) {
        const keyAt = i;
        const key = string();
        space();
        i++; // :
        space();
        value(`${pointer}/${escapeSegment(key)}`, keyAt);
        space();
        if (text.charCodeAt(i) === 0x2c) i++;
      }
      i++;
    } else if (c === 0x5b) {
      i++;
      let index = 0;
      for (space(); i < n && text.charCodeAt(i) !== 0x5d; space()) {
        value(`${pointer}/${index++}`, i);
        space();
        if (text.charCodeAt(i) === 0x2c) i++;
      }
      i++;
    } else skip();
  };
  space();
  if (i < n) value("", i);
  return found;
}

function yamlOffsets(text: string, wanted: Set<string>): Map<string, number> {
  const doc = parseDocument(text, { uniqueKeys: false, strict: false, prettyErrors: false, keepSourceTokens: false });
  const found = new Map<string, number>();
  const root = doc.contents as Node | null;
  if (root === null || root.range === undefined || root.range === null) return found;
  const walk = (node: Node, pointer: string): void => {
    const target = resolve(doc, node);
    if (isMap(target)) {
      for (const pair of target.items) {
        const key = pair.key as Node | null;
        if (!isScalar(key) || key.range === undefined || key.range === null) continue;
        const child = `${pointer}/${escapeSegment(String(key.value))}`;
        if (!wanted.has(child) || found.has(child)) continue;
        found.set(child, key.range[0]);
        if (pair.value !== null && typeof pair.value === "object") walk(pair.value as Node, child);
      }
    } else if (isSeq(target)) {
      target.items.forEach((item, index) => {
        const child = `${pointer}/${index}`;
        const node = item as Node | null;
        if (!wanted.has(child) || node === null || typeof node !== "object" || node.range === undefined || node.range === null) return;
        found.set(child, node.range[0]);
        walk(node, child);
      });
    }
  };
  found.set("", root.range[0]);
  walk(root, "");
  return found;
}

function resolve(doc: Document, node: Node): Node {
  if (!isAlias(node)) return node;
  return (node.resolve(doc) as Node | undefined) ?? node;
}

/** Line and column of each offset, in one pass over the text. */
function positionsOf(text: string, offsets: number[]): Map<number, Position> {
  const sorted = [...new Set(offsets)].sort((a, b) => a - b);
  const positions = new Map<number, Position>();
  let line = 1;
  let lineStart = 0;
  let at = 0;
  for (const offset of sorted) {
    for (; at < offset && at < text.length; at++) {
      if (text.charCodeAt(at) === 0x0a) {
        line++;
        lineStart = at + 1;
      }
    }
    positions.set(offset, { line, column: offset - lineStart + 1 });
  }
  return positions;
}
