/**
 * A reorganisation (sắp xếp tổ chức): one dated operation that changes the hierarchy —
 * merges, splits, renames, moves, the abolition of a level — planned here as pure data
 * before anything is written. The old units close the day before the date, the new ones
 * open on it, successors are recorded, the accounts of the old units move or are closed,
 * and nothing of the past is rewritten: a closed unit keeps its reports, targets and name.
 *
 * Codes are the system's keys and stay unique: when a new unit keeps the code of one of
 * its predecessors (the 2025 provinces kept the code of the old province whose seat they
 * kept), that predecessor is re-keyed `<code>.<year it closed>` ("24" → "24.2025"), so that
 * today's addresses, uploads and commands name the unit of today.
 */
import { FieldProblems } from './field-problems.ts';
import { UNIT_LEVELS, CODE_PATTERN, type UnitLevel } from './hierarchy.ts';
import { formatDate, formatNumber } from './format.ts';
import { sumValues } from './indicator.ts';
import { addDays, isValidDate, type IsoDate } from './period.ts';

/** A unit as a reorganisation reads it: by code, with its parent's code. */
export interface OrgUnit {
  readonly code: string;
  readonly name: string;
  readonly level: UnitLevel;
  readonly parentCode: string | null;
  readonly validFrom: IsoDate | null;
  readonly validTo: IsoDate | null;
  /** The unit's groups and region, which a unit formed from it takes unless told otherwise. */
  readonly tags?: readonly string[];
  readonly region?: string | null;
}

/**
 * A unit a step creates. The level and parent default to those of the (first) predecessor;
 * the region to the first predecessor's, the groups to those every predecessor has.
 */
export interface NewUnitSpec {
  readonly code: string;
  readonly name: string;
  readonly shortName?: string | null;
  readonly level?: UnitLevel;
  readonly parentCode?: string;
  readonly tags?: readonly string[];
  readonly region?: string | null;
}

/** What happens to the accounts of a unit that closes: they move to its (first) successor, or are closed. */
export type AccountsFate = 'move' | 'close';

export type ReorganisationStep =
  /** hợp nhất: several units become one new unit; their children move to it. */
  | { readonly kind: 'merge'; readonly from: readonly string[]; readonly into: NewUnitSpec; readonly accounts?: AccountsFate }
  /** chia tách: one unit becomes several; each child goes where `children` says (default: the first new unit). */
  | { readonly kind: 'split'; readonly from: string; readonly into: readonly NewUnitSpec[]; readonly children?: Readonly<Record<string, string>>; readonly accounts?: AccountsFate }
  /** đổi tên: the same unit, a new name from the date (its old name stays for the past). */
  | { readonly kind: 'rename'; readonly unit: string; readonly name: string; readonly shortName?: string | null }
  /** điều chuyển: the same unit under another parent from the date. */
  | { readonly kind: 'move'; readonly unit: string; readonly to: string }
  /** bỏ cấp: every open unit of `level` (under `under`, default everywhere) closes; its children move to its parent. */
  | { readonly kind: 'abolish-level'; readonly level: UnitLevel; readonly under?: string; readonly accounts?: AccountsFate };

export interface Reorganisation {
  /** The day the new structure takes effect; the old units' last day is the day before. */
  readonly date: IsoDate;
  readonly name: string;
  readonly steps: readonly ReorganisationStep[];
}

/** `successor` continues `predecessor`; `primary` marks where a split predecessor's history is regrouped. */
export interface Succession {
  readonly predecessor: string;
  readonly successor: string;
  readonly primary: boolean;
}

