/** Where a record came from: its file and its JSON pointer there ("" for a file of one). */
export interface Origin {
  file: string;
  pointer: string;
  /** 1-based line of the record in its file, when known. */
  line?: number | undefined;
}
