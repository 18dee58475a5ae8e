/**
 * Applying a reorganisation (sắp xếp tổ chức): core plans it (planReorganisation), this use
 * case writes it in one transaction — old units re-keyed and closed the day before, new
 * units and new versions opened on the date, successions, renames with the old name kept,
 * accounts moved or closed, targets passed to successors for the campaigns still running on
 * the date — and changes nothing of the past: reports, figures and roll-ups keep their units.
 */
import {
  FieldProblems, inheritedTargets, localDateOf, planReorganisation, type OrgUnit, type Reorganisation, type ReorganisationPlan,
} from '@giaoban/core';
import {
  auditRepository, reorganisationsRepository, targetsRepository, unitsRepository, type AccountsFateRow, type AuditEntry, type Executor, type UnitRow,
} from '@giaoban/db';
import { notifyChange, requireUnit, type Actor, type ServiceContext } from '../infra/index.ts';

export interface ReorganisationResult {
  readonly id: number | null;
  readonly plan: ReorganisationPlan;
  readonly accountsMoved: number;
  readonly accountsClosed: number;
  /**
   * The day the old units' accounts will move or close, when that is later than today (a
   * reorganisation recorded ahead of its date): until then their cadres work as before. Null
   * when they moved at once (accountsMoved, accountsClosed).
   */
  readonly accountsDueOn: string | null;
  readonly targetsPassed: number;
}

/** What one pass over the reorganisations whose date has come did to their accounts. */
export interface DueAccountsSummary {
  readonly reorganisations: number;
  readonly accountsMoved: number;
  readonly accountsClosed: number;
}

/**
 * Moves or closes the accounts of the old units as `fates` says (ids), auditing each account
 * with the reorganisation's name as the reason; the counts.
 */
async function settleAccounts(
  tx: Executor, fates: readonly AccountsFateRow[], by: { actor: Actor | null; at: Date; reason: string },
): Promise<{ moved: number; closed: number }> {
  const audit: AuditEntry[] = [];
  const codes = new Map((await unitsRepository.listByIds(tx, fates.flatMap((f) => (f.toUnitId === null ? [f.fromUnitId] : [f.fromUnitId, f.toUnitId])))).map((u) => [u.id, u.code]));
  const entry = { at: by.at, userId: by.actor?.userId ?? null, ip: by.actor?.ip ?? null, action: 'account.update' as const, reason: by.reason };
  let moved = 0;
  let closed = 0;
  for (const f of fates) {
    if (f.toUnitId !== null) {
      const accounts = await reorganisationsRepository.moveAccounts(tx, f.fromUnitId, f.toUnitId);
      moved += accounts.length;
      for (const m of accounts) {
        audit.push({ ...entry, unitId: f.toUnitId, oldValue: { username: m.username, unit: codes.get(f.fromUnitId) }, newValue: { username: m.username, unit: codes.get(f.toUnitId) } });
      }
    } else {
      const accounts = await reorganisationsRepository.closeAccounts(tx, f.fromUnitId);
      closed += accounts.length;
      for (const c of accounts) audit.push({ ...entry, unitId: f.fromUnitId, oldValue: { username: c.username, active: true }, newValue: { username: c.username, active: false } });
    }
  }
  await auditRepository.append(tx, audit);
  return { moved, closed };
}

/**
 * Moves or closes the accounts of every reorganisation whose date has come (the scheduler's
 * pass, and the demo's). Each reorganisation in its own transaction; one that another
 * process is settling is skipped.
 */
export async function settleDueReorganisations(ctx: ServiceContext): Promise<DueAccountsSummary> {
  const now = ctx.now();
  return ctx.transaction(async (tx) => {
    let accountsMoved = 0;
    let accountsClosed = 0;
    const due = await reorganisationsRepository.lockAccountsDue(tx, localDateOf(now));
    for (const r of due) {
      const { moved, closed } = await settleAccounts(tx, r.accounts, { actor: null, at: now, reason: r.name });
      await reorganisationsRepository.markAccountsDone(tx, r.id, now);
      accountsMoved += moved;
      accountsClosed += closed;
    }
    return { reorganisations: due.length, accountsMoved, accountsClosed };
  });
}

/** The units of `root`'s subtree as the planner reads them (codes, parents by code). */
async function orgUnitsUnder(ex: Executor, rootId: number): Promise<{ units: OrgUnit[]; rows: UnitRow[] }> {
  const rows = await unitsRepository.listSubtree(ex, rootId);
  const codeOf = new Map(rows.map((r) => [r.id, r.code]));
  const units = rows.map((r) => ({
    code: r.code, name: r.name, level: r.level, parentCode: r.parentId === null ? null : codeOf.get(r.parentId) ?? null,
    validFrom: r.validFrom, validTo: r.validTo, tags: r.tags, region: r.region,
  }));
  return { units, rows };
}

/**
 * Plans the reorganisation of `rootCode`'s subtree, checking what core cannot see: that no
 * unit is named outside the subtree (core sees only it) and that a new code is not held
 * by a unit elsewhere.
 */