export interface ReorganisationPlan {
  readonly date: IsoDate;
  /** The last day of the units that close. */
  readonly closeOn: IsoDate;
  readonly open: readonly (Required<Pick<NewUnitSpec, 'code' | 'name' | 'level' | 'parentCode'>> & { readonly shortName: string | null; readonly tags: readonly string[]; readonly region: string | null })[];
  readonly close: readonly string[];
  /** Predecessors whose code a new unit keeps, and their new key. */
  readonly rekeys: readonly { readonly from: string; readonly to: string }[];
  /**
   * Units open before and after the date whose line of ancestors changes: each closes, re-keyed
   * `retiredAs`, and a new version with its code, name, level and tags opens under `parentCode`
   * (a code of the new structure). Parents before children (`depth` below the root).
   */
  readonly versions: readonly { readonly code: string; readonly retiredAs: string; readonly parentCode: string; readonly depth: number }[];
  /** Units (open before and after) under another parent from the date, in the order applied. */
  readonly moves: readonly { readonly code: string; readonly from: string | null; readonly to: string }[];
  readonly renames: readonly { readonly code: string; readonly from: string; readonly to: string; readonly shortName?: string | null }[];
  readonly successions: readonly Succession[];
  readonly accounts: readonly ({ readonly unit: string; readonly action: 'move'; readonly to: string } | { readonly unit: string; readonly action: 'close' })[];
}

const rank = (level: UnitLevel) => UNIT_LEVELS.indexOf(level);

/**
 * The key a predecessor takes when a new unit keeps its code: "24" closed on 30/06/2025 →
 * "24.2025"; when that is taken (a second reorganisation the same year), "24.2025-2", "24.2025-3", ….
 *
 * @example
 * retiredCode('24', '2025-06-30', (c) => c === '24.2025'); // '24.2025-2'
 */
export function retiredCode(code: string, closeOn: IsoDate, taken: (code: string) => boolean = () => false): string {
  const base = `${code}.${closeOn.slice(0, 4)}`;
  let candidate = base;
  for (let n = 2; taken(candidate); n++) candidate = `${base}-${n}`;
  return candidate;
}

/**
 * Plans a reorganisation against the units as they stand (open and closed). Steps apply in
 * order, each on the structure the previous ones left, so an abolition after merges sees the
 * merged units. Every problem of every step is collected and thrown together
 * (FieldProblemsError, fields `steps.<i>.<field>`); nothing is planned half.
 *
 * @example
 * planReorganisation(units, { date: '2025-07-01', name: 'Sắp xếp 2025', steps: [
 *   { kind: 'merge', from: ['08', '02'], into: { code: '08', name: 'Tỉnh Đoàn Tuyên Quang' } },
 * ] }).close; // ['08', '02'] (and '08' is re-keyed '08.2025')
 */
