/** 统一社会信用代码 (GB 32100-2015): 18 characters, the last a check character over the first 17. */
const ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type CreditCodeProblem =
  | { kind: "length"; length: number }
  | { kind: "character"; position: number; character: string }
  | { kind: "check"; expected: string; actual: string };

/** The check character for the first 17 characters, or undefined if one is outside the alphabet. */
export function creditCodeCheckCharacter(first17: string): string | undefined {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = ALPHABET.indexOf(first17[i] ?? "");
    if (value < 0) return undefined;
    sum += value * (WEIGHTS[i] as number);
  }
  return ALPHABET[(31 - (sum % 31)) % 31];
}

export function findCreditCodeProblem(code: string): CreditCodeProblem | undefined {
  if (code.length !== 18) return { kind: "length", length: code.length };
  for (let i = 0; i < 18; i++) {
    const character = code[i] as string;
    if (!ALPHABET.includes(character)) return { kind: "character", position: i + 1, character };
  }
  const expected = creditCodeCheckCharacter(code.slice(0, 17)) as string;
  const actual = code[17] as string;
  return expected === actual ? undefined : { kind: "check", expected, actual };
}

export function describeCreditCodeProblem(problem: CreditCodeProblem): string {
  switch (problem.kind) {
    case "length":
      return `a 统一社会信用代码 has 18 characters, this one has ${problem.length}`;
    case "character":
      return `character ${problem.position} ('${problem.character}') is not allowed: use digits and the capitals ${ALPHABET.slice(10)} (no I, O, S, V, Z)`;
    case "check":
      return `the check character (18th) should be '${problem.expected}', not '${problem.actual}' (GB 32100-2015): check the code for a typo`;
  }
}
