import type { DescriptorKind } from "../descriptors/index.js";
import { toPointer } from "../errors.js";
import type { IntakeSheet } from "../model/intake.js";
import { convertCell, isBlank, type SheetCell } from "./cell-values.js";
import { fieldTypeAt, type FieldType } from "./field-types.js";
import { normaliseHeader, type HeaderMatch } from "./header-match.js";
import type { Mapping } from "./mapping.js";
import type { MergedDown } from "./sheet-xml.js";
import type { StreamItem } from "./record-stream.js";
import { say, type Lang } from "./say.js";
import { HEADER_SEARCH_ROWS, classifyRow, findHeader, matchColumn, notesAbove, type HeaderLayout, type RowKind, type SheetNotes, type SheetRow } from "./sheet-layout.js";
import { baseUnitName, dimensionOfField, unitNamed, type Dimension, type Unit } from "./units.js";

export type { SheetRow };

export interface TableOptions {
  /** The file as records name it: `book.xlsx[Sheet]`, or the CSV file. */
  source: string;
  /** The worksheet's name; undefined for a CSV file. */
  sheet: string | undefined;
  mapping: Mapping | undefined;
  lang: Lang;
  /** CSV: a record row with more or fewer cells than the header is an error (a stray comma or a missing quote). */
  raggedRowsAreErrors?: boolean;
  /** Worksheet: cells merged down several rows, whose value the workbook holds in the top row only. */
  mergedDown?: MergedDown[];
  /** Worksheet: hidden in Excel, and read because no sheet was picked. */
  hidden?: boolean;
  /** Workbook: date serials count from 1904-01-01 (what a formula's date result or an unknown date format gives). */
  date1904?: boolean;
}

interface ColumnPlan {
  index: number;
  header: string;
  use: "field" | "ignored" | "computed" | "unknown" | "kind";
  path?: string[];
  type?: FieldType;
  unit?: Unit;
  unitSource?: "header" | "sheet-note" | "mapping";
  /** Units the column's other header labels carry (a merged parent's, a child's), used when the matched label has none. */
  labelUnits?: Unit[];
  /** A unit in the header's brackets that szcheck cannot convert (万美元): an error rather than a guess. */
  unknownUnit?: string;
  dimension?: Dimension;
  /** A value set beside the cell's (a party column sets the party's role). */
  alongside?: { path: string[]; value: string };
}

type SetAside = Exclude<RowKind, "data">;

/** The largest list index a header may name (buildings.999.id): a project has at most a few hundred buildings. */
export const MAX_HEADER_INDEX = 999;

/**
 * Reads one table (a worksheet or a CSV file) as it comes: finds the header among the first
 * rows, works out what each column is and in which unit, sets aside rows that are not records
 * (blank, 合计, footers), converts each cell, and says what it did once, in `summary()`.
 */
export class TableReader {
  private buffered: SheetRow[] = [];
  private layout: HeaderLayout | undefined;
  private columns: ColumnPlan[] = [];
  private kind: DescriptorKind | undefined;
  private notes: SheetNotes | undefined;
  private broken = false;
  private records = 0;
  private readonly skipped = new Map<SetAside, number[]>();
  private readonly intakeNotes: string[] = [];
  private readonly warnings: string[] = [];
  private readonly conversions: IntakeSheet["conversions"] = [];
  private readonly percentCells = new Set<number>();
  /** Columns with no header that hold values, and the rows they hold them on. */
  private readonly headerless = new Map<number, number[]>();
  /** The top cell of each merged range below the header, and the rows its value was carried to. */
  private readonly mergedValues = new Map<MergedDown, { cell: SheetCell; rows: number[] }>();
  /** The merged ranges below the header by their top row (made at the first row after it), and those open on the current row. */
  private mergedByTop: Map<number, MergedDown[]> | undefined;
  private openMerges: MergedDown[] = [];
  private readonly checks = new Plausibility();

  constructor(private readonly options: TableOptions) {}

  /** Takes the next row; yields the records and errors it makes (none until the header is found). */
  *push(row: SheetRow): Generator<StreamItem> {
    if (this.layout === undefined) {
      this.buffered.push(row);
      const wanted = this.options.mapping?.headerRows;
      const enough = wanted === undefined ? this.buffered.length >= HEADER_SEARCH_ROWS : row.number >= Math.max(...wanted) + 1;
      if (!enough) return;
      yield* this.start();
      return;
    }
    yield* this.read(row);
  }

