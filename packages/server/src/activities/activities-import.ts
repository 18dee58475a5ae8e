/**
 * Records of one kind brought in from a spreadsheet (issue 20): the template the Hoạt động page
 * offers (or the kind's export, less its record numbers), as .xlsx or CSV. Like the figures'
 * import, every row is checked first — its unit (the importing unit or one below it: nhập thay),
 * its programme, its fields by the same rules as a form's (checkActivity) — and nothing is
 * written while any row is wrong: the answer names every row and column. Then one transaction
 * keeps them all, each audited, the reports that count them recounted once per unit. A row
 * exactly like a live record of its unit (the same file sent again) is left out: `unchanged`.
 */
import { ACTIVITY_FIELDS, ACTIVITY_SHEET_COLUMNS, FieldProblemsError, RowProblemsError, readActivitySheet, type RowProblem } from '@giaoban/core';
import { activitiesRepository, unitsRepository, type UnitRow } from '@giaoban/db';
import { readTableFile, type TableFileKind } from '../imports/index.ts';
import type { Actor, ServiceContext, UnitRef } from '../infra/index.ts';
import { recountReports, weeksOfRecord } from '../reporting/index.ts';
import { insertResolved, place, requireKind, resolve, type ActivitySetup, type Resolved } from './activities.service.ts';

export interface ActivityImportOutcome {
  readonly created: number;
  readonly unchanged: number;
}

/** A record's identity for "the same row again": its unit, kind, programme and checked fields (in one key order: jsonb keeps its own). */
const sameness = (unitId: number, kind: string, programmeId: number | null, fields: Readonly<Record<string, unknown>>) =>
  JSON.stringify([unitId, kind, programmeId, Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);

export async function importActivities(
  ctx: ServiceContext, actor: Actor | null, ref: UnitRef, kindText: string, file: { readonly bytes: Buffer; readonly kind: TableFileKind },
): Promise<ActivityImportOutcome & { readonly setup: ActivitySetup }> {
  const kind = requireKind(kindText);
  const { setup, unit } = await place(ctx.db, ref);
  const sheet = readActivitySheet(kind, await readTableFile(file.bytes, file.kind));
  if (sheet.problems.length > 0) throw new RowProblemsError(sheet.problems);

  // The units the rows name: the importing unit's own subtree only.
  const named = [...new Set(sheet.rows.flatMap((r) => (r.unitCode === null ? [] : [r.unitCode])))];
  const found = new Map((await unitsRepository.listByCodesWithAncestors(ctx.db, named)).map((u) => [u.code, u]));
  // A problem's column: the field's label, as the sheet's header writes it.
  const columnOf = (field: string | null) => (field === null ? '' : field === 'programme' ? ACTIVITY_SHEET_COLUMNS.programme.vi
    : ACTIVITY_FIELDS[kind].find((s) => s.name === field)?.labelVi ?? field);
  const problems: RowProblem[] = [];
  const checked: { unit: UnitRow; r: Resolved; programme: string | null }[] = [];
  for (const row of sheet.rows) {
    let rowUnit: UnitRow = unit;
    if (row.unitCode !== null && row.unitCode !== unit.code) {
      const u = found.get(row.unitCode);
      if (!u || !u.ancestorIds.includes(unit.id)) {
        problems.push({ line: row.line, column: ACTIVITY_SHEET_COLUMNS.unit.vi, message: `Đơn vị "${row.unitCode}" không thuộc ${unit.name}.`, messageEn: `The unit "${row.unitCode}" is not under ${unit.name}.` });
        continue;
      }
      const { ancestorIds: _, ...plain } = u;
      rowUnit = plain;
    }
    // A programme by its code or its name, as the export writes it.
    const programme = row.programme === null ? null : setup.programmes.find((p) => p.code === row.programme || p.name === row.programme)?.code ?? row.programme;
    try {
      checked.push({ unit: rowUnit, r: await resolve(ctx.db, setup, rowUnit, kind, { fields: row.fields, programme }), programme });
    } catch (error) {
      if (!(error instanceof FieldProblemsError)) throw error;
      for (const p of error.fields) problems.push({ line: row.line, column: columnOf(p.field), message: p.message, messageEn: p.messageEn });
    }
  }
  if (problems.length > 0) throw new RowProblemsError(problems);

  // The same rows again write nothing: the live records of the kind under the unit, by identity.
  const existing = new Set((await activitiesRepository.listRecords(ctx.db, setup.campaign.id, unit.id, { kind }, { limit: 1_000_000, offset: 0 })).rows
    .map((r) => sameness(r.unitId, r.kind, r.programmeId, r.fields)));
  const fresh = checked.filter((c) => !existing.has(sameness(c.unit.id, kind, c.r.values.programmeId, c.r.values.fields)));
  const at = ctx.now();
  await ctx.db.transaction(async (tx) => {
    for (const c of fresh) await insertResolved(tx, { setup, unit: c.unit, r: c.r, programme: c.programme, actor, at, via: 'import' });
    // Each unit's reports recounted once, for every week its new records fall in.
    const byUnit = new Map<number, { unit: UnitRow; weeks: Set<string> }>();
    for (const c of fresh) {
      const entry = byUnit.get(c.unit.id) ?? { unit: c.unit, weeks: new Set<string>() };
      for (const week of weeksOfRecord({ ...c.r.values, createdAt: at })) entry.weeks.add(week);
      byUnit.set(c.unit.id, entry);
    }
    for (const { unit: u, weeks } of byUnit.values()) {
      await recountReports(tx, setup.campaign, [u], [...weeks], actor, at, `Nhập hoạt động từ tệp (${fresh.filter((c) => c.unit.id === u.id).length} bản ghi)`, kind);
    }
  });
  return { setup, created: fresh.length, unchanged: checked.length - fresh.length };
}