export function planReorganisation(units: readonly OrgUnit[], reorganisation: Reorganisation): ReorganisationPlan {
  const problems = new FieldProblems();
  const { date } = reorganisation;
  if (!isValidDate(date)) {
    problems.add('date', `Ngày hiệu lực "${date}" không hợp lệ.`, `The effective date "${date}" is invalid.`);
    problems.throwIfAny();
  }
  if (!reorganisation.name.trim()) problems.add('name', 'Hãy đặt tên cho đợt sắp xếp.', 'Name the reorganisation.');
  if (reorganisation.steps.length === 0) problems.add('steps', 'Đợt sắp xếp chưa có bước nào.', 'The reorganisation has no step.');
  const closeOn = addDays(date, -1);

  // The working structure: what is open on the date, as the steps leave it.
  // `id` is the unit's identity through re-keying: its code before the operation, or "+code" for a new unit.
  interface Working { id: string; code: string; name: string; level: UnitLevel; parent: string | null; open: boolean; isNew: boolean; tags: readonly string[]; region: string | null }
  const byCode = new Map<string, Working>();
  for (const u of units) {
    const openOnDate = (u.validFrom === null || u.validFrom <= date) && (u.validTo === null || u.validTo >= date);
    byCode.set(u.code, {
      id: u.code, code: u.code, name: u.name, level: u.level, parent: u.parentCode, open: openOnDate, isNew: false, tags: u.tags ?? [], region: u.region ?? null,
    });
  }
  /** The groups and region a unit formed from `olds` takes by default. */
  const inherited = (olds: readonly Working[]): { tags: readonly string[]; region: string | null } => ({
    tags: olds[0]!.tags.filter((t) => olds.every((o) => o.tags.includes(t))), region: olds[0]!.region,
  });
  const open: ReorganisationPlan['open'][number][] = [];
  const close: string[] = [];
  const rekeys: { from: string; to: string }[] = [];
  const moves: { code: string; from: string | null; to: string }[] = [];
  const renames: ReorganisationPlan['renames'][number][] = [];
  const successions: Succession[] = [];
  const accounts: ReorganisationPlan['accounts'][number][] = [];
  const touched = new Map<string, number>(); // unit → the step that closed or created it

  const childrenOf = (code: string) => [...byCode.values()].filter((u) => u.open && u.parent === code);
  const isBelow = (code: string, ancestor: string): boolean => {
    for (let u = byCode.get(code); u && u.parent !== null; u = byCode.get(u.parent)) if (u.parent === ancestor) return true;
    return false;
  };
  const requireOpen = (field: string, code: string): Working | undefined => {
    const u = byCode.get(code);
    if (!u) problems.add(field, `Không có đơn vị mã "${code}".`, `No unit has code "${code}".`);
    else if (!u.open) problems.add(field, `Đơn vị ${u.name} (${code}) không còn hoạt động vào ngày hiệu lực.`, `Unit ${u.name} (${code}) is not open on the effective date.`);
    else return u;
    return undefined;
  };
  const move = (code: string, to: string) => {
    const u = byCode.get(code)!;
    if (u.parent === to) return;
    if (!u.isNew) moves.push({ code, from: u.parent, to });
    u.parent = to;
  };
  const closeUnit = (u: Working, step: number) => {
    const from = units.find((x) => x.code === u.id)?.validFrom ?? null;
    if (!u.isNew && from !== null && from >= date) {
      problems.add(`steps.${step}`, `Đơn vị ${u.name} (${u.code}) bắt đầu hoạt động từ ngày ${formatDate(from)}: không thể kết thúc trước ngày đó.`, `${u.name} (${u.code}) opens on ${from}: it cannot close before.`);
    }
    u.open = false;
    touched.set(u.code, step);
    if (!u.isNew) close.push(u.code);
  };
  /** Checks a new unit and adds it open; its code may be one a predecessor of the same step frees. */
  const openUnit = (field: string, spec: NewUnitSpec, defaults: { level: UnitLevel; parent: string | null; tags: readonly string[]; region: string | null }, freed: readonly string[], step: number): Working | undefined => {
    const level = spec.level ?? defaults.level;
    const parent = spec.parentCode ?? defaults.parent;
    let ok = true;
    if (!CODE_PATTERN.test(spec.code)) {
      problems.add(`${field}.code`, `Mã đơn vị "${spec.code}" không hợp lệ.`, `Invalid unit code "${spec.code}".`);
      ok = false;
    } else if (byCode.has(spec.code) && !freed.includes(spec.code)) {
      problems.add(`${field}.code`, `Mã đơn vị "${spec.code}" đã được dùng.`, `Unit code "${spec.code}" is already in use.`);
      ok = false;
    }
    if (!spec.name.trim()) {
      problems.add(`${field}.name`, 'Tên đơn vị mới không được để trống.', 'The new unit needs a name.');
      ok = false;
    }
    if (parent === null) {
      problems.add(`${field}.parentCode`, 'Đơn vị mới cần một đơn vị cấp trên.', 'The new unit needs a parent.');
      return undefined;
    }
    const above = requireOpen(`${field}.parentCode`, parent);
    if (!above) return undefined;
    if (rank(level) <= rank(above.level)) {
      problems.add(`${field}.level`, `Cấp của đơn vị mới phải thấp hơn cấp của ${above.name}.`, `The new unit's level must be below ${above.name}'s.`);
      ok = false;
    }
    if (!ok) return undefined;
    if (freed.includes(spec.code)) {
      const to = retiredCode(spec.code, closeOn, (c) => byCode.has(c));
      if (!CODE_PATTERN.test(to)) {
        problems.add(`${field}.code`, `Không thể đổi mã của đơn vị cũ "${spec.code}" thành "${to}": mã quá dài.`, `Cannot re-key the old unit "${spec.code}" to "${to}": too long.`);
        return undefined;
      }
      const old = byCode.get(spec.code)!;
      byCode.delete(spec.code);
      byCode.set(to, { ...old, code: to });
      rekeys.push({ from: spec.code, to });
      // What earlier steps planned for the old unit keeps naming it, by its new key.
      const key = (code: string) => (code === spec.code ? to : code);
      for (const u of byCode.values()) if (u.parent === spec.code) u.parent = to;
      moves.forEach((m, k) => { moves[k] = { code: key(m.code), from: m.from === null ? null : key(m.from), to: key(m.to) }; });
      renames.forEach((r, k) => { renames[k] = { ...r, code: key(r.code) }; });
      touched.set(to, step);
    }
    const tags = [...(spec.tags ?? defaults.tags)];
    const region = spec.region === undefined ? defaults.region : spec.region;
    const created: Working = { id: `+${spec.code}`, code: spec.code, name: spec.name.trim(), level, parent, open: true, isNew: true, tags, region };
    byCode.set(spec.code, created);
    touched.set(spec.code, step);
    open.push({ code: spec.code, name: spec.name.trim(), level, parentCode: parent, shortName: spec.shortName ?? null, tags, region });
    return created;
  };
  const checkUntouched = (field: string, u: Working, step: number): boolean => {
    const earlier = touched.get(u.code);
    if (earlier !== undefined && earlier !== step) {
      problems.add(field, `Đơn vị ${u.name} (${u.code}) đã được sắp xếp ở bước ${earlier + 1}.`, `Unit ${u.name} (${u.code}) was already reorganised in step ${earlier + 1}.`);
      return false;
    }
    return true;
  };
  const rekeyed = (code: string) => rekeys.find((r) => r.from === code)?.to ?? code;

  reorganisation.steps.forEach((step, i) => {
    const at = `steps.${i}`;
    const before = problems.size;
    switch (step.kind) {
      case 'merge': {
        if (step.from.length < 2) problems.add(`${at}.from`, 'Hợp nhất cần ít nhất hai đơn vị.', 'A merge needs at least two units.');
        if (new Set(step.from).size !== step.from.length) problems.add(`${at}.from`, 'Một đơn vị được kê hai lần.', 'A unit is listed twice.');
        const olds = step.from.map((code, k) => requireOpen(`${at}.from.${k}`, code)).filter((u): u is Working => !!u);
        olds.forEach((u, k) => checkUntouched(`${at}.from.${k}`, u, i));
        if (olds.length !== step.from.length || problems.size > before) return;
        const levels = new Set(olds.map((u) => u.level));
        if (levels.size > 1) problems.add(`${at}.from`, 'Các đơn vị hợp nhất phải cùng cấp.', 'The merged units must be of one level.');
        const created = openUnit(`${at}.into`, step.into, { level: olds[0]!.level, parent: olds[0]!.parent, ...inherited(olds) }, step.from, i);
        if (!created || problems.size > before) return;
        for (const old of olds) {
          const key = rekeyed(old.code);
          const u = byCode.get(key)!;
          for (const child of childrenOf(key)) move(child.code, created.code);
          closeUnit(u, i);
          successions.push({ predecessor: key, successor: created.code, primary: true });
          accounts.push(step.accounts === 'close' ? { unit: key, action: 'close' } : { unit: key, action: 'move', to: created.code });
        }
        return;
      }
      case 'split': {
        const old = requireOpen(`${at}.from`, step.from);
        if (!old || !checkUntouched(`${at}.from`, old, i)) return;
        if (step.into.length < 2) problems.add(`${at}.into`, 'Chia tách cần ít nhất hai đơn vị mới.', 'A split needs at least two new units.');
        const children = childrenOf(old.code);
        for (const [child, target] of Object.entries(step.children ?? {})) {
          if (!children.some((c) => c.code === child)) problems.add(`${at}.children.${child}`, `Đơn vị "${child}" không trực thuộc ${old.name}.`, `"${child}" is not directly under ${old.name}.`);
          if (!step.into.some((s) => s.code === target)) problems.add(`${at}.children.${child}`, `"${target}" không phải là một đơn vị mới của bước này.`, `"${target}" is not a new unit of this step.`);
        }
        if (problems.size > before) return;
        const created = step.into.map((spec, k) => openUnit(`${at}.into.${k}`, spec, { level: old.level, parent: old.parent, ...inherited([old]) }, k === 0 ? [step.from] : [], i));
        if (created.some((c) => !c) || problems.size > before) return;
        const key = rekeyed(old.code);
        for (const child of childrenOf(key)) move(child.code, step.children?.[child.code] ?? created[0]!.code);
        closeUnit(byCode.get(key)!, i);
        created.forEach((c, k) => successions.push({ predecessor: key, successor: c!.code, primary: k === 0 }));
        accounts.push(step.accounts === 'close' ? { unit: key, action: 'close' } : { unit: key, action: 'move', to: created[0]!.code });
        return;
      }
      case 'rename': {
        const u = requireOpen(`${at}.unit`, step.unit);
        if (!u) return;
        if (!step.name.trim()) {
          problems.add(`${at}.name`, 'Tên mới không được để trống.', 'The new name is required.');
          return;
        }
        renames.push({ code: u.code, from: u.name, to: step.name.trim(), ...(step.shortName !== undefined ? { shortName: step.shortName } : {}) });
        u.name = step.name.trim();
        return;
      }
      case 'move': {
        const u = requireOpen(`${at}.unit`, step.unit);
        const to = requireOpen(`${at}.to`, step.to);
        if (!u || !to) return;
        if (to.code === u.code || isBelow(to.code, u.code)) {
          problems.add(`${at}.to`, `Không thể chuyển ${u.name} vào chính nó hoặc một đơn vị cấp dưới của nó.`, `Cannot move ${u.name} under itself or one of its own units.`);
          return;
        }
        if (rank(u.level) <= rank(to.level)) {
          problems.add(`${at}.to`, `${to.name} phải ở cấp cao hơn ${u.name}.`, `${to.name} must be of a higher level than ${u.name}.`);
          return;
        }
        move(u.code, to.code);
        return;
      }
      case 'abolish-level': {
        if (!UNIT_LEVELS.includes(step.level) || step.level === 'central') {
          problems.add(`${at}.level`, 'Không thể bỏ cấp này.', 'This level cannot be abolished.');
          return;
        }
        const under = step.under === undefined ? null : requireOpen(`${at}.under`, step.under) ?? undefined;
        if (under === undefined) return;
        const abolished = [...byCode.values()].filter((u) => u.open && u.level === step.level && (under === null || isBelow(u.code, under.code)));
        if (abolished.length === 0) {
          problems.add(`${at}.level`, 'Không có đơn vị nào ở cấp này để bỏ.', 'No open unit of this level to abolish.');
          return;
        }
        for (const u of abolished) {
          if (!checkUntouched(`${at}.level`, u, i) || u.parent === null) return;
          for (const child of childrenOf(u.code)) move(child.code, u.parent);
          closeUnit(u, i);
          // The abolished unit's own history regroups into the parent that took its children.
          successions.push({ predecessor: u.code, successor: u.parent, primary: true });
          accounts.push(step.accounts === 'move' ? { unit: u.code, action: 'move', to: u.parent } : { unit: u.code, action: 'close' });
        }
        return;
      }
    }
  });
  problems.throwIfAny();

  // A unit that stays open but whose line of ancestors changed is continued by a new version
  // under its new parents: its past weeks stay rolled up under the old line, its new weeks go
  // up the new one, and no stored figure is moved. Parents before children.
  const byId = new Map([...byCode.values()].map((w) => [w.id, w]));
  const lineBefore = (code: string): string[] => {
    const parentOf = new Map(units.map((x) => [x.code, x.parentCode]));
    const line: string[] = [];
    for (let p = parentOf.get(code) ?? null; p !== null; p = parentOf.get(p) ?? null) line.push(p);
    return line;
  };
  const lineAfter = (w: Working): string[] => {
    const line: string[] = [];
    for (let p = w.parent === null ? undefined : byCode.get(w.parent); p; p = p.parent === null ? undefined : byCode.get(p.parent)) line.push(p.id);
    return line;
  };
  const versions: ReorganisationPlan['versions'][number][] = [];
  for (const u of units) {
    const w = byId.get(u.code);
    if (!w || !w.open || w.isNew || lineBefore(u.code).join('/') === lineAfter(w).join('/')) continue;
    const retired = retiredCode(w.code, closeOn, (c) => byCode.has(c) || versions.some((v) => v.retiredAs === c));
    if (!CODE_PATTERN.test(retired)) {
      problems.add('steps', `Không thể đổi mã của đơn vị cũ "${w.code}" thành "${retired}": mã quá dài.`, `Cannot re-key the old unit "${w.code}" to "${retired}": too long.`);
      continue;
    }
    if (u.validFrom !== null && u.validFrom >= date) {
      problems.add('steps', `Đơn vị ${w.name} (${w.code}) bắt đầu hoạt động từ ngày ${formatDate(u.validFrom)}: không thể chuyển sang đơn vị cấp trên khác từ cùng ngày đó.`, `${w.name} (${w.code}) opens on ${u.validFrom}: it cannot move from that same day.`);
      continue;
    }
    versions.push({ code: w.code, retiredAs: retired, parentCode: w.parent!, depth: lineAfter(w).length });
  }
  problems.throwIfAny();
  versions.sort((a, b) => a.depth - b.depth);
  for (const v of versions) {
    successions.push({ predecessor: v.retiredAs, successor: v.code, primary: true });
    accounts.push({ unit: v.retiredAs, action: 'move', to: v.code });
  }
  return Object.freeze({
    date, closeOn, versions: Object.freeze(versions),
    open: Object.freeze(open), close: Object.freeze(close), rekeys: Object.freeze(rekeys), moves: Object.freeze(moves),
    renames: Object.freeze(renames), successions: Object.freeze(successions), accounts: Object.freeze(accounts),
  });
}

