/** Units: the hierarchy every screen names (read, create), and each level managing its own subtree. */
import {
  DomainError, FieldProblems, NotFoundError, ValidationError, addDays, changedUnitFields, closeProblem, formatDate, formatNumber, isLevelBelow, levelProblem,
  localDateOf, mayCreateUnder, mayManageUnit, moveProblems, parseDate, validToOfCloseFrom, validateUnitCode,
  type UnitFields, type UnitLevel, type UnitManager, type UnitPlace,
} from '@giaoban/core';
import {
  auditRepository, sessionsRepository, unitTagsRepository, unitsRepository, usersRepository,
  type AuditEntry, type Executor, type UnitChanges, type UnitRow, type UnitSearchRow,
} from '@giaoban/db';
import { type Actor, type ServiceContext, requireUnit } from '../infra/index.ts';

export async function getUnit(ctx: ServiceContext, code: string): Promise<{ unit: UnitRow; ancestors: UnitRow[]; childCount: number }> {
  const unit = await requireUnit(ctx.db, code);
  const ancestors = await unitsRepository.listAncestors(ctx.db, unit.id);
  const counts = await unitsRepository.countChildren(ctx.db, [unit.id]);
  return { unit, ancestors, childCount: counts.get(unit.id) ?? 0 };
}

export async function getUnitById(ctx: ServiceContext, id: number): Promise<UnitRow> {
  const unit = await unitsRepository.getById(ctx.db, id);
  if (!unit) throw new NotFoundError('đơn vị', String(id));
  return unit;
}

/** Whether the database holds no unit yet (a fresh data directory). */
export async function isDatabaseEmpty(ctx: ServiceContext): Promise<boolean> {
  return (await unitsRepository.countAll(ctx.db)) === 0;
}

export async function listUnitChildren(ctx: ServiceContext, code: string): Promise<UnitRow[]> {
  const unit = await requireUnit(ctx.db, code);
  return unitsRepository.listByParent(ctx.db, unit.id);
}

/** The subtree of a unit, parents before children. */
export async function getUnitSubtree(ctx: ServiceContext, code: string): Promise<UnitRow[]> {
  const unit = await requireUnit(ctx.db, code);
  return unitsRepository.listSubtree(ctx.db, unit.id);
}

export async function createUnit(
  ctx: ServiceContext,
  input: { code: string; name: string; shortName?: string | null; level: UnitLevel; parentCode: string | null; tags?: string[]; region?: string | null; validFrom?: string | null; validTo?: string | null },
): Promise<UnitRow> {
  validateUnitCode(input.code);
  if (!input.name.trim()) throw new ValidationError('name', 'Tên đơn vị không được để trống.', 'The unit name is required.');
  const parent = input.parentCode === null ? null : await requireUnit(ctx.db, input.parentCode);
  if (await unitsRepository.getByCode(ctx.db, input.code)) {
    throw new DomainError('conflict', `Mã đơn vị "${input.code}" đã được dùng.`, { field: 'code', messageEn: `Unit code "${input.code}" is already in use.` });
  }
  return ctx.db.transaction((tx) => unitsRepository.insert(tx, { ...input, name: input.name.trim(), parentId: parent?.id ?? null }));
}

// ---------------------------------------------------------------------------------------------
// Managing units (issue 19): each level manages its own subtree.

/** A unit found by search, with its parent's code and name. */
export type FoundUnit = UnitSearchRow;

/**
 * Units of `rootCode`'s subtree matching `query` (folded words of the name, short name or
 * code, or a code prefix): the exact code first, open units before closed ones, higher
 * levels first, then by name.
 */
export async function searchUnits(ctx: ServiceContext, rootCode: string, query: string, limit = 20): Promise<FoundUnit[]> {
  const root = await requireUnit(ctx.db, rootCode);
  return unitsRepository.search(ctx.db, root.id, query, { limit: Math.min(Math.max(1, limit), 50), today: localDateOf(ctx.now()) });
}

/** What the rules of core need of the actor: role, unit, whether that unit is a root, and its name (for the messages). */
async function managerOf(ex: Executor, actor: Actor): Promise<UnitManager & { unitName: string }> {
  const own = await unitsRepository.getById(ex, actor.unitId);
  return { role: actor.role, unitId: actor.unitId, unitIsRoot: own?.parentId === null, unitName: own?.name ?? '' };
}

