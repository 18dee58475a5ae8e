/**
 * Excel in: the entry workbook of a week (for a unit and optionally its children) and its
 * upload. Every row is checked before anything is written; then the reports are written
 * all together (mode 'workbook': one error and nothing is written) or unit by unit (mode
 * 'unit': a unit with an error is refused, the others go in). Figures equal to what is
 * already stored change nothing, so uploading the same file twice is harmless.
 */
import {
  DomainError, FieldProblemsError, displayFromIncrement, leavesUnchanged, formatNumber, isUnitValidDuring, isValidWeek, validateIndicatorValue,
  type CampaignWeek, type Indicator, type OnBehalfInput,
} from '@giaoban/core';
import { reportsRepository, targetsRepository, unitsRepository, type CampaignDetail, type Executor, type ReportValueRow, type UnitRow } from '@giaoban/db';
import { isAllowed } from '../accounts/index.ts';
import { ProblemList, entryTemplateWorkbook, readEntryWorkbook, type EntryCellRow, type WorkbookProblem } from './entry-workbook.ts';
import { ZipRefused, checkZip } from './zip-guard.ts';
import { MAX_GROUP, type Actor, type ServiceContext, requireCampaign, requireUnit, type CampaignRef, type ReportRef } from '../infra/index.ts';
import { byPeriod, importedFigures, writeSubmissions } from '../reporting/index.ts';
import { FiguresByReport, type ReportFigures } from './figures-by-report.ts';
import { campaignWeekOf } from '../planning/index.ts';