/**
 * Where each unit's history is shown when a campaign is regrouped under the structure of
 * `asOf`: a unit open on that day stands for itself; a closed one stands for the unit its
 * primary successor chain reaches that is open on `asOf`; null when none is (a unit
 * closed without successor, or whose successors opened after `asOf`).
 *
 * @example
 * regroupAsOf(units, [{ predecessor: '02', successor: '08', primary: true }], '2025-07-01').get('02'); // '08'
 */
export function regroupAsOf(
  units: readonly Pick<OrgUnit, 'code' | 'validFrom' | 'validTo'>[], successions: readonly Succession[], asOf: IsoDate,
): ReadonlyMap<string, string | null> {
  const byCode = new Map(units.map((u) => [u.code, u]));
  const next = new Map<string, string>();
  for (const s of successions) if (s.primary) next.set(s.predecessor, s.successor);
  const isOpen = (code: string) => {
    const u = byCode.get(code);
    return !!u && (u.validFrom === null || u.validFrom <= asOf) && (u.validTo === null || u.validTo >= asOf);
  };
  const out = new Map<string, string | null>();
  for (const u of units) {
    let code: string | undefined = u.code;
    const seen = new Set<string>();
    while (code !== undefined && !isOpen(code) && !seen.has(code)) {
      seen.add(code);
      code = next.get(code);
    }
    out.set(u.code, code !== undefined && isOpen(code) ? code : null);
  }
  return out;
}

