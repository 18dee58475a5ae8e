/**
 * A province's units uploaded at once (.xlsx or .csv): every row checked first (core
 * planUnitUpload), nothing written while any row is wrong (400 with every row's problem), then
 * one transaction creates and updates the units with their audit entries. The same file
 * uploaded again changes nothing.
 */
import {
  DomainError, RowProblemsError, changedUnitFields, localDateOf, mayCreateUnder, mayManageUnit, parseUnitUpload, planUnitUpload,
  type ExistingUploadUnit, type UnitUploadProblem,
} from '@giaoban/core';
import { auditRepository, unitTagsRepository, unitsRepository, type AuditEntry } from '@giaoban/db';
import { readTableFile, type TableFileKind, type TableFileLimits } from '../imports/index.ts';
import { type Actor, type ServiceContext, requireUnit } from '../infra/index.ts';
import { auditFieldsOf } from './units.service.ts';

export interface UnitUploadOutcome {
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
}

const refused = (problems: readonly UnitUploadProblem[]) =>
  new RowProblemsError(problems.map((p) => ({ line: p.row, column: p.field, message: p.message, messageEn: p.messageEn })));

/**
 * Uploads the units of `rootCode`'s subtree from a file (see core/unit-upload.ts for the
 * columns); `actor` null: the system (the CLI), which may change the root unit too.
 */
export async function uploadUnits(
  ctx: ServiceContext, actor: Actor | null, rootCode: string, file: { readonly bytes: Buffer; readonly kind: TableFileKind }, limits?: TableFileLimits,
): Promise<UnitUploadOutcome> {
  const root = await requireUnit(ctx.db, rootCode);
  const own = actor ? await unitsRepository.getById(ctx.db, actor.unitId) : undefined;
  const manager = actor ? { role: actor.role, unitId: actor.unitId, unitIsRoot: own?.parentId === null } : null;
  const rootPlace = { id: root.id, ancestorIds: await unitsRepository.listAncestorIds(ctx.db, root.id) };
  if (manager && !mayCreateUnder(manager, rootPlace)) {
    throw new DomainError('forbidden', `Bạn chỉ tải lên được đơn vị thuộc ${own?.name ?? ''}.`, { messageEn: `You can upload only units of ${own?.name ?? ''}.` });
  }

  const table = await readTableFile(file.bytes, file.kind, limits);
  const parsed = parseUnitUpload(table);
  if (parsed.problems.length > 0) throw refused(parsed.problems);

  // Every unit the file names, as a unit or as a parent, with where it lies.
  const codes = [...new Set(parsed.rows.flatMap((r) => [r.code, r.parentCode]).filter(Boolean))];
  const found = await unitsRepository.listByCodesWithAncestors(ctx.db, codes);
  const parents = await unitsRepository.listByIds(ctx.db, [...new Set(found.flatMap((u) => (u.parentId === null ? [] : [u.parentId])))]);
  const codeOf = new Map(parents.map((p) => [p.id, p.code]));
  const rowOf = new Map(found.map((u) => [u.code, u]));
  const existing = new Map<string, ExistingUploadUnit>(found.map((u) => [u.code, {
    id: u.id, code: u.code, name: u.name, shortName: u.shortName, level: u.level, tags: u.tags, region: u.region,
    parentCode: u.parentId === null ? null : codeOf.get(u.parentId) ?? null,
    inSubtree: u.id === root.id || u.ancestorIds.includes(root.id),
  }]));
  const { plan, problems } = planUnitUpload(parsed.rows, {
    root: { code: root.code, name: root.name }, existing, tags: await unitTagsRepository.listAll(ctx.db), mayChangeRoot: manager === null || mayManageUnit(manager, rootPlace),
  });
  if (problems.length > 0) throw refused(problems);

  const now = ctx.now();
  const today = localDateOf(now);
  await ctx.db.transaction(async (tx) => {
    const idOf = new Map([...existing.values()].map((u) => [u.code, u.id]));
    const entries: AuditEntry[] = [];
    for (const u of plan.create) {
      const parentId = idOf.get(u.parentCode);
      if (parentId === undefined) throw new Error(`upload plan names parent ${u.parentCode} before creating it`);
      const unit = await unitsRepository.insert(tx, {
        code: u.code, name: u.name, shortName: u.shortName, level: u.level, parentId, tags: [...u.tags], region: u.region, validFrom: today,
      });
      idOf.set(unit.code, unit.id);
      entries.push({ at: now, userId: actor?.userId ?? null, ip: actor?.ip ?? null, action: 'unit.create', unitId: unit.id, newValue: { ...auditFieldsOf(unit, u.parentCode), validFrom: today }, reason: 'Tải lên danh sách đơn vị' });
    }
    for (const u of plan.update) {
      const row = rowOf.get(u.code)!;
      const parentCode = existing.get(u.code)!.parentCode;
      const updated = await unitsRepository.update(tx, u.id, { ...u.changes, tags: u.changes.tags ? [...u.changes.tags] : undefined });
      const changed = updated && changedUnitFields(auditFieldsOf(row, parentCode), auditFieldsOf(updated, parentCode));
      if (changed) entries.push({ at: now, userId: actor?.userId ?? null, ip: actor?.ip ?? null, action: 'unit.update', unitId: u.id, oldValue: changed.old, newValue: changed.new, reason: 'Tải lên danh sách đơn vị' });
    }
    await auditRepository.append(tx, entries);
  });
  return { created: plan.create.length, updated: plan.update.length, unchanged: plan.unchanged.length };
}
