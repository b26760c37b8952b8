import { relative } from "node:path";

/** Paths in messages and reports: relative to the working directory when inside it. */
export function displayPath(file: string): string {
  if (file === "-") return file;
  const shown = relative(process.cwd(), file);
  return shown === "" || shown.startsWith("..") ? file : shown.split("\\").join("/");
}
