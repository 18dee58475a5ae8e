import { describe, expect, it } from 'vitest';
import type { Translate } from '../i18n/language.tsx';
import { buildBody, fieldIdOf, newStep, stepIds, type AbolishDraft, type MergeDraft, type SplitDraft } from './reorganisation-draft.ts';

const t = ((key: string) => key) as Translate;
const P = 'f';
const HK = { code: '01-HK', name: 'Quận Đoàn Hoàn Kiếm' };
const BD = { code: '01-BD', name: 'Quận Đoàn Ba Đình' };

function merge(): MergeDraft {
  const step = newStep('merge') as MergeDraft;
  return { ...step, from: [{ ...step.from[0]!, unit: HK }, { ...step.from[1]!, unit: BD }], code: '01-Q1', name: 'Quận Đoàn Trung tâm' };
}

describe('buildBody', () => {
  it('sends the date as ISO, trimmed texts and every step with the fate of its accounts', () => {
    const abolish: AbolishDraft = { ...(newStep('abolish-level') as AbolishDraft), level: 'district', under: { code: '01', name: 'Thành Đoàn Hà Nội' } };
    const { body, problems } = buildBody(P, ' Bỏ cấp huyện ', '1/7/2025', [merge(), abolish], t);
    expect(problems).toEqual([]);
    expect(body).toEqual({
      name: 'Bỏ cấp huyện', date: '2025-07-01', steps: [
        { kind: 'merge', from: ['01-HK', '01-BD'], into: { code: '01-Q1', name: 'Quận Đoàn Trung tâm' }, accounts: 'move' },
        { kind: 'abolish-level', level: 'district', under: '01', accounts: 'close' },
      ],
    });
  });

  it('sends a split\'s children that go elsewhere than the first new unit, by the new unit\'s code', () => {
    const step = newStep('split') as SplitDraft;
    const [a, b] = [{ ...step.into[0]!, code: ' 01-BD1 ', name: 'Quận Đoàn Ba Đình 1' }, { ...step.into[1]!, code: '01-BD2', name: 'Quận Đoàn Ba Đình 2' }];
    const split: SplitDraft = { ...step, from: BD, into: [a, b], children: { '01-BD-KM': b.key, '01-BD-PX': a.key, '01-BD-X': 999 } };
    expect(buildBody(P, 'Chia', '01/07/2025', [split], t).body?.steps).toEqual([{
      kind: 'split', from: '01-BD', into: [{ code: '01-BD1', name: 'Quận Đoàn Ba Đình 1' }, { code: '01-BD2', name: 'Quận Đoàn Ba Đình 2' }],
      children: { '01-BD-KM': '01-BD2' }, accounts: 'move',
    }]);
    // None sent elsewhere: the server's default, no mapping at all.
    expect(buildBody(P, 'Chia', '01/07/2025', [{ ...split, children: { '01-BD-KM': a.key } }], t).body?.steps[0]).not.toHaveProperty('children');
  });

  it('names each missing part on its own control, and sends nothing', () => {
    const step = newStep('merge') as MergeDraft;
    const ids = stepIds(P, step);
    const { body, problems } = buildBody(P, '', '31/02/2025', [step], t);
    expect(body).toBeNull();
    expect(problems.map((p) => p.id)).toEqual(['f-name', 'f-date', ids.slot(step.from[0]!), ids.slot(step.from[1]!), ids.code, ids.name]);
    expect(buildBody(P, 'x', '01/07/2025', [], t).problems).toEqual([{ id: 'f-kind', message: 'reorg.form.stepsRequired' }]);
  });
});

describe('fieldIdOf', () => {
  const m = merge();
  const split = { ...(newStep('split') as SplitDraft), from: BD };
  const abolish = newStep('abolish-level') as AbolishDraft;
  const sent = [m, split, abolish];
  const [mi, si, ai] = sent.map((s) => stepIds(P, s));

  it.each([
    ['name', 'f-name'],
    ['date', 'f-date'],
    ['steps', 'f-kind'],
    ['steps.7.from', 'f-kind'],
    ['steps.0.from', mi!.slot(m.from[0]!)],
    ['steps.0.from.1', mi!.slot(m.from[1]!)],
    ['steps.0.into.code', mi!.code],
    ['steps.0.into.name', mi!.name],
    ['steps.0.into.parentCode', mi!.code],
    ['steps.0', mi!.slot(m.from[0]!)],
    ['steps.1.from', si!.from],
    ['steps.1.into', si!.intoCode(split.into[0]!)],
    ['steps.1.into.1.name', si!.intoName(split.into[1]!)],
    ['steps.1.children.01-BD-PX', si!.child('01-BD-PX')],
    ['steps.2.level', ai!.level],
    ['steps.2.under', ai!.under],
    ['steps.2.accounts', ai!.accounts],
  ])('%s → its control', (path, id) => {
    expect(fieldIdOf(path, P, sent)).toBe(id);
  });

  it('reads the index against the steps as sent', () => {
    expect(fieldIdOf('steps.0.level', P, [abolish, m])).toBe(ai!.level);
    expect(fieldIdOf('other', P, sent)).toBeNull();
  });
});