async function placeOf(ex: Executor, unit: UnitRow): Promise<UnitPlace> {
  return { id: unit.id, ancestorIds: await unitsRepository.listAncestorIds(ex, unit.id) };
}

/** 403: the unit lies outside what the actor manages (their own unit included, unless they are the centre's administrator). */
export function notManaged(manager: { unitId: number; unitName: string }, unit: Pick<UnitRow, 'id' | 'name'>): DomainError {
  if (unit.id === manager.unitId) {
    return new DomainError('forbidden', `Bạn không thể sửa ${unit.name}, đơn vị của chính mình; chỉ cấp trên sửa được. Bạn quản lý các đơn vị trực thuộc.`, {
      messageEn: `You cannot change ${unit.name}, your own unit; the level above does. You manage the units below it.`,
    });
  }
  return new DomainError('forbidden', `Bạn chỉ quản lý được các đơn vị thuộc ${manager.unitName}.`, { messageEn: `You manage only the units of ${manager.unitName}.` });
}

/** Refuses `actor` unless they may create a unit under `parent` (their own unit or one below it). */
async function requireCreateUnder(ex: Executor, actor: Actor, parent: UnitRow): Promise<UnitManager & { unitName: string }> {
  const manager = await managerOf(ex, actor);
  if (!mayCreateUnder(manager, await placeOf(ex, parent))) {
    throw new DomainError('forbidden', `Bạn chỉ tạo được đơn vị trực thuộc ${manager.unitName} hoặc các đơn vị cấp dưới của nó.`, {
      messageEn: `You can create units only under ${manager.unitName} or the units below it.`,
    });
  }
  return manager;
}

/** The unit as the audit keeps it (old → new of these fields). */
export function auditFieldsOf(unit: UnitRow, parentCode: string | null): UnitFields {
  return { code: unit.code, name: unit.name, shortName: unit.shortName, level: unit.level, tags: unit.tags, region: unit.region, parentCode, validTo: unit.validTo };
}

const trimmedOrNull = (text: string | null | undefined) => (text === undefined ? undefined : text === null || text.trim() === '' ? null : text.trim());

async function checkTags(ex: Executor, tags: readonly string[] | undefined, problems: FieldProblems): Promise<void> {
  if (!tags || tags.length === 0) return;
  const known = new Set((await unitTagsRepository.listAll(ex)).map((t) => t.code));
  const unknown = tags.filter((t) => !known.has(t));
  if (unknown.length > 0) {
    problems.add('tags', `Nhóm đơn vị không có trong danh sách: ${unknown.join(', ')} (có: ${[...known].join(', ')}).`, `Unknown unit group(s): ${unknown.join(', ')} (known: ${[...known].join(', ')}).`);
  }
}

async function checkNewCode(ex: Executor, code: string, problems: FieldProblems): Promise<void> {
  if (!problems.capture('code', () => { validateUnitCode(code); return true; })) return;
  const taken = await unitsRepository.getByCode(ex, code);
  if (taken) problems.add('code', `Mã đơn vị "${code}" đã được dùng (${taken.name}).`, `Unit code "${code}" is already in use (${taken.name}).`);
}

export interface NewChildUnit {
  readonly code: string;
  readonly name: string;
  readonly shortName?: string | null | undefined;
  readonly level: UnitLevel;
  readonly tags?: readonly string[] | undefined;
  readonly region?: string | null | undefined;
  /** yyyy-mm-dd or dd/mm/yyyy; today in Asia/Ho_Chi_Minh when absent. */
  readonly validFrom?: string | null | undefined;
}

/**
 * Creates a unit under `parentCode`, which the actor manages (their own unit or one below
 * it; `actor` null: the system, the CLI): every field checked at once (code free and well
 * formed, name, level below the parent's, tags of the list, the date), then written with its
 * `unit.create` audit entry.
 */
