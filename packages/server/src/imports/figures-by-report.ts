/**
 * The figures of an import gathered per report (a unit's week), each unit, week and
 * indicator given once: what both importers (CSV, workbook) hand to the write path.
 */
import { compareWeeks } from '@giaoban/core';
import type { UnitRow } from '@giaoban/db';

/** One report's figures: indicator id → figure as entered (in the indicator's reporting mode). */
export interface ReportFigures {
  readonly unit: UnitRow;
  readonly period: string;
  readonly entered: Map<number, number>;
}

export class FiguresByReport<G extends ReportFigures, Source> {
  readonly #given = new Map<string, Source>();
  readonly #reports = new Map<string, G>();

  /**
   * Records that `source` (a line, a row) gives `indicatorId` of the unit's week; when an
   * earlier one already did, returns that one instead (the duplicate is the caller's to refuse).
   */
  claim(unit: Pick<UnitRow, 'id'>, period: string, indicatorId: number, source: Source): Source | undefined {
    const key = `${unit.id}|${period}|${indicatorId}`;
    const earlier = this.#given.get(key);
    if (earlier !== undefined) return earlier;
    this.#given.set(key, source);
    return undefined;
  }

  /** The unit's report of the week, made by `create` the first time it is named. */
  reportOf(unit: Pick<UnitRow, 'id'>, period: string, create: () => G): G {
    const key = `${unit.id}|${period}`;
    let report = this.#reports.get(key);
    if (!report) this.#reports.set(key, (report = create()));
    return report;
  }

  get size(): number {
    return this.#reports.size;
  }

  /** In the order named. */
  all(): G[] {
    return [...this.#reports.values()];
  }

  /** Week by week (a figure to date converts against the week before), then by unit. */
  inWeekOrder(): G[] {
    return this.all().sort((a, b) => compareWeeks(a.period, b.period) || a.unit.id - b.unit.id);
  }
}
