/**
 * The draft of a reorganisation as the page edits it (steps with stable keys, picked units,
 * typed codes and names), the body it stands for, and where a refusal's field path
 * (`steps.0.into.code`) points among its controls.
 */
import { UNIT_LEVELS, parseDate, type UnitLevel } from '@giaoban/core';
import type { ReorganisationBody, ReorganisationStepBody } from '../api/organisation.ts';
import type { PickedUnit } from '../components/UnitSearch.tsx';
import type { Translate } from '../i18n/language.tsx';

export type Fate = 'move' | 'close';
export type Kind = ReorganisationStepBody['kind'];
export const KINDS: readonly Kind[] = ['merge', 'split', 'rename', 'move', 'abolish-level'];
/** The centre is never abolished. */
export const ABOLISHABLE = UNIT_LEVELS.filter((l) => l !== 'central');

export interface Slot { readonly key: number; readonly unit: PickedUnit | null }
export interface NewUnitDraft { readonly key: number; readonly code: string; readonly name: string }
export interface MergeDraft { readonly key: number; readonly kind: 'merge'; readonly from: readonly Slot[]; readonly code: string; readonly name: string; readonly accounts: Fate }
/** A split: `children` says where each child of `from` goes (child code → a new unit's key; absent: the first). */
export interface SplitDraft {
  readonly key: number; readonly kind: 'split'; readonly from: PickedUnit | null; readonly into: readonly NewUnitDraft[];
  readonly children: Readonly<Record<string, number>>; readonly accounts: Fate;
}
export interface RenameDraft { readonly key: number; readonly kind: 'rename'; readonly unit: PickedUnit | null; readonly name: string }
export interface MoveDraft { readonly key: number; readonly kind: 'move'; readonly unit: PickedUnit | null; readonly to: PickedUnit | null }
export interface AbolishDraft { readonly key: number; readonly kind: 'abolish-level'; readonly level: UnitLevel | ''; readonly under: PickedUnit | null; readonly accounts: Fate }
export type StepDraft = MergeDraft | SplitDraft | RenameDraft | MoveDraft | AbolishDraft;

/** Keys that stay with a step, a merged unit or a new unit through reordering (and name their fields). */
let lastKey = 0;
export const newKey = () => ++lastKey;

export function newStep(kind: Kind): StepDraft {
  const key = newKey();
  switch (kind) {
    case 'merge': return { key, kind, from: [{ key: newKey(), unit: null }, { key: newKey(), unit: null }], code: '', name: '', accounts: 'move' };
    case 'split': return { key, kind, from: null, into: [{ key: newKey(), code: '', name: '' }, { key: newKey(), code: '', name: '' }], children: {}, accounts: 'move' };
    case 'rename': return { key, kind, unit: null, name: '' };
    case 'move': return { key, kind, unit: null, to: null };
    // The server's defaults: the accounts of a merged or split unit move, those of an abolished level close.
    case 'abolish-level': return { key, kind, level: '', under: null, accounts: 'close' };
  }
}

/** A problem of the form: the id of the control it is about, or null for the whole form. */
export interface Problem {
  readonly id: string | null;
  readonly message: string;
}

/** The ids of a step's controls, from the form's prefix and the step's key. */
export const stepIds = (prefix: string, step: StepDraft) => {
  const at = (part: string) => `${prefix}-s${step.key}-${part}`;
  return {
    title: at('title'), code: at('code'), name: at('name'), unit: at('unit'), to: at('to'), from: at('from'), level: at('level'),
    under: at('under'), accounts: at('accounts'),
    slot: (slot: Slot) => at(`from-${slot.key}`),
    intoCode: (u: NewUnitDraft) => at(`into-${u.key}-code`),
    intoName: (u: NewUnitDraft) => at(`into-${u.key}-name`),
    child: (code: string) => at(`child-${code.replace(/[^A-Za-z0-9_-]/g, '_')}`),
  };
};

/** The control a path of the server names inside a step (`from.1`, `into.code`, `into.0.name`, `level`, or the step itself). */
function stepFieldId(prefix: string, step: StepDraft, parts: readonly string[]): string {
  const ids = stepIds(prefix, step);
  const [head, second, third] = parts;
  switch (step.kind) {
    case 'merge': {
      if (head === 'from') {
        const slot = step.from[Number(second)] ?? step.from[0];
        return slot ? ids.slot(slot) : ids.code;
      }
      if (head === 'accounts') return ids.accounts;
      return head === 'into' && second === 'name' ? ids.name : head === 'into' ? ids.code : step.from[0] ? ids.slot(step.from[0]) : ids.code;
    }
    case 'split': {
      if (head === 'into') {
        const u = step.into[Number(second)] ?? step.into[0];
        return u ? (third === 'name' ? ids.intoName(u) : ids.intoCode(u)) : ids.from;
      }
      if (head === 'children' && second) return ids.child(second);
      return head === 'accounts' ? ids.accounts : ids.from;
    }
    case 'rename': return head === 'name' ? ids.name : ids.unit;
    case 'move': return head === 'to' ? ids.to : ids.unit;
    case 'abolish-level': return head === 'under' ? ids.under : head === 'accounts' ? ids.accounts : ids.level;
  }
}