  /** Ends the table: reads rows still held back (a table shorter than the header search). */
  *finish(): Generator<StreamItem> {
    if (this.layout === undefined && this.buffered.length > 0) yield* this.start();
  }

  /** The header of a column (0-based), or its number when it has none. */
  private headerAt(index: number): string {
    return this.layout?.columns[index]?.header || String(index + 1);
  }

  /** Whether a header was found: a table without one is skipped (a sheet) or an error (a CSV file). */
  get hasHeader(): boolean {
    return this.layout !== undefined;
  }

  private *start(): Generator<StreamItem> {
    const rows = this.buffered;
    this.buffered = [];
    const mapping = this.options.mapping;
    const mapped = new Set(Object.keys(mapping?.columns ?? {}).map(normaliseHeader));
    const layout = findHeader(rows, mapping?.headerRows, mapping?.headerJoin ?? " ", (text) => mapped.has(normaliseHeader(text)));
    if (layout === undefined) {
      // Held back so that `summary()` can say so; the reader decides whether that is an error.
      this.buffered = [];
      return;
    }
    this.layout = layout;
    this.notes = notesAbove(rows, Math.min(...layout.rows));
    yield* this.planColumns();
    for (const row of rows) if (row.number > Math.max(...layout.rows)) yield* this.read(row);
  }

  private *planColumns(): Generator<StreamItem> {
    const { lang, mapping, source } = this.options;
    const columnMap = new Map(Object.entries(mapping?.columns ?? {}).map(([header, value]) => [normaliseHeader(header), { header, value }]));
    const used = new Set<string>();
    this.columns = this.layout!.columns.flatMap((column, index): ColumnPlan[] => {
      if (column.candidates.length === 0) return [];
      const mapped = [column.header, ...column.candidates].map((label) => columnMap.get(normaliseHeader(label))).find((entry) => entry !== undefined);
      if (mapped !== undefined) used.add(mapped.header);
      const { match, otherUnits } = matchColumn(column.candidates);
      return [planOf(index, column.header, match, mapped?.value, otherUnits)];
    });
    this.columns.filter((column) => column.alongside !== undefined).forEach((column, n) => {
      column.path = ["parties", String(n), "unitName"];
      column.alongside!.path = ["parties", String(n), "role"];
    });
    const unusedKeys = [...columnMap.values()].filter((entry) => !used.has(entry.header)).map((entry) => entry.header);
    if (unusedKeys.length > 0) {
      this.warnings.push(say(lang, `映射文件 columns 中的表头在本表中不存在：${unusedKeys.join("、")}（检查拼写）`, `the mapping file's columns name headers this table does not have: ${unusedKeys.join(", ")} (check the spelling)`));
    }
    this.kind = this.kindOf();
    const kindColumn = this.columns.find((column) => column.path?.length === 1 && column.path[0] === "kind");
    if (kindColumn !== undefined) kindColumn.use = "kind";
    for (const column of this.columns) {
      if (column.use !== "field" || column.path === undefined) continue;
      column.type = this.kind === undefined ? undefined : fieldTypeAt(this.kind, column.path);
      if (this.kind !== undefined && column.type === undefined) {
        if (column.unitSource !== "mapping" && !/^[a-z]/i.test(column.header)) column.use = "unknown";
      }
    }
    // One field, two columns: which to believe cannot be guessed.
    const byField = new Map<string, ColumnPlan[]>();
    for (const column of this.columns.filter((c) => c.use === "field")) {
      const key = column.path!.join(".");
      byField.set(key, [...(byField.get(key) ?? []), column]);
    }
    for (const [field, columns] of byField) {
      if (columns.length < 2) continue;
      this.broken = true;
      const headers = columns.map((column) => `「${column.header}」`).join(say(lang, "和", " and "));
      yield { error: { file: source, pointer: "", line: this.layout!.rows.at(-1)!, message: say(lang, `列 ${headers} 都是字段 ${field}：不知道该用哪一列。请删去一列，或在映射文件 columns 中把其中一列设为 ignore`, `columns ${headers} both give the field ${field}: szcheck cannot tell which to use. Remove one, or set one to ignore under columns: in the mapping file`) } };
    }
    // A header naming list index 999999 would make every row a list of a million holes.
    for (const column of this.columns) {
      const index = column.path?.find((segment) => /^\d+$/.test(segment) && Number(segment) > MAX_HEADER_INDEX);
      if (index === undefined) continue;
      this.broken = true;
      const headerRow = this.layout!.rows.at(-1)!;
      yield { error: { file: source, pointer: `/${headerRow}`, line: headerRow, message: say(lang, `表头「${column.header}」指向列表第 ${index} 项，超过表头可指向的上限 ${MAX_HEADER_INDEX}：列表项从 0 编号（buildings.0.id、buildings.1.id…）`, `the header "${column.header}" names list index ${index}, over the ${MAX_HEADER_INDEX} a header may name: number list items from 0 (buildings.0.id, buildings.1.id, …)`) } };
      return;
    }
    yield* this.planUnits();
    this.noteColumns();
  }

