import type unzipperModule from "unzipper";

/**
 * unzipper, loaded the first time a workbook is opened: it and its dependencies (bluebird,
 * duplexer2, es-abstract …) are some 600 KB that a run without a workbook would parse at every
 * start. The build leaves it out of the bundle (scripts/build.mjs), as it does exceljs.
 */
export async function loadUnzipper(): Promise<typeof unzipperModule> {
  const loaded = (await import("unzipper")) as { default?: typeof unzipperModule };
  return loaded.default ?? (loaded as unknown as typeof unzipperModule);
}