async function planUnder(ex: Executor, rootCode: string, input: Reorganisation): Promise<{ plan: ReorganisationPlan; root: UnitRow; rows: UnitRow[] }> {
  const root = await requireUnit(ex, rootCode);
  const { units, rows } = await orgUnitsUnder(ex, root.id);
  const problems = new FieldProblems();
  const plan = problems.capture(null, () => planReorganisation(units, input));
  if (plan) {
    const inSubtree = new Set(units.map((u) => u.code));
    const taken = plan.open.filter((o) => !inSubtree.has(o.code)).map((o) => o.code);
    if (taken.length > 0) {
      const found = await unitsRepository.listByCodesWithAncestors(ex, taken);
      for (const f of found) problems.add('steps', `Mã đơn vị "${f.code}" đã được dùng.`, `Unit code "${f.code}" is already in use.`);
    }
    // The root is the scope: it may take children, never be closed or moved itself.
    if (plan.close.includes(root.code) || plan.versions.some((v) => v.code === root.code) || plan.rekeys.some((r) => r.from === root.code)) {
      problems.add('steps', `Không thể sắp xếp chính ${root.name} tại đây: cấp trên của đơn vị làm việc đó.`, `${root.name} itself is reorganised by the level above.`);
    }
  }
  problems.throwIfAny();
  return { plan: plan!, root, rows };
}

/** The reorganisations whose scope holds `unitCode` or lies below it, by date. */
export async function listReorganisations(
  ctx: ServiceContext, unitCode: string,
): Promise<{ id: number; name: string; date: string; opened: number; closed: number; versions: number; renamed: number; accountsDueOn: string | null }[]> {
  const unit = await requireUnit(ctx.db, unitCode);
  const rows = await reorganisationsRepository.listTouching(ctx.db, unit.id);
  return rows.map((r) => ({
    id: r.id, name: r.name, date: r.date, opened: r.plan.open.length, closed: r.plan.close.length, versions: r.plan.versions.length, renamed: r.plan.renames.length,
    accountsDueOn: r.accountsDoneAt === null ? r.date : null,
  }));
}

/** What the reorganisation would do, without doing it (the page's preview). */
export async function previewReorganisation(ctx: ServiceContext, rootCode: string, input: Reorganisation): Promise<ReorganisationPlan> {
  return (await planUnder(ctx.db, rootCode, input)).plan;
}

