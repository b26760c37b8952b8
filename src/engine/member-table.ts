/** A member of a portfolio group as its figures count it: its id, whether it matches, and its weight. */
export interface Member {
  id: string;
  match: boolean;
  weight: number;
}

const EMPTY = -1;
/** Code units of ids turned back into a string at a time (String.fromCharCode takes them as arguments). */
const DECODE_CHUNK = 4096;

/**
 * The decided members of a portfolio group, one per id, in the order first met, packed into
 * typed arrays outside the JavaScript heap: the id's UTF-16 code units, its hash, its match and
 * its weight, and an open-addressing index from hash to member. A member costs about 2 bytes per
 * character of its id and 25–33 bytes besides (4 start, 4 hash, 4–8 index, 1 match, 8 weight),
 * and nothing the garbage collector walks, so a batch of a million records keeps the heap flat.
 * A member met again is merged: it matches if either record matches, and weighs the heavier.
 */
export class MemberTable {
  private count = 0;
  private units = new Uint16Array(1024);
  /** Where member i's id starts in `units`; it ends where member i + 1's starts. */
  private starts = new Uint32Array(65);
  private hashes = new Uint32Array(64);
  private matches = new Uint8Array(64);
  private weights = new Float64Array(64);
  /** Member numbers by hash, linear probing; EMPTY where none. */
  private index = new Int32Array(128).fill(EMPTY);

  get size(): number {
    return this.count;
  }

  /** Adds a member's record; true when the id was met before with other figures (a conflict). */
  add(id: string, match: boolean, weight: number): boolean {
    const hash = hashOf(id);
    const at = this.find(id, hash);
    const seen = this.index[at]!;
    if (seen === EMPTY) {
      this.append(id, hash, match, weight, at);
      return false;
    }
    const seenMatch = this.matches[seen] === 1;
    const seenWeight = this.weights[seen]!;
    this.matches[seen] = seenMatch || match ? 1 : 0;
    this.weights[seen] = Math.max(seenWeight, weight);
    return seenMatch !== match || seenWeight !== weight;
  }

  get(id: string): Member | undefined {
    const member = this.index[this.find(id, hashOf(id))]!;
    return member === EMPTY ? undefined : this.member(member);
  }

  /** The members in the order they were first met. */
  *[Symbol.iterator](): Generator<Member> {
    for (let member = 0; member < this.count; member++) yield this.member(member);
  }

  private member(member: number): Member {
    return { id: this.idOf(member), match: this.matches[member] === 1, weight: this.weights[member]! };
  }

  private idOf(member: number): string {
    const start = this.starts[member]!;
    const end = this.starts[member + 1]!;
    let id = "";
    for (let from = start; from < end; from += DECODE_CHUNK) id += String.fromCharCode(...this.units.subarray(from, Math.min(end, from + DECODE_CHUNK)));
    return id;
  }

  /** The index position of the id: where it is, or the empty one where it would go. */
  private find(id: string, hash: number): number {
    const mask = this.index.length - 1;
    for (let at = hash & mask; ; at = (at + 1) & mask) {
      const member = this.index[at]!;
      if (member === EMPTY || (this.hashes[member] === hash && this.idIs(member, id))) return at;
    }
  }

  private idIs(member: number, id: string): boolean {
    const start = this.starts[member]!;
    if (this.starts[member + 1]! - start !== id.length) return false;
    for (let i = 0; i < id.length; i++) if (this.units[start + i] !== id.charCodeAt(i)) return false;
    return true;
  }

  private append(id: string, hash: number, match: boolean, weight: number, at: number): void {
    const member = this.count;
    if (member === this.hashes.length) this.growMembers();
    const start = this.starts[member]!;
    if (start + id.length > this.units.length) this.units = grown(this.units, start + id.length);
    for (let i = 0; i < id.length; i++) this.units[start + i] = id.charCodeAt(i);
    this.starts[member + 1] = start + id.length;
    this.hashes[member] = hash;
    this.matches[member] = match ? 1 : 0;
    this.weights[member] = weight;
    this.index[at] = member;
    this.count++;
    // At most half full, so that probes stay short.
    if (this.count * 2 > this.index.length) this.reindex();
  }

  private growMembers(): void {
    const capacity = this.hashes.length * 2;
    this.starts = grown(this.starts, capacity + 1);
    this.hashes = grown(this.hashes, capacity);
    this.matches = grown(this.matches, capacity);
    this.weights = grown(this.weights, capacity);
  }

  private reindex(): void {
    const index = new Int32Array(this.index.length * 2).fill(EMPTY);
    const mask = index.length - 1;
    for (let member = 0; member < this.count; member++) {
      let at = this.hashes[member]! & mask;
      while (index[at] !== EMPTY) at = (at + 1) & mask;
      index[at] = member;
    }
    this.index = index;
  }
}

type TypedArray = Uint8Array | Uint16Array | Uint32Array | Float64Array;

/** A copy of the array with room for at least `needed` elements (twice as many, or more). */
function grown<T extends TypedArray>(array: T, needed: number): T {
  const copy = new (array.constructor as new (length: number) => T)(Math.max(array.length * 2, needed));
  copy.set(array);
  return copy;
}

/** FNV-1a over the id's UTF-16 code units. */
function hashOf(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
