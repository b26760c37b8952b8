/**
 * The line (1-based) of the first bytes of `bytes` that do not decode in `encoding`. Found by
 * where a strict decoder first fails, not by the first U+FFFD of a lenient one: a file may hold
 * a real U+FFFD (written by some earlier lossy conversion) well before the bad bytes.
 */
export function lineOfUndecodable(bytes: Uint8Array, encoding: string): number {
  const fails = (length: number): boolean => {
    try {
      new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(0, length), { stream: true });
      return false;
    } catch {
      return true;
    }
  };
  // Decoding a longer prefix can only meet more: the shortest prefix that fails ends in the bad bytes.
  // None fails while streaming when all that is wrong is a character cut at the very end.
  let good = 0;
  let bad = bytes.length;
  if (fails(bad)) {
    while (bad - good > 1) {
      const middle = good + Math.floor((bad - good) / 2);
      if (fails(middle)) bad = middle;
      else good = middle;
    }
  }
  const before = new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes.subarray(0, good), { stream: true });
  let line = 1;
  for (let at = before.indexOf("\n"); at !== -1; at = before.indexOf("\n", at + 1)) line++;
  return line;
}