export async function createChildUnit(ctx: ServiceContext, actor: Actor | null, parentCode: string, input: NewChildUnit): Promise<UnitRow> {
  const parent = await requireUnit(ctx.db, parentCode);
  if (actor) await requireCreateUnder(ctx.db, actor, parent);
  const problems = new FieldProblems();
  const code = input.code.trim();
  await checkNewCode(ctx.db, code, problems);
  const name = input.name.trim();
  if (name === '') problems.add('name', 'Tên đơn vị không được để trống.', 'The unit name is required.');
  const level = levelProblem(input.level, parent);
  if (level) problems.add(level.field, level.message, level.messageEn);
  await checkTags(ctx.db, input.tags, problems);
  const validFrom = input.validFrom ? problems.capture('validFrom', () => parseDate(input.validFrom!, 'validFrom')) : localDateOf(ctx.now());
  if (validFrom && parent.validTo !== null && validFrom > parent.validTo) {
    problems.add('validFrom', `${parent.name} đã thôi hoạt động từ ${formatDate(addDays(parent.validTo, 1))}.`, `${parent.name} closed on ${formatDate(addDays(parent.validTo, 1))}.`);
  }
  problems.throwIfAny();
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const unit = await unitsRepository.insert(tx, {
      code, name, shortName: trimmedOrNull(input.shortName) ?? null, level: input.level, parentId: parent.id,
      tags: [...new Set(input.tags ?? [])], region: trimmedOrNull(input.region) ?? null, validFrom: validFrom!,
    });
    await auditRepository.append(tx, [{
      at: now, userId: actor?.userId ?? null, ip: actor?.ip ?? null, action: 'unit.create', unitId: unit.id,
      newValue: { ...auditFieldsOf(unit, parent.code), validFrom: unit.validFrom },
    }]);
    return unit;
  });
}

export interface UnitUpdate {
  readonly name?: string | undefined;
  readonly shortName?: string | null | undefined;
  readonly code?: string | undefined;
  readonly level?: UnitLevel | undefined;
  readonly tags?: readonly string[] | undefined;
  readonly region?: string | null | undefined;
  readonly parentCode?: string | undefined;
  /** The first day the unit no longer exists (valid_to is the day before); null reopens it. */
  readonly closeFrom?: string | null | undefined;
}

/**
 * Changes a unit strictly below the actor's own: its fields, its place (a move inside the
 * actor's subtree, never under itself, still below the parent's level, and only while no
 * report or target of its subtree would be carried along), its closing date (not while a
 * child is open; the unit's accounts are disabled once the date has come). Every problem is
 * said at once; the change and its audit entries are written together. `actor` null: the
 * system (the CLI), which manages every unit.
 */
