/** Exit codes, named once (Spectral's convention): the CLI picks one in one place. */
export const ExitCode = {
  ok: 0,
  findings: 1,
  runFailed: 2,
  interrupted: 130,
} as const;

export interface SzcheckErrorInit {
  file?: string | undefined;
  pointer?: string | undefined;
  message: string;
  hint?: string | undefined;
  cause?: unknown;
}

/**
 * An error a user can cause: bad input, a bad rule file, a bad flag. It is a value that names
 * the file, the JSON pointer and what to do; the CLI prints it without a stack trace.
 */
export class SzcheckError extends Error {
  readonly file: string | undefined;
  readonly pointer: string | undefined;
  readonly hint: string | undefined;

  constructor(init: SzcheckErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "SzcheckError";
    this.file = init.file;
    this.pointer = init.pointer;
    this.hint = init.hint;
  }

  /** "file#/pointer: message (hint)" — the one-line form every output uses. */
  describe(): string {
    const where = [this.file, this.pointer !== undefined && this.pointer !== "" ? `#${this.pointer}` : ""].join("");
    const head = where === "" ? this.message : `${where}: ${this.message}`;
    return this.hint === undefined ? head : `${head}\n  hint: ${this.hint}`;
  }
}

export function isSzcheckError(error: unknown): error is SzcheckError {
  return error instanceof SzcheckError;
}

/** RFC 6901 JSON pointer from a path of keys and indices. */
export function toPointer(path: ReadonlyArray<PropertyKey>): string {
  return path.map((key) => "/" + String(key).replaceAll("~", "~0").replaceAll("/", "~1")).join("");
}