  private kindOf(): DescriptorKind | undefined {
    const set = this.options.mapping?.set?.kind;
    if (set === "project" || set === "enterprise") return set;
    const first = new Set(this.columns.filter((column) => column.use === "field").map((column) => column.path?.join(".")));
    if (first.has("projectCode")) return "project";
    if (first.has("creditCode")) return "enterprise";
    return undefined;
  }

  private *planUnits(): Generator<StreamItem> {
    const { lang, source } = this.options;
    for (const column of this.columns) {
      if (column.use !== "field" || column.path === undefined) continue;
      const dimension = dimensionOfField(this.kind, column.path);
      column.dimension = dimension;
      const field = column.path.join(".");
      // 经营情况（万元） over 营业收入: the parent's unit is the column's when it is a unit of this field.
      const borrowed = column.labelUnits?.filter((unit) => unit.dimension === dimension) ?? [];
      if (column.unit === undefined && borrowed.length === 1) [column.unit, column.unitSource] = [borrowed[0], "header"];
      if (column.unit === undefined && column.unknownUnit !== undefined && dimension !== undefined) {
        this.broken = true;
        const choices = { money: "元、千元、万元、亿元", area: "平方米、万平方米", percent: "%、小数", length: "米" }[dimension];
        yield { error: { file: source, pointer: "", line: this.layout!.rows.at(-1)!, message: say(lang, `列「${column.header}」的单位「${column.unknownUnit}」szcheck 无法换算为${baseUnitName[dimension]}：请把表头中的单位写成 ${choices} 之一，或在映射文件 columns 中为该列设 unit`, `column ${column.header} is in "${column.unknownUnit}", a unit szcheck cannot convert into ${baseUnitName[dimension]}: write one of ${choices} in the header, or set the column's unit under columns: in the mapping file`) } };
        continue;
      }
      if (column.unit !== undefined && dimension !== column.unit.dimension) {
        this.broken = true;
        yield { error: { file: source, pointer: "", line: this.layout!.rows.at(-1)!, message: say(lang, `列「${column.header}」的单位是${column.unit.name}，但字段 ${field} ${dimension === undefined ? "没有单位" : `的单位是${baseUnitName[dimension]}`}：请在映射文件 columns 中把该列对应到正确的字段`, `column ${column.header} is in ${column.unit.name}, but the field ${field} ${dimension === undefined ? "has no unit" : `is in ${baseUnitName[dimension]}`}: map the column to the right field under columns: in the mapping file`) } };
        continue;
      }
      if (dimension === undefined || dimension === "percent" || dimension === "length") {
        if (column.unit?.factor !== undefined && column.unit.factor !== 1) this.convert(column, column.unit, column.unitSource ?? "header");
        continue;
      }
      if (column.unit === undefined) {
        const note = dimension === "money" ? this.notes?.money : this.notes?.area;
        if (note !== undefined) {
          column.unit = note;
          column.unitSource = "sheet-note";
        }
      }
      if (column.unit === undefined) {
        this.intakeNotes.push(say(lang, `「${column.header}」→ ${field}：表头和表上方都没写单位，按${baseUnitName[dimension]}读取；若不是，请在映射文件中设 columns: { ${column.header}: { unit: ${dimension === "money" ? "万元" : "万平方米"} } }`, `${column.header} → ${field}: no unit in the header or above the table, read as ${baseUnitName[dimension]}; if not, set columns: { ${column.header}: { unit: ${dimension === "money" ? "万元" : "万平方米"} } } in the mapping file`));
      } else if (column.unit.factor !== 1) {
        this.convert(column, column.unit, column.unitSource ?? "header");
      }
    }
  }