/**
 * The control a field path of the server's refusal names (`name`, `date`, `steps`, `steps.0.into.code`),
 * read against the steps as they were sent (the user may have reordered them since).
 */
export function fieldIdOf(path: string, prefix: string, sent: readonly StepDraft[]): string | null {
  if (path === 'name' || path === 'date') return `${prefix}-${path}`;
  const match = /^steps(?:\.(\d+)(?:\.(.*))?)?$/.exec(path);
  if (!match) return null;
  const step = match[1] === undefined ? undefined : sent[Number(match[1])];
  if (!step) return `${prefix}-kind`;
  return stepFieldId(prefix, step, (match[2] ?? '').split('.').filter(Boolean));
}

/** The body the form stands for, or what is missing (each on its control). */
export function buildBody(prefix: string, name: string, date: string, steps: readonly StepDraft[], t: Translate): { body: ReorganisationBody | null; problems: Problem[] } {
  const problems: Problem[] = [];
  const need = (id: string, ok: boolean, message: string) => { if (!ok) problems.push({ id, message }); };
  need(`${prefix}-name`, name.trim() !== '', t('reorg.form.nameRequired'));
  let iso = '';
  if (date.trim() === '') problems.push({ id: `${prefix}-date`, message: t('reorg.form.dateRequired') });
  else {
    try {
      iso = parseDate(date);
    } catch {
      problems.push({ id: `${prefix}-date`, message: t('common.invalidDate') });
    }
  }
  need(`${prefix}-kind`, steps.length > 0, t('reorg.form.stepsRequired'));
  const bodies = steps.map((s): ReorganisationStepBody | null => {
    const ids = stepIds(prefix, s);
    const before = problems.length;
    switch (s.kind) {
      case 'merge':
        for (const slot of s.from) need(ids.slot(slot), slot.unit !== null, t('reorg.step.unitRequired'));
        need(ids.code, s.code.trim() !== '', t('reorg.step.codeRequired'));
        need(ids.name, s.name.trim() !== '', t('reorg.step.nameRequired'));
        return problems.length > before ? null : {
          kind: 'merge', from: s.from.map((slot) => slot.unit!.code), into: { code: s.code.trim(), name: s.name.trim() }, accounts: s.accounts,
        };
      case 'split':
        need(ids.from, s.from !== null, t('reorg.step.unitRequired'));
        for (const u of s.into) {
          need(ids.intoCode(u), u.code.trim() !== '', t('reorg.step.codeRequired'));
          need(ids.intoName(u), u.name.trim() !== '', t('reorg.step.nameRequired'));
        }
        if (problems.length > before) return null;
        {
          // Only the children sent elsewhere than the first new unit are named (the server's default).
          const children = Object.fromEntries(Object.entries(s.children).flatMap(([child, into]) => {
            const k = s.into.findIndex((u) => u.key === into);
            return k > 0 ? [[child, s.into[k]!.code.trim()]] : [];
          }));
          return {
            kind: 'split', from: s.from!.code, into: s.into.map((u) => ({ code: u.code.trim(), name: u.name.trim() })),
            ...(Object.keys(children).length > 0 ? { children } : {}), accounts: s.accounts,
          };
        }
      case 'rename':
        need(ids.unit, s.unit !== null, t('reorg.step.unitRequired'));
        need(ids.name, s.name.trim() !== '', t('reorg.step.newNameRequired'));
        return problems.length > before ? null : { kind: 'rename', unit: s.unit!.code, name: s.name.trim() };
      case 'move':
        need(ids.unit, s.unit !== null, t('reorg.step.unitRequired'));
        need(ids.to, s.to !== null, t('reorg.step.unitRequired'));
        return problems.length > before ? null : { kind: 'move', unit: s.unit!.code, to: s.to!.code };
      case 'abolish-level':
        need(ids.level, s.level !== '', t('reorg.step.levelRequired'));
        return problems.length > before || s.level === '' ? null : {
          kind: 'abolish-level', level: s.level, ...(s.under ? { under: s.under.code } : {}), accounts: s.accounts,
        };
    }
  });
  if (problems.length > 0) return { body: null, problems };
  return { body: { name: name.trim(), date: iso, steps: bodies as ReorganisationStepBody[] }, problems };
}
