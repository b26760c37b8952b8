/**
 * A value made when first asked for, then kept. The zod schemas a start does not need (the
 * report's, a rule file's, a config's, a mapping's) are made this way: zod builds each schema as
 * an object with its own methods, and building every one of them was a fifth of what a small
 * check spends on its own code (bench/cold-start.ts).
 */
export function madeOnce<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}