  private convert(column: ColumnPlan, unit: Unit, source: IntakeSheet["conversions"][number]["source"]): void {
    const field = column.path!.join(".");
    const note = unit.dimension === "money" ? this.notes?.moneyText : this.notes?.areaText;
    const from = source === "sheet-note" && note !== undefined ? note : unit.name;
    const shown = source === "header" || normaliseHeader(column.header).includes(normaliseHeader(unit.name)) ? column.header : `${column.header}（${from}）`;
    this.conversions.push({ header: column.header, field, from: unit.name, factor: unit.factor, source, text: `${shown}×${unit.factor} → ${field}` });
  }

  private noteColumns(): void {
    const { lang } = this.options;
    const unknown = this.columns.filter((column) => column.use === "unknown").map((column) => column.header);
    if (unknown.length > 0 && this.options.mapping?.strict !== true) {
      this.warnings.push(say(lang, `不认识的列，已略过：${unknown.join("、")}。可在映射文件 columns 中把它们对应到字段或设为 ignore（szcheck map 可起草映射文件）`, `columns szcheck does not know, set aside: ${unknown.join(", ")}. Map each to a field or to ignore under columns: in the mapping file (szcheck map drafts one)`));
    }
    if (this.kind === "enterprise" && this.notes?.year !== undefined && !this.hasField("fiscalYear")) {
      this.warnings.push(say(lang, `标题写的是 ${this.notes.year} 年度，但没有一列给出 fiscalYear（财年）：需要它的规则将是“信息不全”。若数据属 ${this.notes.year} 年度，请在映射文件中设 set: { fiscalYear: ${this.notes.year} }`, `the title names ${this.notes.year}, but no column gives fiscalYear: rules that need it will be incomplete. If the figures are for ${this.notes.year}, set set: { fiscalYear: ${this.notes.year} } in the mapping file`));
    }
    const flat = this.columns.filter((column) => column.use === "field" && column.path?.[0] === "buildings");
    if (flat.length > 0 && !this.hasField("buildings.0.id") && flat.every((column) => column.path?.[1] === "0")) {
      this.intakeNotes.push(say(lang, `每行的建筑字段（${flat.map((c) => c.header).join("、")}）作为该项目的一栋单体读取，编号记为 1`, `each row's building fields (${flat.map((c) => c.header).join(", ")}) are read as the project's one building, id 1`));
    }
    for (const [field, value] of Object.entries(this.options.mapping?.set ?? {})) {
      if (field !== "kind") this.intakeNotes.push(say(lang, `映射文件为每条记录设定 ${field} = ${JSON.stringify(value)}`, `the mapping file sets ${field} = ${JSON.stringify(value)} on every record`));
    }
  }

  private hasField(field: string): boolean {
    return this.columns.some((column) => column.use === "field" && column.path?.join(".") === field) || Object.hasOwn(this.options.mapping?.set ?? {}, field);
  }

