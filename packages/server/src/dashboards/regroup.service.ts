/**
 * A campaign regrouped under another date's structure ("theo đơn vị hiện nay"): the rows of a
 * unit's progress are the units below it on that date, each the sum of the units of the
 * campaign's own structure it continues (core regroupAsOf, regroupFigures), targets
 * regrouped the same way. The unit's own total is the campaign's, unchanged.
 */
import { campaignEnded, progressFigures, regroupAsOf, regroupFigures, ValidationError, isValidDate, type RegroupableFigures } from '@giaoban/core';
import { reorganisationsRepository, unitsRepository, type UnitRow } from '@giaoban/db';
import type { ServiceContext, UnitRef } from '../infra/index.ts';
import { getProgress, type ProgressOptions, type ProgressView, type UnitProgress } from './progress.service.ts';

export interface RegroupedRow extends UnitProgress {
  /** The units of the campaign's structure added into this row (itself included when it existed then). */
  readonly members: readonly UnitRow[];
}

export interface RegroupedProgressView extends Omit<ProgressView, 'children'> {
  readonly regroupAsOf: string;
  readonly children: readonly RegroupedRow[];
  /** Rows of the campaign's structure that no unit of that date continues (closed without successor). */
  readonly unmatched: readonly UnitProgress[];
}

/** getProgress, its children regrouped under the structure of `regroupAsOf`. */
export async function getRegroupedProgress(
  ctx: ServiceContext, ref: UnitRef, options: ProgressOptions & { regroupAsOf: string },
): Promise<RegroupedProgressView> {
  if (!isValidDate(options.regroupAsOf)) {
    throw new ValidationError('regroupAsOf', `Ngày "${options.regroupAsOf}" không hợp lệ.`, `Invalid date "${options.regroupAsOf}".`);
  }
  const view = await getProgress(ctx, ref, options);
  const { campaign } = view;
  const subtree = await unitsRepository.listSubtree(ctx.db, view.unit.unit.id);
  const representativeOf = regroupAsOf(subtree, await reorganisationsRepository.listSuccessionsByCode(ctx.db), options.regroupAsOf);
  const rowsOnDate = await unitsRepository.listByParent(ctx.db, view.unit.unit.id, { from: options.regroupAsOf, to: options.regroupAsOf });
  const rowByCode = new Map(rowsOnDate.map((u) => [u.code, u]));
  const childByCode = new Map(view.children.map((c) => [c.unit.code, c]));

  // A child continued by something other than a row of that date (the unit itself, a deeper unit, none) stays unmatched.
  const rowOf = new Map([...view.children].map((c) => {
    const to = representativeOf.get(c.unit.code) ?? null;
    return [c.unit.code, to !== null && rowByCode.has(to) ? to : null];
  }));
  const groups = regroupFigures(view.children.map((c) => ({
    code: c.unit.code,
    figures: new Map<number, RegroupableFigures>(c.indicators.map((i) => [i.indicator.id, { target: i.target, thisWeek: i.thisWeek, toDate: i.toDate }])),
  })), rowOf);

  const language = options.language ?? 'vi';
  const children: RegroupedRow[] = rowsOnDate.flatMap((row) => {
    const group = groups.get(row.code);
    return [{
      unit: row,
      // A regrouped row is not one unit's report of the week.
      reportStatus: childByCode.get(row.code)?.reportStatus ?? 'missing',
      hasChildren: false,
      members: (group?.members ?? []).map((code) => childByCode.get(code)!.unit),
      indicators: campaign.indicators.map((indicator) => {
        const f = group?.figures.get(indicator.id);
        return {
          indicator,
          ...progressFigures({
            target: f?.target ?? null, thisWeek: f?.thisWeek ?? 0, toDate: f?.toDate ?? 0, elapsedShare: view.elapsedShare,
            ended: campaignEnded(campaign, view.asOf), precision: view.precision, language,
          }),
        };
      }),
    }];
  });
  const unmatched = (groups.get(null)?.members ?? []).map((code) => childByCode.get(code)!);
  return { ...view, regroupAsOf: options.regroupAsOf, children, unmatched };
}

/**
 * The progress as a page asks for it: regrouped when `regroupAsOf` is given, with the last
 * change of structure since the campaign began (the page offers the switch only then).
 */
export async function progressOf(ctx: ServiceContext, ref: UnitRef, options: ProgressOptions, regroupAsOf: string | undefined) {
  const regrouped = regroupAsOf ? await getRegroupedProgress(ctx, ref, { ...options, regroupAsOf }) : null;
  const view = regrouped ?? await getProgress(ctx, ref, options);
  return { view, regrouped, structureChangedOn: await reorganisationsRepository.latestEffectiveAfter(ctx.db, view.campaign.startDate) };
}
