/**
 * " (did you mean "x"?)" for a name that is close to one of the candidates (a typo of one or
 * two letters, or a quarter of a long name), else "". Case is ignored for the comparison.
 */
export function didYouMean(name: string, candidates: readonly string[]): string {
  const close = closest(name, candidates);
  return close === undefined ? "" : ` (did you mean "${close}"?)`;
}

/** The candidate nearest to `name` within a small edit distance, or undefined. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  // A prefix ("htm" for "html") is as good as a typo.
  const prefixOrTypo = (wanted: string, candidate: string): number =>
    candidate.startsWith(wanted) && wanted.length >= 2 ? candidate.length - wanted.length : editDistance(candidate, wanted);
  return nearestWithin(name, candidates, Math.max(2, Math.floor(name.length / 4)), prefixOrTypo);
}

/**
 * The candidate with the smallest distance to `name` (case ignored; the first of equals), when
 * that distance is at most `limit`; else undefined.
 */
export function nearestWithin(
  name: string,
  candidates: readonly string[],
  limit: number,
  distance: (wanted: string, candidate: string) => number = editDistance,
): string | undefined {
  const wanted = name.toLowerCase();
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const d = distance(wanted, candidate.toLowerCase());
    if (best === undefined || d < best.distance) best = { candidate, distance: d };
  }
  return best !== undefined && best.distance <= limit ? best.candidate : undefined;
}

/** Levenshtein distance, one row at a time. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const saved = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = saved;
    }
  }
  return row[b.length]!;
}