  private *read(row: SheetRow): Generator<StreamItem> {
    if (this.broken) return;
    const { mapping, source, lang } = this.options;
    const kind: RowKind = mapping?.commentRows?.includes(row.number) === true ? "comment" : classifyRow(row, this.layout!, mapping?.commentChar);
    this.carryMerged(row, kind === "data");
    if (kind !== "data") {
      listAt(this.skipped, kind).push(row.number);
      return;
    }
    const pointer = `/${row.number}`;
    const origin = { file: source, pointer, line: row.number };
    const fail = (message: string, path: readonly string[] = []): StreamItem => ({ error: { file: source, pointer: pointer + toPointer(path), line: row.number, message } });
    const bad = row.cells.findIndex((cell) => cell.error !== undefined);
    if (bad >= 0) {
      yield fail(say(lang, `第 ${row.number} 行「${this.headerAt(bad)}」列是公式错误 ${row.cells[bad]!.error}：请修正公式或粘贴为数值`, `row ${row.number}, column ${this.headerAt(bad)} holds the formula error ${row.cells[bad]!.error}: fix the formula or paste the value`));
      return;
    }
    const width = this.layout!.columns.length;
    if (this.options.raggedRowsAreErrors === true && row.cells.length !== width) {
      yield fail(say(lang, `第 ${row.number} 行有 ${row.cells.length} 格，表头有 ${width} 格：检查是否多了逗号或少了引号`, `row ${row.number} has ${row.cells.length} cells but the header has ${width}: check for a stray comma or a missing quote`));
      return;
    }
    // A value under no header is read into no field: said, since it may be a figure (a merged header over two columns).
    row.cells.forEach((cell, index) => {
      if (isBlank(cell?.value) || (this.layout!.columns[index]?.candidates.length ?? 0) > 0) return;
      listAt(this.headerless, index).push(row.number);
    });
    const kindCell = this.columns.find((column) => column.use === "kind");
    const kindText = kindCell === undefined ? undefined : String(row.cells[kindCell.index]?.value ?? "").trim();
    const recordKind: DescriptorKind | undefined = kindText === "enterprise" || kindText === "企业" ? "enterprise" : kindText === "project" || kindText === "项目" ? "project" : this.kind;
    if (recordKind === undefined) {
      yield fail(say(lang, "无法判断是项目还是企业：表中没有 项目代码 或 统一社会信用代码 列。请在映射文件中设 set: { kind: project } 或 { kind: enterprise }", "cannot tell whether the row is a project or an enterprise: the table has no 项目代码 or 统一社会信用代码 column. Set set: { kind: project } or { kind: enterprise } in the mapping file"));
      return;
    }
    const record: Record<string, unknown> = { kind: recordKind };
    for (const [field, value] of Object.entries(mapping?.set ?? {})) if (field !== "kind") setAt(record, field.split("."), value);
    const problems: StreamItem[] = [];
    for (const column of this.columns) {
      const cell = row.cells[column.index];
      if (cell === undefined || isBlank(cell.value)) continue;
      if (column.use === "unknown" && mapping?.strict === true) {
        problems.push(fail(say(lang, `不认识的列「${column.header}」（严格模式）：请在映射文件 columns 中把它对应到字段或设为 ignore`, `unknown column ${column.header} (strict): map it to a field or to ignore under columns: in the mapping file`)));
        continue;
      }
      if (column.use === "computed") {
        this.checks.stated(row.number, column, cell);
        continue;
      }
      if (column.use !== "field" || column.path === undefined) continue;
      const type = recordKind === this.kind ? column.type : fieldTypeAt(recordKind, column.path);
      if (type === undefined) {
        setAt(record, column.path, cell.value instanceof Date ? cell.value.toISOString().slice(0, 10) : cell.value);
        continue;
      }
      const converted = convertCell(cell, { path: column.path, type, unit: column.unit, header: column.header, dimension: column.dimension, date1904: this.options.date1904 === true }, lang);
      if (!converted.ok) {
        problems.push(fail(converted.message, column.path));
        continue;
      }
      if (converted.percentCell === true && !this.percentCells.has(column.index)) {
        this.percentCells.add(column.index);
        const field = column.path.join(".");
        this.conversions.push({ header: column.header, field, from: "percent cells", factor: 100, source: "cell-format", text: say(lang, `${column.header}（百分比单元格）×100 → ${field}`, `${column.header} (percent cells)×100 → ${field}`) });
      }
      this.checks.value(row.number, column, converted.value, converted.percentCell === true);
      if (converted.rounded === true) this.checks.rounded(row.number, column);
      setAt(record, column.path, converted.value);
      if (column.alongside !== undefined) setAt(record, column.alongside.path, column.alongside.value);
    }
    if (problems.length > 0) {
      yield* problems;
      return;
    }
    // Party columns left blank leave holes in `parties`: the list holds the parties named.
    if (Array.isArray(record.parties)) define(record, "parties", record.parties.filter((party) => party !== undefined));
    if (Array.isArray(record.buildings) && record.buildings.length === 1 && !this.hasField("buildings.0.id")) {
      const building = record.buildings[0] as Record<string, unknown>;
      if (building.id === undefined) define(building, "id", "1");
    }
    this.checks.record(row.number, record);
    this.records++;
    yield { record: { raw: record, origin } };
  }

  /**
   * A cell merged down several rows (所在区 over the rows of its projects) holds its value in the
   * top row only: Excel shows it on each row of the range, and so it is read on each data row.
   */
  private carryMerged(row: SheetRow, isData: boolean): void {
    // Rows come in order: the ranges below the header by their top row, once, and those still open.
    if (this.mergedByTop === undefined) {
      const headerEnd = Math.max(...this.layout!.rows);
      this.mergedByTop = new Map();
      for (const range of this.options.mergedDown ?? []) if (range.top > headerEnd) listAt(this.mergedByTop, range.top).push(range);
    }
    for (const range of this.mergedByTop.get(row.number) ?? []) {
      const cell = row.cells[range.column];
      if (cell !== undefined && !isBlank(cell.value)) this.mergedValues.set(range, { cell, rows: [] });
      this.openMerges.push(range);
    }
    this.openMerges = this.openMerges.filter((range) => range.bottom >= row.number);
    for (const range of this.openMerges) {
      if (range.top === row.number) continue;
      const cell = row.cells[range.column];
      const top = this.mergedValues.get(range);
      if (top === undefined || !isData || (cell !== undefined && !isBlank(cell.value))) continue;
      while (row.cells.length < range.column) row.cells.push({ value: undefined });
      row.cells[range.column] = top.cell;
      top.rows.push(row.number);
    }
  }