/**
 * The targets a campaign's new units inherit: a successor without a target of its own for
 * an indicator gets the sum of its predecessors' (a split's primary successor takes the
 * whole, the others none until set). `targets` maps unit code → indicator code → target.
 *
 * @example
 * inheritedTargets(new Map([['02', new Map([['cay', 5]])], ['08', new Map([['cay', 7]])]]),
 *   [{ predecessor: '02', successor: '08.new', primary: true }, { predecessor: '08', successor: '08.new', primary: true }]);
 * // Map { '08.new' => Map { 'cay' => 12 } }
 */
export function inheritedTargets(
  targets: ReadonlyMap<string, ReadonlyMap<string, number>>, successions: readonly Succession[],
): ReadonlyMap<string, ReadonlyMap<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const s of successions) {
    if (!s.primary || targets.has(s.successor)) continue;
    const own = targets.get(s.predecessor);
    if (!own) continue;
    const sums = out.get(s.successor) ?? new Map<string, number>();
    for (const [indicator, value] of own) sums.set(indicator, (sums.get(indicator) ?? 0) + value);
    out.set(s.successor, sums);
  }
  return out;
}

/** One row's figures for one indicator, as a regrouping adds them. */
export interface RegroupableFigures {
  readonly target: number | null;
  readonly thisWeek: number;
  readonly toDate: number;
}