/** Applies a reorganisation of `rootCode`'s subtree, in one transaction. */
export async function applyReorganisation(ctx: ServiceContext, actor: Actor | null, rootCode: string, input: Reorganisation): Promise<ReorganisationResult> {
  const now = ctx.now();
  return ctx.transaction(async (tx) => {
    // One reorganisation at a time: each plans on the structure the previous one left.
    await reorganisationsRepository.lockApplying(tx);
    const { plan, root, rows } = await planUnder(tx, rootCode, input);
    // The accounts move on the date: at once when it has come, else by the scheduler's pass then.
    const accountsNow = plan.date <= localDateOf(now);
    const id = await reorganisationsRepository.insert(tx, {
      name: input.name.trim(), effectiveDate: plan.date, steps: input.steps, plan: { ...plan, root: root.id }, createdBy: actor?.userId ?? null,
      accounts: [], accountsDoneAt: accountsNow ? now : null,
    });
    const old = new Map(rows.map((r) => [r.code, r]));
    const retiredOf = new Map<string, string>([...plan.rekeys.map((r) => [r.from, r.to] as const), ...plan.versions.map((v) => [v.code, v.retiredAs] as const)]);
    // The old unit behind a code of the plan (which names predecessors by their retired keys).
    const oldRow = (code: string) => old.get(code) ?? old.get([...retiredOf].find(([, to]) => to === code)?.[0] ?? '');

    for (const [from, to] of retiredOf) await reorganisationsRepository.rekey(tx, from, to);
    await reorganisationsRepository.closeUnits(tx, [...plan.close, ...plan.versions.map((v) => v.retiredAs)], plan.closeOn);

    // New units and new versions, each once its parent is there (parents first).
    const creations = [
      ...plan.open.map((o) => ({ ...o, from: null as UnitRow | null })),
      ...plan.versions.map((v) => {
        const was = oldRow(v.retiredAs)!;
        return { code: v.code, name: was.name, shortName: was.shortName, level: was.level, parentCode: v.parentCode, tags: was.tags, region: was.region, from: was };
      }),
    ];
    const idOf = new Map<string, number>();
    const resolve = async (code: string) => idOf.get(code) ?? (await unitsRepository.getByCode(tx, code))?.id;
    let pending = creations;
    while (pending.length > 0) {
      const next: typeof pending = [];
      for (const c of pending) {
        const parentId = idOf.has(c.parentCode) || !creations.some((x) => x.code === c.parentCode) ? await resolve(c.parentCode) : undefined;
        if (parentId === undefined) {
          next.push(c);
          continue;
        }
        const created = await unitsRepository.insert(tx, {
          code: c.code, name: c.name, shortName: c.shortName, level: c.level, parentId, tags: [...c.tags], region: c.region, validFrom: plan.date, validTo: null,
        });
        idOf.set(c.code, created.id);
      }
      if (next.length === pending.length) throw new Error(`reorganisation ${id}: no parent for ${next.map((c) => c.code).join(', ')}`);
      pending = next;
    }

    const unitId = async (code: string) => {
      const found = await resolve(code);
      if (found === undefined) throw new Error(`reorganisation ${id}: unit ${code} not found`);
      return found;
    };
    // One statement at a time: a transaction's connection runs its queries in turn.
    const successions: { predecessorId: number; successorId: number; primary: boolean }[] = [];
    for (const s of plan.successions) successions.push({ predecessorId: await unitId(s.predecessor), successorId: await unitId(s.successor), primary: s.primary });
    await reorganisationsRepository.insertSuccessions(tx, successions, id);
    for (const r of plan.renames) {
      await reorganisationsRepository.rename(tx, {
        unitId: await unitId(r.code), code: r.code, validTo: plan.closeOn, name: r.to, shortName: r.shortName ?? oldRow(r.code)?.shortName ?? null, reorganisationId: id,
      });
    }

    // Accounts: moved to the successor, or closed (and signed out).
    const fates: AccountsFateRow[] = [];
    for (const a of plan.accounts) fates.push({ fromUnitId: await unitId(a.unit), toUnitId: a.action === 'move' ? await unitId(a.to) : null });
    await reorganisationsRepository.setAccounts(tx, id, fates);
    const settled = accountsNow ? await settleAccounts(tx, fates, { actor, at: now, reason: input.name.trim() }) : { moved: 0, closed: 0 };

    // Targets pass to successors in the campaigns still running on the date: the sum of the
    // predecessors' unless a successor already has its own.
    const audit: AuditEntry[] = [];
    let targetsPassed = 0;
    const predecessorIds = [...new Set(successions.filter((s) => s.primary).map((s) => s.predecessorId))];
    const running = await reorganisationsRepository.campaignsRunningOn(tx, plan.closeOn, predecessorIds);
    // Still running on the date itself: targets pass; running on its eve only: their dashboards change.
    const campaigns = (await reorganisationsRepository.campaignsRunningOn(tx, plan.date, predecessorIds)).filter((c) => c.hasTargets);
    const codeById = new Map<number, string>();
    for (const s of plan.successions) {
      codeById.set(await unitId(s.predecessor), s.predecessor);
      codeById.set(await unitId(s.successor), s.successor);
    }
    for (const { id: campaignId } of campaigns) {
      const have = await targetsRepository.listForUnits(tx, campaignId, [...codeById.keys()]);
      const byUnit = new Map<string, Map<string, number>>();
      for (const t of have) {
        const code = codeById.get(t.unitId)!;
        const m = byUnit.get(code) ?? new Map<string, number>();
        m.set(String(t.indicatorId), t.target);
        byUnit.set(code, m);
      }
      const passed = inheritedTargets(byUnit, plan.successions);
      const rowsToWrite: { unitId: number; indicatorId: number; target: number }[] = [];
      for (const [code, perIndicator] of passed) {
        for (const [indicatorId, target] of perIndicator) rowsToWrite.push({ unitId: await unitId(code), indicatorId: Number(indicatorId), target });
      }
      await targetsRepository.upsertMany(tx, campaignId, rowsToWrite, actor?.userId ?? null);
      targetsPassed += rowsToWrite.length;
      for (const r of rowsToWrite) {
        audit.push({ at: now, userId: actor?.userId ?? null, ip: actor?.ip ?? null, action: 'target.value', campaignId, unitId: r.unitId, indicatorId: r.indicatorId, oldValue: null, newValue: r.target, reason: `Kế thừa từ các đơn vị trước khi sắp xếp (${input.name.trim()})` });
      }
      await notifyChange(tx, { campaignId, unitId: root.id, period: null, at: now });
    }
    audit.push({
      at: now, userId: actor?.userId ?? null, ip: actor?.ip ?? null, action: 'unit.reorganise', unitId: root.id, reason: input.name.trim(),
      newValue: { id, date: plan.date, opened: plan.open.map((o) => o.code), closed: [...plan.close], versions: plan.versions.length, renamed: plan.renames.map((r) => r.code) },
    });
    await auditRepository.append(tx, audit);
    // Every running campaign's dashboards show the new structure.
    for (const c of running) if (!campaigns.some((x) => x.id === c.id)) await notifyChange(tx, { campaignId: c.id, unitId: root.id, period: null, at: now });
    return { id, plan, accountsMoved: settled.moved, accountsClosed: settled.closed, accountsDueOn: accountsNow ? null : plan.date, targetsPassed };
  });
}