  /** The merged cells carried down, said once: 「所在区」rows 3–4 (merged with row 2). */
  private mergedNotes(): string[] {
    const { lang } = this.options;
    return [...this.mergedValues].filter(([, { rows }]) => rows.length > 0).map(([range, { rows }]) => {
      const span = rows.length === 1 ? `${rows[0]}` : `${rows[0]}–${rows.at(-1)}`;
      return say(lang, `「${this.headerAt(range.column)}」第 ${range.top}–${range.bottom} 行是合并单元格：第 ${range.top} 行的值也读入第 ${span} 行`, `${this.headerAt(range.column)} is a cell merged over rows ${range.top}–${range.bottom}: row ${range.top}'s value is read on rows ${span} too`);
    });
  }

  /** A hidden sheet's records are checked though nobody sees them in Excel (an old copy, a draft): said, with how to leave it out. */
  private hiddenWarning(): string[] {
    const { lang, sheet } = this.options;
    if (this.options.hidden !== true || this.records === 0) return [];
    return [say(lang, `工作表「${sheet}」在 Excel 中是隐藏的，其 ${this.records} 条记录也已检查：若它不是要检查的数据（旧版本、草稿），请在映射文件中用 sheets: 列出要读的工作表，或在命令行写 文件.xlsx[工作表]`, `the sheet ${sheet} is hidden in Excel, and its ${this.records} records were checked too: if it is not data to check (an old copy, a draft), list the sheets to read under sheets: in the mapping file, or name one on the command line as file.xlsx[sheet]`)];
  }

  private headerlessWarning(): string[] {
    if (this.headerless.size === 0) return [];
    const { lang } = this.options;
    const list = [...this.headerless].map(([index, rows]) => say(lang, `第 ${columnName(index)} 列（第 ${rows.slice(0, 5).join("、")}${rows.length > 5 ? " …" : ""} 行）`, `column ${columnName(index)} (rows ${rows.slice(0, 5).join(", ")}${rows.length > 5 ? " …" : ""})`));
    return [say(lang, `没有表头的列中有值，未读入任何字段：${list.join("、")}。若其中有要检查的数据，请补上表头，或在映射文件中设 headerRows 和 columns`, `values in columns with no header were read into no field: ${list.join(", ")}. If they hold data to check, give them a header, or set headerRows and columns in the mapping file`)];
  }

  /** What was done to this table, for `inputs[].intake`. */
  summary(): IntakeSheet {
    return {
      sheet: this.options.sheet ?? null,
      source: this.options.source,
      headerRows: this.layout?.rows ?? [],
      kind: this.kind ?? null,
      titleYear: this.notes?.year ?? null,
      records: this.records,
      columns: this.columns.map((column) => ({
        column: column.index + 1,
        header: column.header,
        use: column.use === "kind" ? "field" : column.use,
        field: column.use === "field" || column.use === "kind" ? (column.path?.join(".") ?? null) : null,
        unit: column.unit?.name ?? null,
      })),
      conversions: this.conversions,
      skippedRows: [...this.skipped].map(([reason, rows]) => ({ reason, rows })),
      notes: [...this.intakeNotes, ...this.mergedNotes()],
      warnings: [...this.hiddenWarning(), ...this.headerlessWarning(), ...this.warnings, ...this.checks.warnings(this.options.lang, this.columns)],
    };
  }
}

