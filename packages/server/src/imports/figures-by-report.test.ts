import { describe, expect, it } from 'vitest';
import type { UnitRow } from '@giaoban/db';
import { FiguresByReport, type ReportFigures } from './figures-by-report.ts';

const unit = (id: number) => ({ id, code: `U${id}` }) as unknown as UnitRow;

describe('FiguresByReport', () => {
  it('gathers figures per unit and week, refuses an indicator given twice for the same week, and lists weeks in order', () => {
    const reports = new FiguresByReport<ReportFigures, number>();
    const rows: [number, string, number, number][] = [
      // unit, week, indicator, line
      [2, '2023-W27', 1, 2],
      [1, '2023-W27', 1, 3],
      [2, '2023-W05', 1, 4],
      [2, '2023-W27', 2, 5],
      [2, '2023-W27', 1, 6], // the same as line 2
    ];
    const duplicates: [number, number][] = [];
    for (const [u, week, indicator, line] of rows) {
      const earlier = reports.claim(unit(u), week, indicator, line);
      if (earlier !== undefined) { duplicates.push([line, earlier]); continue; }
      reports.reportOf(unit(u), week, () => ({ unit: unit(u), period: week, entered: new Map() })).entered.set(indicator, line);
    }
    expect(duplicates).toEqual([[6, 2]]);
    expect(reports.size).toBe(3);
    expect(reports.all().map((r) => `${r.unit.id} ${r.period}`)).toEqual(['2 2023-W27', '1 2023-W27', '2 2023-W05']);
    // W05 before W27 (a figure to date converts against the week before), then by unit.
    expect(reports.inWeekOrder().map((r) => `${r.unit.id} ${r.period} ${[...r.entered.keys()].join(',')}`)).toEqual(['2 2023-W05 1', '1 2023-W27 1', '2 2023-W27 1,2']);
  });
});
