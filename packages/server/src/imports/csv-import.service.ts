/**
 * Bulk import of figures from CSV (unit,period,indicator,value): every row is checked
 * first; then all are written in one transaction, or none.
 */
import { DomainError, RowProblemsError, type RowProblem, campaignWeeks, isUnitValidOn, parseCsvRows, readIndicatorFigure } from '@giaoban/core';
import { unitsRepository, type UnitRow } from '@giaoban/db';
import { type Actor, type ServiceContext, requireCampaign, type CampaignRef } from '../infra/index.ts';
import { importedFigures, writeSubmissions } from '../reporting/index.ts';
import { FiguresByReport, type ReportFigures } from './figures-by-report.ts';

export interface ImportResult {
  readonly rows: number;
  readonly reports: number;
}

export async function importValues(ctx: ServiceContext, ref: CampaignRef, actor: Actor | null, csv: string): Promise<ImportResult> {
  const { campaign: campaignCode } = ref;
  const campaign = await requireCampaign(ctx.db, campaignCode);
  const [header, ...rows] = parseCsvRows(csv);
  const expected = ['unit', 'period', 'indicator', 'value'];
  const columns = (header?.fields ?? []).map((h) => h.trim().toLowerCase());
  if (expected.some((c, i) => columns[i] !== c)) {
    throw new RowProblemsError([{ line: 1, column: 'header', message: `Dòng tiêu đề phải là: ${expected.join(',')}.`, messageEn: `The header must be: ${expected.join(',')}.` }]);
  }
  const weeks = new Map(campaignWeeks(campaign.startDate, campaign.endDate).map((w) => [w.week, w]));
  const indicators = new Map(campaign.indicators.map((i) => [i.code, i]));
  const units = new Map<string, UnitRow | null>();
  const errors: RowProblem[] = [];
  const reports = new FiguresByReport<ReportFigures, number>();
  for (const { line, fields } of rows) {
    const fail = (column: string, message: string, messageEn: string) => errors.push({ line, column, message, messageEn });
    const [unitCode = '', period = '', indicatorCode = '', rawValue = ''] = fields.map((f) => f.trim());
    if (!units.has(unitCode)) units.set(unitCode, (await unitsRepository.getByCode(ctx.db, unitCode)) ?? null);
    const unit = units.get(unitCode);
    const week = weeks.get(period);
    const indicator = indicators.get(indicatorCode);
    if (!unit) fail('unit', `Không tìm thấy đơn vị "${unitCode}".`, `Unknown unit "${unitCode}".`);
    if (!week) fail('period', `Tuần "${period}" không hợp lệ hoặc nằm ngoài chiến dịch.`, `Week "${period}" is invalid or outside the campaign.`);
    if (!indicator) fail('indicator', `Chỉ tiêu "${indicatorCode}" không thuộc chiến dịch.`, `Indicator "${indicatorCode}" is not part of the campaign.`);
    let value: number | undefined;
    try {
      value = readIndicatorFigure(indicator ?? { code: indicatorCode, name: indicatorCode, valueKind: 'decimal' }, rawValue, 'value');
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      fail('value', error.message, error.messageEn);
    }
    if (!unit || !week || !indicator || value === undefined) continue;
    if (!isUnitValidOn(unit, week.end) && !isUnitValidOn(unit, week.start)) {
      fail('unit', `Đơn vị ${unit.name} không tồn tại trong tuần ${period}.`, `Unit ${unit.name} does not exist in week ${period}.`);
      continue;
    }
    if (reports.claim(unit, period, indicator.id, line) !== undefined) {
      fail('indicator', `Trùng dòng: ${unit.code}, ${period}, ${indicator.code} đã có ở dòng trước.`, `Duplicate row for ${unit.code}, ${period}, ${indicator.code}.`);
      continue;
    }
    reports.reportOf(unit, period, () => ({ unit, period, entered: new Map() })).entered.set(indicator.id, value);
  }
  if (errors.length > 0) throw new RowProblemsError(errors);
  await ctx.transaction(async (tx) => {
    const outcomes = await writeSubmissions(tx, campaign, reports.inWeekOrder().map((g) => importedFigures(g, actor, ctx.now())));
    // All or nothing: the first refusal undoes the file.
    const refused = outcomes.find((o) => o.kind === 'refused');
    if (refused) throw refused.error;
  });
  return { rows: rows.length, reports: reports.size };
}