function planOf(index: number, header: string, match: HeaderMatch, mapped: NonNullable<Mapping["columns"]>[string] | undefined, labelUnits: Unit[]): ColumnPlan {
  const plan: ColumnPlan = { index, header, use: match.role === "field" || match.role === "party" ? "field" : match.role };
  if (match.role === "field") [plan.path, plan.unit, plan.unitSource, plan.unknownUnit, plan.labelUnits] = [match.path, match.unit, match.unit === undefined ? undefined : "header", match.unknownUnit, labelUnits];
  if (match.role === "computed") plan.unit = match.unit;
  if (match.role === "party") plan.alongside = { path: [], value: match.partyRole };
  if (mapped === undefined) return plan;
  if (mapped === "ignore" || (typeof mapped === "object" && mapped.ignore === true)) return { index, header, use: "ignored" };
  const field = typeof mapped === "string" ? mapped : mapped.field;
  // A party column mapped to its own place (parties.N.unitName, as szcheck map drafts it) keeps its role.
  const partyPlace = plan.alongside !== undefined && field !== undefined && /^parties\.\d+\.unitName$/.test(field);
  if (field !== undefined && !partyPlace) [plan.use, plan.path, plan.alongside] = ["field", field.split("."), undefined];
  if (typeof mapped === "object" && mapped.unit !== undefined) [plan.unit, plan.unitSource] = [unitNamed(mapped.unit), "mapping"];
  return plan;
}

/**
 * Warnings that never change a verdict: a column that looks read in the wrong unit, and a column
 * repeating a figure szcheck computes that disagrees with it.
 */
class Plausibility {
  private readonly fractions = new Map<number, { all: number; small: number; smallRows: number[] }>();
  private readonly perEmployee: number[] = [];
  private readonly perSquareMetre: number[] = [];
  private readonly disagreements: Array<{ row: number; stated: number; computed: number }> = [];
  private readonly statedByRow = new Map<number, { value: number; column: ColumnPlan }>();
  private readonly roundedRows = new Map<number, number[]>();

  /** A number written as Excel displays a long one (1.28651E+11): six significant digits, the rest lost. */
  rounded(row: number, column: ColumnPlan): void {
    listAt(this.roundedRows, column.index).push(row);
  }

  value(row: number, column: ColumnPlan, value: unknown, percentCell: boolean): void {
    if (column.dimension !== "percent" || typeof value !== "number" || value === 0) return;
    const entry = this.fractions.get(column.index) ?? { all: 0, small: 0, smallRows: [] };
    this.fractions.set(column.index, entry);
    // A percent cell is 52 for 52% whatever it holds: it counts among the rows written as percentages.
    entry.all++;
    if (percentCell) return;
    if (value > 0 && value <= 1) {
      entry.small++;
      entry.smallRows.push(row);
    }
  }

  stated(row: number, column: ColumnPlan, cell: SheetCell): void {
    const raw = typeof cell.value === "number" ? cell.value : typeof cell.value === "string" ? Number(cell.value.replace(/%$/, "")) : Number.NaN;
    if (Number.isFinite(raw)) this.statedByRow.set(row, { value: cell.percent === true ? raw * 100 : raw, column });
  }

  record(row: number, record: Record<string, unknown>): void {
    const revenue = record.revenueCny;
    const employees = record.employees;
    if (typeof revenue === "number" && typeof employees === "number" && employees > 0 && revenue > 0 && revenue / employees < 1000) this.perEmployee.push(row);
    const investment = record.investmentCny;
    const area = (record.buildings as Array<{ floorAreaM2?: unknown }> | undefined)?.[0]?.floorAreaM2;
    if (typeof investment === "number" && typeof area === "number" && area > 0 && investment > 0 && investment / area < 10) this.perSquareMetre.push(row);
    const stated = this.statedByRow.get(row);
    const rd = record.rdExpenseCny;
    if (stated !== undefined && typeof rd === "number" && typeof revenue === "number" && revenue > 0) {
      const computed = (rd / revenue) * 100;
      if (Math.abs(computed - stated.value) > 0.05 + Math.abs(computed) * 0.005) this.disagreements.push({ row, stated: stated.value, computed });
    }
  }