/**
 * Adds rows (units of a campaign's structure) into the rows of another date's structure:
 * each row goes to its representative (regroupAsOf), whose figures are the exact sums of its
 * members' per indicator; a target is the sum of the members' targets that are set (null when
 * none is) — unless the representative is itself a member with a target of its own, which
 * already stands for its predecessors' (a campaign spanning the date passed them on). Representatives keep the order in which they are first met; a row without one
 * (null) is gathered under `null`, so nothing is lost and the grand total is unchanged.
 *
 * @example
 * regroupFigures([{ code: '24', figures: new Map([['cay', { target: 10, thisWeek: 1, toDate: 5 }]]) },
 *   { code: '27', figures: new Map([['cay', { target: null, thisWeek: 2, toDate: 3 }]]) }],
 *   new Map([['24', '24'], ['27', '24']])).get('24')!.figures.get('cay'); // { target: 10, thisWeek: 3, toDate: 8 }
 */
export function regroupFigures<K>(
  rows: readonly { readonly code: string; readonly figures: ReadonlyMap<K, RegroupableFigures> }[],
  representativeOf: ReadonlyMap<string, string | null>,
): ReadonlyMap<string | null, { readonly members: readonly string[]; readonly figures: ReadonlyMap<K, RegroupableFigures> }> {
  const out = new Map<string | null, { members: string[]; figures: Map<K, RegroupableFigures> }>();
  const ownTargets = new Map<string, ReadonlyMap<K, RegroupableFigures>>();
  for (const row of rows) if (representativeOf.get(row.code) === row.code) ownTargets.set(row.code, row.figures);
  for (const row of rows) {
    const to = representativeOf.get(row.code) ?? null;
    const group = out.get(to) ?? { members: [], figures: new Map<K, RegroupableFigures>() };
    group.members.push(row.code);
    for (const [key, f] of row.figures) {
      const was = group.figures.get(key);
      group.figures.set(key, was === undefined ? { target: f.target, thisWeek: f.thisWeek, toDate: f.toDate } : {
        target: was.target === null ? f.target : f.target === null ? was.target : sumValues([was.target, f.target]),
        thisWeek: sumValues([was.thisWeek, f.thisWeek]),
        toDate: sumValues([was.toDate, f.toDate]),
      });
    }
    out.set(to, group);
  }
  for (const [to, group] of out) {
    const own = to === null ? undefined : ownTargets.get(to);
    if (!own) continue;
    for (const [key, f] of group.figures) {
      const target = own.get(key)?.target;
      if (target !== null && target !== undefined) group.figures.set(key, { ...f, target });
    }
  }
  return out;
}