export async function updateUnit(ctx: ServiceContext, actor: Actor | null, code: string, input: UnitUpdate): Promise<{ unit: UnitRow; disabledAccounts: number }> {
  const unit = await requireUnit(ctx.db, code);
  const manager = actor ? await managerOf(ctx.db, actor) : null;
  if (manager && !mayManageUnit(manager, await placeOf(ctx.db, unit))) throw notManaged(manager, unit);
  const parent = unit.parentId === null ? null : (await unitsRepository.getById(ctx.db, unit.parentId)) ?? null;
  const problems = new FieldProblems();
  const changes: { -readonly [K in keyof UnitChanges]: UnitChanges[K] } = {};

  if (input.name !== undefined) {
    if (input.name.trim() === '') problems.add('name', 'Tên đơn vị không được để trống.', 'The unit name is required.');
    else changes.name = input.name.trim();
  }
  if (input.shortName !== undefined) changes.shortName = trimmedOrNull(input.shortName) ?? null;
  if (input.region !== undefined) changes.region = trimmedOrNull(input.region) ?? null;
  if (input.code !== undefined && input.code.trim() !== unit.code) {
    changes.code = input.code.trim();
    await checkNewCode(ctx.db, changes.code, problems);
  }
  if (input.tags !== undefined) {
    await checkTags(ctx.db, input.tags, problems);
    changes.tags = [...new Set(input.tags)];
  }

  // The place: a new parent, and the level against the parent and the children.
  let newParent: UnitRow | null = null;
  if (input.parentCode !== undefined && input.parentCode !== parent?.code) {
    const found = await unitsRepository.getByCode(ctx.db, input.parentCode);
    if (!found) problems.add('parentCode', `Không tìm thấy đơn vị cấp trên "${input.parentCode}".`, `No unit has the code "${input.parentCode}".`);
    else if (manager && !mayCreateUnder(manager, await placeOf(ctx.db, found))) {
      throw new DomainError('forbidden', `Bạn chỉ chuyển được đơn vị vào ${manager.unitName} hoặc các đơn vị cấp dưới của nó.`, {
        messageEn: `You can move units only under ${manager.unitName} or the units below it.`,
      });
    } else {
      newParent = found;
      for (const p of moveProblems({ ...unit, level: input.level ?? unit.level }, { ...found, ...(await placeOf(ctx.db, found)) })) problems.add(p.field, p.message, p.messageEn);
      if (await unitsRepository.hasHistory(ctx.db, unit.id)) {
        problems.add('parentCode',
          `${unit.name} (hoặc một đơn vị trực thuộc) đã có báo cáo hoặc chỉ tiêu: chuyển ngay tại chỗ sẽ viết lại lịch sử của nó. Hãy chuyển bằng một đợt sắp xếp lại đơn vị có ngày hiệu lực (đơn vị cũ thôi hoạt động, đơn vị mới bắt đầu từ ngày đó).`,
          `${unit.name} (or a unit below it) already has reports or targets: moving it in place would rewrite its history. Move it with a dated reorganisation (the old unit closes, the new one opens on that day).`);
      }
    }
  }
  if (input.level !== undefined && input.level !== unit.level) {
    changes.level = input.level;
    const above = newParent ?? parent;
    if (above && !newParent) {
      const p = levelProblem(input.level, above);
      if (p) problems.add(p.field, p.message, p.messageEn);
    }
    const lowest = (await unitsRepository.listByParent(ctx.db, unit.id)).find((c) => !isLevelBelow(c.level, input.level!));
    if (lowest) {
      problems.add('level', `${lowest.name}, đơn vị trực thuộc, không còn ở cấp thấp hơn cấp mới.`, `${lowest.name}, a unit below it, would no longer be at a lower level.`);
    }
  }

  // Closing from a date (or reopening).
  let closing: string | null = null;
  if (input.closeFrom !== undefined) {
    if (input.closeFrom === null) changes.validTo = null;
    else {
      const from = problems.capture('closeFrom', () => parseDate(input.closeFrom!, 'closeFrom'));
      if (from) {
        const p = closeProblem(unit.validFrom, from);
        if (p) problems.add(p.field, p.message, p.messageEn);
        const open = await unitsRepository.countOpenChildren(ctx.db, unit.id, from);
        if (open > 0) {
          problems.add('closeFrom', `${unit.name} còn ${formatNumber(open)} đơn vị trực thuộc hoạt động từ ${formatDate(from)}: hãy chuyển hoặc cho các đơn vị đó thôi hoạt động trước.`,
            `${unit.name} still has ${open} open unit(s) below it on ${from}: move or close them first.`);
        }
        changes.validTo = validToOfCloseFrom(from);
        closing = from;
      }
    }
  }
  problems.throwIfAny();

  const now = ctx.now();
  const today = localDateOf(now);
  const before = auditFieldsOf(unit, parent?.code ?? null);
  return ctx.db.transaction(async (tx) => {
    const updated = (await unitsRepository.update(tx, unit.id, changes)) ?? unit;
    if (newParent) await unitsRepository.move(tx, unit.id, newParent.id);
    const after = auditFieldsOf(updated, newParent?.code ?? parent?.code ?? null);
    const changed = changedUnitFields(before, after);
    const entries: AuditEntry[] = [];
    if (changed) entries.push({ at: now, userId: actor?.userId ?? null, ip: actor?.ip ?? null, action: 'unit.update', unitId: unit.id, oldValue: changed.old, newValue: changed.new });
    // A unit closed from today or earlier keeps no account open: they could only sign in to a unit that no longer reports.
    let disabledAccounts = 0;
    if (closing !== null && closing <= today && changed?.new.validTo !== undefined) {
      for (const account of await usersRepository.listByUnit(tx, unit.id, { subtree: false })) {
        if (!account.active) continue;
        await usersRepository.update(tx, account.id, { active: false });
        await sessionsRepository.removeAllOfUser(tx, account.id);
        disabledAccounts++;
        entries.push({
          at: now, userId: actor?.userId ?? null, ip: actor?.ip ?? null, action: 'account.update', unitId: unit.id, oldValue: { username: account.username, active: true },
          newValue: { username: account.username, active: false }, reason: `Đơn vị thôi hoạt động từ ${formatDate(closing)}.`,
        });
      }
    }
    await auditRepository.append(tx, entries);
    return { unit: (await unitsRepository.getById(tx, unit.id)) ?? updated, disabledAccounts };
  });
}