export interface ImportLimits {
  /** Largest upload, in bytes. */
  readonly maxBytes: number;
  /** Most figure rows one sheet may hold. */
  readonly maxRows: number;
  /** Most bytes the workbook's parts may inflate to (a zip bomb stops here). */
  readonly maxUnzippedBytes: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = Object.freeze({ maxBytes: 20 * 1024 * 1024, maxRows: 100_000, maxUnzippedBytes: 200 * 1024 * 1024 });

export type ImportMode = 'workbook' | 'unit';
export type ImportStage = 'reading' | 'checking' | 'writing' | 'finished';

export interface ImportUnitOutcome {
  readonly code: string;
  readonly name: string;
  readonly period: string;
  readonly outcome: 'written' | 'unchanged' | 'refused';
}

export interface WorkbookImportResult {
  readonly ok: boolean;
  /** Figure rows in the workbook (filled or not, good or bad). */
  readonly rows: number;
  /** The problems in sheet order, the first MAX_LISTED_PROBLEMS of them. */
  readonly problems: readonly WorkbookProblem[];
  /** Every problem, listed or not. */
  readonly problemCount: number;
  readonly units: readonly ImportUnitOutcome[];
}

export interface ImportProgress {
  (stage: ImportStage, processed: number, total: number): void;
}

/** Whether `actor` (null: the system) may write the unit's report. */
async function mayWrite(ex: Executor, actor: Actor | null, unit: UnitRow): Promise<boolean> {
  if (!actor) return true;
  const inSubtree = await unitsRepository.isInScope(ex, actor.unitId, unit.id);
  return isAllowed({ role: actor.role, unitId: actor.unitId }, 'report.write', { unitId: unit.id, inSubtree });
}

// ---------------------------------------------------------------------------------------------
// The template

/** The entry workbook of `period` for a unit, and its children when asked (those the actor may write). */
export async function entryTemplate(
  ctx: ServiceContext, ref: ReportRef, actor: Actor | null, withChildren: boolean,
): Promise<{ file: Buffer; fileName: string }> {
  const { campaign: campaignCode, unit: unitCode, period } = ref;
  const campaign = await requireCampaign(ctx.db, campaignCode);
  const unit = await requireUnit(ctx.db, unitCode);
  if (!isValidWeek(period)) {
    throw new DomainError('invalid_period', `Tuần "${period}" không hợp lệ, cần dạng 2023-W21.`, { field: 'period', messageEn: `Week "${period}" is not valid; expected the form 2023-W21.` });
  }
  const week = campaignWeekOf(campaign, period);
  const children = withChildren ? await unitsRepository.listByParent(ctx.db, unit.id, { from: week.start, to: week.end }) : [];
  const units: UnitRow[] = [];
  for (const u of [unit, ...children]) {
    if (isUnitValidDuring(u, week.start, week.end) && await mayWrite(ctx.db, actor, u)) units.push(u);
  }
  const targets = await targetsRepository.listForUnits(ctx.db, campaign.id, units.map((u) => u.id));
  const targetOf = new Map(targets.map((t) => [`${t.unitId}:${t.indicatorId}`, t.target]));
  const rows = [];
  const ownOf = await reportsRepository.ownFiguresOf(ctx.db, campaign.id, units.map((u) => u.id), period);
  for (const u of units) {
    const own = ownOf.get(u.id);
    const values = own?.values ?? new Map<number, ReportValueRow>();
    const before = own?.toDateBefore ?? new Map<number, number>();
    for (const indicator of campaign.indicators) {
      const toDateBefore = before.get(indicator.id) ?? 0;
      const stored = values.get(indicator.id);
      rows.push({
        unit: { code: u.code, name: u.name }, indicator, target: targetOf.get(`${u.id}:${indicator.id}`) ?? null, toDateBefore,
        current: stored ? displayFromIncrement(indicator.reportingMode, stored.value, toDateBefore) : null,
      });
    }
  }
  const file = await entryTemplateWorkbook({ campaign: { code: campaign.code, name: campaign.name }, week, rows });
  return { file, fileName: `nhap-so-lieu-${campaign.code}-${unit.code}-${period}.xlsx` };
}

// ---------------------------------------------------------------------------------------------
// The upload

const fileProblem = (message: string, messageEn: string): WorkbookProblem => ({ sheet: '', row: 0, column: '', message, messageEn });

/** The checks before the file is read: size, zip shape, inflated size (measured, as a stream). */
async function checkFile(buffer: Buffer, limits: ImportLimits): Promise<WorkbookProblem | null> {
  const mb = (bytes: number) => (bytes >= 1024 * 1024 ? `${formatNumber(bytes / (1024 * 1024), 1)} MB` : `${formatNumber(Math.ceil(bytes / 1024), 0)} KB`);
  if (buffer.length === 0) return fileProblem('Tệp rỗng.', 'The file is empty.');
  if (buffer.length > limits.maxBytes) {
    return fileProblem(`Tệp nặng ${mb(buffer.length)}, vượt giới hạn ${mb(limits.maxBytes)}.`, `The file is ${mb(buffer.length)}, over the ${mb(limits.maxBytes)} limit.`);
  }
  try {
    await checkZip(buffer, { maxUnzippedBytes: limits.maxUnzippedBytes, maxEntries: 1_000 });
    return null;
  } catch (error) {
    if (!(error instanceof ZipRefused)) throw error;
    switch (error.problem.kind) {
      case 'not_zip':
        return fileProblem('Tệp không phải bảng tính Excel (.xlsx): hãy lưu lại dưới dạng .xlsx rồi tải lên.', 'The file is not an Excel workbook (.xlsx): save it as .xlsx and upload it again.');
      case 'too_many_entries':
        return fileProblem('Tệp chứa quá nhiều thành phần, không phải một bảng tính nhập liệu.', 'The file holds too many parts to be an entry workbook.');
      case 'too_large_unzipped':
        return fileProblem(
          `Nội dung tệp khi giải nén vượt ${mb(error.problem.limit)} (có thể là tệp nén độc hại); tệp bị từ chối.`,
          `The file inflates to more than ${mb(error.problem.limit)} (possibly a zip bomb); it is refused.`,
        );
      case 'unsupported':
        return fileProblem('Tệp dùng định dạng nén không được hỗ trợ; hãy lưu lại bằng Excel hoặc LibreOffice.', 'The file uses an unsupported compression; save it again with Excel or LibreOffice.');
    }
  }
}

interface Group extends ReportFigures {
  readonly week: CampaignWeek;
  /** indicator code → the row its figure came from. */
  readonly rowOf: Map<string, EntryCellRow>;
  readonly firstRow: EntryCellRow;
}

/** Checks every row against the campaign, the units and the actor's rights; groups them per report. */
async function checkRows(
  ctx: ServiceContext, actor: Actor | null, campaign: CampaignDetail, sheets: Awaited<ReturnType<typeof readEntryWorkbook>>['sheets'],
  problems: ProblemList, progress: ImportProgress,
): Promise<{ groups: FiguresByReport<Group, EntryCellRow>; badUnits: Set<string> }> {
  const indicators = new Map(campaign.indicators.map((i) => [i.code, i]));
  const units = new Map<string, { unit: UnitRow; writable: boolean; inCampaign: boolean } | null>();
  const groups = new FiguresByReport<Group, EntryCellRow>();
  const badUnits = new Set<string>();
  const total = sheets.reduce((n, s) => n + s.rows.length, 0);
  let processed = 0;
  for (const sheet of sheets) {
    const at = (row: number, column: string, message: string, messageEn: string) => problems.add({ sheet: sheet.sheet, row, column, message, messageEn });
    if (sheet.campaignCode !== '' && sheet.campaignCode !== campaign.code) {
      at(0, 'B', `Tệp dành cho chiến dịch "${sheet.campaignCode}", không phải "${campaign.code}".`, `The file is for campaign "${sheet.campaignCode}", not "${campaign.code}".`);
      continue;
    }
    let week: CampaignWeek | null = null;
    if (sheet.period !== '') {
      try {
        if (!isValidWeek(sheet.period)) throw new DomainError('invalid_period', `Tuần "${sheet.period}" không hợp lệ, cần dạng 2023-W21.`, { messageEn: `Week "${sheet.period}" is not valid; expected the form 2023-W21.` });
        week = campaignWeekOf(campaign, sheet.period);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        at(0, 'B', error.message, error.messageEn);
      }
    }
    if (!week) continue;
    for (const r of sheet.rows) {
      if (++processed % 500 === 0) {
        progress('checking', processed, total);
        // Rows of units already looked up are checked without a query: other requests get a turn.
        if (processed % 5_000 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      }
      const fail = (column: string, message: string, messageEn: string) => {
        badUnits.add(r.unitCode);
        at(r.row, column, message, messageEn);
      };
      if (!units.has(r.unitCode)) {
        const unit = await unitsRepository.getByCode(ctx.db, r.unitCode);
        units.set(r.unitCode, unit ? {
          unit, writable: await mayWrite(ctx.db, actor, unit), inCampaign: await unitsRepository.isInSubtree(ctx.db, campaign.rootUnitId, unit.id),
        } : null);
      }
      const found = units.get(r.unitCode);
      const indicator: Indicator | undefined = indicators.get(r.indicatorCode);
      if (!found) { fail(r.columns.unit, `Không tìm thấy đơn vị có mã "${r.unitCode}".`, `No unit has the code "${r.unitCode}".`); continue; }
      const { unit } = found;
      if (!found.inCampaign) { fail(r.columns.unit, `Đơn vị ${unit.name} không thuộc phạm vi của chiến dịch.`, `Unit ${unit.name} is outside the campaign.`); continue; }
      if (!found.writable) { fail(r.columns.unit, `Bạn không có quyền nhập báo cáo của ${unit.name}.`, `You may not enter the report of ${unit.name}.`); continue; }
      if (!isUnitValidDuring(unit, week.start, week.end)) { fail(r.columns.unit, `Đơn vị ${unit.name} không tồn tại trong tuần ${week.week}.`, `Unit ${unit.name} does not exist in week ${week.week}.`); continue; }
      if (!indicator) { fail(r.columns.indicator, `Chỉ tiêu "${r.indicatorCode}" không thuộc chiến dịch.`, `Indicator "${r.indicatorCode}" is not part of the campaign.`); continue; }
      const earlier = groups.claim(unit, week.week, indicator.id, r);
      if (earlier) {
        fail(r.columns.indicator, `Trùng với dòng ${earlier.row} (trang «${earlier.sheet}»): ${unit.code}, ${indicator.code}, tuần ${week.week}.`, `Same unit, indicator and week as row ${earlier.row} (sheet "${earlier.sheet}").`);
        continue;
      }
      const group = groups.reportOf(unit, week.week, () => ({ unit, period: week.week, week, entered: new Map(), rowOf: new Map(), firstRow: r }));
      group.rowOf.set(indicator.code, r);
      if (r.value === null) continue;
      try {
        group.entered.set(indicator.id, validateIndicatorValue(indicator, r.value, 'value', r.typed));
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        fail(r.columns.value, error.message, error.messageEn);
      }
    }
  }
  return { groups, badUnits };
}

/** Where a refusal of the report's write belongs in the sheet: the figure's row when it names one. */
function problemsOf(error: DomainError, group: Group): WorkbookProblem[] {
  const fields = error instanceof FieldProblemsError ? error.fields : [{ field: error.field ?? '', message: error.message, messageEn: error.messageEn }];
  return fields.map((f) => {
    const code = f.field.startsWith('values.') ? f.field.slice('values.'.length) : null;
    const row = (code && group.rowOf.get(code)) || null;
    const at = row ?? group.firstRow;
    return {
      sheet: at.sheet, row: at.row, column: row ? row.columns.value : '',
      message: `${group.unit.name}: ${f.message}`, messageEn: `${group.unit.name}: ${f.messageEn}`,
    };
  });
}

/**
 * The reports that already hold exactly these figures (an import of the same file again),
 * read in two statements a week rather than through the writer's locks: they are left out
 * of the write. The writer checks again under its locks (skipUnchanged).
 */
async function unchangedReports(ex: Executor, campaign: CampaignDetail, groups: readonly Group[]): Promise<Set<Group>> {
  const unchanged = new Set<Group>();
  for (const [period, week] of byPeriod(groups)) {
    const unitIds = week.map((g) => g.unit.id);
    const [statuses, own] = await Promise.all([
      reportsRepository.listStatuses(ex, campaign.id, unitIds, period), reportsRepository.ownFiguresOf(ex, campaign.id, unitIds, period),
    ]);
    for (const g of week) {
      const status = statuses.get(g.unit.id)?.status;
      if (status && leavesUnchanged({ status }, own.get(g.unit.id), g.entered, campaign.indicators)) unchanged.add(g);
    }
  }
  return unchanged;
}

/** Thrown inside the workbook's transaction to undo everything when one report was refused. */
class RollBack extends Error {}

/**
 * Imports an entry workbook: file checks (size, zip, inflated size, rows), every row
 * checked, then the writes by `mode`. Never throws for what is wrong with the file: the
 * result lists every problem by sheet, row and column.
 */
export async function importWorkbook(
  ctx: ServiceContext, ref: CampaignRef, actor: Actor | null, buffer: Buffer,
  options: {
    mode: ImportMode; limits?: ImportLimits; progress?: ImportProgress;
    /**
     * nhập thay for the whole file: the reports of the units below the importer are entered
     * on their behalf with this reason and received time (checked per report by core); the
     * importer's own unit's rows are its own report.
     */
    onBehalf?: OnBehalfInput | undefined;
  },
): Promise<WorkbookImportResult> {
  const { campaign: campaignCode } = ref;
  const limits = options.limits ?? DEFAULT_IMPORT_LIMITS;
  const progress: ImportProgress = options.progress ?? (() => {});
  const campaign = await requireCampaign(ctx.db, campaignCode);
  progress('reading', 0, 0);
  const bad = await checkFile(buffer, limits);
  if (bad) return { ok: false, rows: 0, problems: [bad], problemCount: 1, units: [] };
  const reading = await readEntryWorkbook(buffer, { maxRows: limits.maxRows });
  const problems = new ProblemList();
  problems.merge(reading.problems);
  const rows = reading.sheets.reduce((n, s) => n + s.rowCount, 0);
  const sheetOrder = reading.sheets.map((s) => s.sheet);
  if (reading.problems.whole) return { ok: false, rows, problems: inSheetOrder(problems.listed, sheetOrder), problemCount: problems.count, units: [] };

  progress('checking', 0, rows);
  const { groups, badUnits } = await checkRows(ctx, actor, campaign, reading.sheets, problems, progress);
  for (const u of reading.problems.units) badUnits.add(u);
  const groupHasProblem = (g: Group) => badUnits.has(g.unit.code);
  // A bad row that names no unit cannot be set aside with its unit: then nothing goes in.
  if (problems.count > 0 && (options.mode === 'workbook' || reading.problems.unattributed)) {
    return {
      ok: false, rows, problems: inSheetOrder(problems.listed, sheetOrder), problemCount: problems.count,
      units: groups.all().map((g) => outcome(g, groupHasProblem(g) ? 'refused' : 'unchanged')),
    };
  }
  // Week order matters for figures reported to date: each week converts against the one before.
  const ordered = groups.inWeekOrder();
  const outcomes = new Map<Group, ImportUnitOutcome['outcome']>();
  const total = ordered.length;
  const refuse = (g: Group, error: unknown) => {
    if (!(error instanceof DomainError)) throw error;
    for (const p of problemsOf(error, g)) problems.add(p);
    outcomes.set(g, 'refused');
  };
  // The groups to write, through the same group writer as the form's; their outcomes are
  // taken once the transaction has committed (or rolled back on purpose).
  const write = (tx: Executor, todo: readonly Group[], settledBefore: number) => writeSubmissions(
    tx, campaign, todo.map((g) => importedFigures(g, actor, ctx.now(), {
      via: 'import', skipUnchanged: true, onBehalf: actor && g.unit.id !== actor.unitId ? options.onBehalf : undefined,
    })),
    (settled) => progress('writing', settledBefore + settled, total),
  );
  const record = (todo: readonly Group[], results: Awaited<ReturnType<typeof write>>, rolledBack: boolean) => results.forEach((result, i) => {
    const g = todo[i]!;
    if (result.kind === 'refused') refuse(g, result.error);
    else outcomes.set(g, result.result.changed && !rolledBack ? 'written' : 'unchanged');
  });
  const candidates: Group[] = [];
  for (const g of ordered) {
    if (options.mode === 'unit' && groupHasProblem(g)) outcomes.set(g, 'refused');
    else if (g.entered.size === 0) outcomes.set(g, 'unchanged');
    else candidates.push(g);
  }
  const unchanged = await unchangedReports(ctx.db, campaign, candidates);
  for (const g of unchanged) outcomes.set(g, 'unchanged');
  const toWrite = candidates.filter((g) => !unchanged.has(g));
  progress('writing', 0, total);
  if (options.mode === 'workbook') {
    // One transaction: a refusal is recorded and the others still checked; any refusal
    // undoes the whole file at the end.
    let results: Awaited<ReturnType<typeof write>> = [];
    try {
      await ctx.transaction(async (tx) => {
        results = await write(tx, toWrite, 0);
        if (results.some((r) => r.kind === 'refused')) throw new RollBack();
      });
      record(toWrite, results, false);
    } catch (error) {
      if (!(error instanceof RollBack)) throw error;
      record(toWrite, results, true);
    }
  } else {
    // Each unit stands alone: a refusal leaves nothing of its own behind and the others are
    // written. A group whose transaction fails as a whole is written again report by report.
    for (let from = 0; from < toWrite.length; from += MAX_GROUP) {
      const chunk = toWrite.slice(from, from + MAX_GROUP);
      try {
        record(chunk, await ctx.transaction((tx) => write(tx, chunk, from)), false);
      } catch {
        for (const [i, g] of chunk.entries()) {
          try {
            record([g], await ctx.transaction((tx) => write(tx, [g], from + i)), false);
          } catch (error) {
            refuse(g, error);
          }
        }
      }
    }
  }
  progress('finished', total, total);
  return {
    ok: problems.count === 0, rows, problems: inSheetOrder(problems.listed, sheetOrder), problemCount: problems.count,
    units: ordered.map((g) => outcome(g, outcomes.get(g) ?? 'refused')),
  };
}

/** Problems as a person reads the workbook: sheet by sheet, row by row, then by column. */
function inSheetOrder(problems: readonly WorkbookProblem[], sheets: readonly string[]): WorkbookProblem[] {
  const sheetIndex = (name: string) => sheets.indexOf(name);
  const columnKey = (c: string) => c.padStart(3, ' ');
  return [...problems].sort((a, b) => sheetIndex(a.sheet) - sheetIndex(b.sheet) || a.row - b.row || columnKey(a.column).localeCompare(columnKey(b.column)));
}

function outcome(g: Group, result: ImportUnitOutcome['outcome']): ImportUnitOutcome {
  return { code: g.unit.code, name: g.unit.name, period: g.period, outcome: result };
}