/**
 * A plan in words, one line per kind of effect, for the preview a manager reads before
 * applying it (counts written the Vietnamese way; lists cut after five with "…").
 *
 * @example
 * describePlan(plan)[0]; // 'Thành lập 23 đơn vị mới từ ngày 01/07/2025: Tỉnh Đoàn Tuyên Quang (08), …'
 */
export function describePlan(plan: ReorganisationPlan): readonly string[] {
  // The list ends the sentence: a full stop, or the ellipsis of a list cut short.
  const few = (items: readonly string[]) => items.slice(0, 5).join(', ') + (items.length > 5 ? ', …' : '.');
  const n = (count: number) => formatNumber(count, 0);
  const lines: string[] = [];
  if (plan.open.length > 0) lines.push(`Thành lập ${n(plan.open.length)} đơn vị mới từ ngày ${formatDate(plan.date)}: ${few(plan.open.map((o) => `${o.name} (${o.code})`))}`);
  if (plan.close.length > 0) lines.push(`${n(plan.close.length)} đơn vị kết thúc hoạt động ngày ${formatDate(plan.closeOn)}: ${few(plan.close)}`);
  if (plan.rekeys.length > 0) lines.push(`${n(plan.rekeys.length)} đơn vị cũ nhường mã cho đơn vị mới và được đổi mã: ${few(plan.rekeys.map((r) => `${r.from} → ${r.to}`))}`);
  if (plan.versions.length > 0) lines.push(`${n(plan.versions.length)} đơn vị chuyển sang đơn vị cấp trên mới từ ngày ${formatDate(plan.date)} (số liệu trước đó giữ nguyên dưới đơn vị cấp trên cũ): ${few(plan.versions.map((v) => `${v.code} → ${v.parentCode}`))}`);
  if (plan.renames.length > 0) lines.push(`${n(plan.renames.length)} đơn vị đổi tên: ${few(plan.renames.map((r) => `${r.from} → ${r.to}`))}`);
  const moved = plan.accounts.filter((a) => a.action === 'move').length;
  const closed = plan.accounts.length - moved;
  if (moved > 0) lines.push(`Tài khoản của ${n(moved)} đơn vị chuyển sang đơn vị kế tục.`);
  if (closed > 0) lines.push(`Tài khoản của ${n(closed)} đơn vị bị khóa.`);
  return Object.freeze(lines);
}

