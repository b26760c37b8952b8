/**
 * A building's subject id: its project code and its building id joined by "/", each with "~"
 * written "~0" and "/" written "~1" (as in a JSON pointer). Ids such as `3#/4#楼` and `A/B座` are
 * common: written plainly, building `3#/4#` of project P would read as P/3#/4#, which a waiver for
 * building `3#` (P/3#) must not cover. Escaped, the first "/" always ends the project code.
 */
export function buildingSubjectId(projectCode: string, buildingId: string): string {
  return `${escapePart(projectCode)}/${escapePart(buildingId)}`;
}

/** A subject id split into its project (or enterprise, or group) part and its building part, unescaped. */
export function subjectIdParts(id: string): { record: string; building: string | undefined } {
  const slash = id.indexOf("/");
  if (slash === -1) return { record: unescapePart(id), building: undefined };
  return { record: unescapePart(id.slice(0, slash)), building: unescapePart(id.slice(slash + 1)) };
}

const escapePart = (part: string): string => part.replaceAll("~", "~0").replaceAll("/", "~1");
const unescapePart = (part: string): string => part.replaceAll("~1", "/").replaceAll("~0", "~");