  warnings(lang: Lang, columns: ColumnPlan[]): string[] {
    const out: string[] = [];
    const rows = (list: number[]): string => list.slice(0, 10).join(", ") + (list.length > 10 ? " …" : "");
    for (const [index, list] of this.roundedRows) {
      const header = columns.find((column) => column.index === index)?.header ?? "";
      out.push(say(lang, `「${header}」第 ${rows(list)} 行的数是科学记数法（如 1.28651E+11），只有 6 位有效数字：Excel 显示长数字时如此保存，其后的数位已丢失，szcheck 按所写读取；请把该列设为数值格式后重新导出，或直接检查 .xlsx 工作簿`, `${header} is written in scientific notation on rows ${rows(list)} (such as 1.28651E+11), six significant digits: Excel saves long numbers as it shows them, and the digits after them are lost; szcheck reads them as written. Give the column a number format and export again, or check the .xlsx workbook`));
    }
    for (const [index, { all, small, smallRows }] of this.fractions) {
      if (small === 0) continue;
      const header = columns.find((column) => column.index === index)?.header ?? "";
      if (small < all) {
        // 0.35 among 45 and 52%: a fraction typed into a column of percentages reads as 0.35%.
        out.push(say(lang, `「${header}」第 ${rows(smallRows)} 行的值在 0 到 1 之间，而其他行是百分数：szcheck 按百分数读取（0.35 即 0.35%）；若这些是小数形式（0.35 表示 35%），请把单元格改为 35 或 35%`, `${header} is between 0 and 1 on rows ${rows(smallRows)} while its other rows are percentages: szcheck reads these as percentages too (0.35 is 0.35%); if they are fractions (0.35 for 35%), write 35 or 35% in the cell`));
        continue;
      }
      out.push(say(lang, `「${header}」的值都在 0 到 1 之间：若是小数形式的百分比（0.52 表示 52%），请在映射文件中设 columns: { ${header}: { unit: 小数 } }；szcheck 按 0–100 的百分数读取`, `every value of ${header} is between 0 and 1: if these are fractions (0.52 for 52%), set columns: { ${header}: { unit: fraction } } in the mapping file; szcheck reads them as percentages 0–100`));
    }
    const header = (field: string): string => columns.find((column) => column.path?.join(".") === field)?.header ?? field;
    if (this.perEmployee.length > 0) {
      out.push(say(lang, `「${header("revenueCny")}」看起来小了一万倍（人均营业收入不足 1,000 元），行 ${rows(this.perEmployee)}：若单位是万元，请把表头写成“营业收入（万元）”或在映射文件中设 unit: 万元`, `${header("revenueCny")} looks 10,000× too small (revenue per employee under ¥1,000) on rows ${rows(this.perEmployee)}: if it is in 万元, write 营业收入（万元） or set unit: 万元 in the mapping file`));
    }
    if (this.perSquareMetre.length > 0) {
      out.push(say(lang, `「${header("investmentCny")}」看起来小了一万倍（每平方米投资不足 10 元），行 ${rows(this.perSquareMetre)}：若单位是万元，请把表头写成“总投资（万元）”或在映射文件中设 unit: 万元`, `${header("investmentCny")} looks 10,000× too small (investment per m² under ¥10) on rows ${rows(this.perSquareMetre)}: if it is in 万元, write 总投资（万元） or set unit: 万元 in the mapping file`));
    }
    if (this.disagreements.length > 0) {
      const first = this.disagreements[0]!;
      const column = [...this.statedByRow.values()][0]?.column.header ?? "";
      const figure = (n: number): string => String(Number(n.toFixed(2)));
      out.push(say(lang, `「${column}」与 szcheck 算出的研发投入强度（研发投入 ÷ 营业收入 × 100）不一致，行 ${rows(this.disagreements.map((d) => d.row))}（如第 ${first.row} 行：表中 ${figure(first.stated)}，算得 ${figure(first.computed)}）；规则使用 szcheck 算出的值`, `${column} disagrees with the R&D intensity szcheck computes (研发投入 ÷ 营业收入 × 100) on rows ${rows(this.disagreements.map((d) => d.row))} (row ${first.row}: the table says ${figure(first.stated)}, szcheck computes ${figure(first.computed)}); the rules use szcheck's figure`));
    }
    return out;
  }
}

/** A column as Excel names it: A, B, … Z, AA. */
function columnName(index: number): string {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

function setAt(record: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node: Record<string, unknown> | unknown[] = record;
  path.forEach((segment, i) => {
    const key: string | number = /^\d+$/.test(segment) && Array.isArray(node) ? Number(segment) : segment;
    if (i === path.length - 1) return define(node, key, value);
    const nextIsIndex = /^\d+$/.test(path[i + 1] ?? "");
    let child = Object.prototype.hasOwnProperty.call(node, key) ? (node as Record<string | number, unknown>)[key] : undefined;
    if (child === null || typeof child !== "object") {
      child = nextIsIndex ? [] : {};
      define(node, key, child);
    }
    node = child as Record<string, unknown> | unknown[];
  });
}

/** Defines an own property, so that a header like __proto__.x sets a key and never a prototype. */
function define(target: object, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The list kept under `key`, made empty the first time: rows are added in place, not by copying the list for each. */
function listAt<K, V>(map: Map<K, V[]>, key: K): V[] {
  let list = map.get(key);
  if (list === undefined) map.set(key, (list = []));
  return list;
}