/** One row of a table of new provinces: its code, administrative name, and the codes of the units it was formed from. */
export interface ProvinceFormation {
  readonly code: string;
  readonly name: string;
  readonly formedFrom: readonly string[];
  readonly validFrom: IsoDate;
}

/**
 * The Union's name of a province from its administrative name: "Tỉnh Lào Cai" → "Tỉnh Đoàn
 * Lào Cai", "Thành phố Huế" → "Thành Đoàn Huế" (a name already the Union's is kept).
 *
 * @example
 * unionNameOf('Thành phố Hồ Chí Minh'); // 'Thành Đoàn TP. Hồ Chí Minh'
 */
export function unionNameOf(administrativeName: string): string {
  const name = administrativeName.trim();
  // The city named after President Hồ Chí Minh keeps "TP." in its union's name, as the Union writes it.
  if (name === 'Thành phố Hồ Chí Minh') return 'Thành Đoàn TP. Hồ Chí Minh';
  return name.replace(/^Tỉnh (?!Đoàn )/, 'Tỉnh Đoàn ').replace(/^Thành phố /, 'Thành Đoàn ');
}

/**
 * A reorganisation from a table of new provinces (../shared/data/provinces-vn-2025.csv): a
 * merge for each province formed from several, none for one formed from itself alone, then
 * (optionally) the abolition of a level. Every row must share one date.
 *
 * @example
 * reorganisationFromProvinces([{ code: '08', name: 'Tỉnh Tuyên Quang', formedFrom: ['08', '02'], validFrom: '2025-07-01' }],
 *   { name: 'Sắp xếp 2025' }).steps[0]; // { kind: 'merge', from: ['08', '02'], into: { code: '08', name: 'Tỉnh Đoàn Tuyên Quang' } }
 */
export function reorganisationFromProvinces(
  rows: readonly ProvinceFormation[], options: { name: string; abolishLevel?: UnitLevel; accounts?: AccountsFate },
): Reorganisation {
  const dates = [...new Set(rows.map((r) => r.validFrom))];
  if (dates.length !== 1) {
    const problems = new FieldProblems();
    problems.add('date', 'Các tỉnh mới phải có cùng một ngày hiệu lực.', 'The new provinces must share one effective date.');
    problems.throwIfAny();
  }
  const steps: ReorganisationStep[] = rows.filter((r) => r.formedFrom.length > 1).map((r) => ({
    kind: 'merge', from: [...r.formedFrom], into: { code: r.code, name: unionNameOf(r.name) }, ...(options.accounts ? { accounts: options.accounts } : {}),
  }));
  if (options.abolishLevel) steps.push({ kind: 'abolish-level', level: options.abolishLevel });
  return { date: dates[0]!, name: options.name, steps };
}
