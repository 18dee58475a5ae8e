import { describe, expect, it } from 'vitest';
import {
  HISTORY_PAGE, initialReportForm, reportFormReducer, sameForm, splitRefusal,
  type FormState, type LocalCopy, type ReportFormAction, type ReportFormState,
} from './report-form.reducer.ts';

const server: FormState = { values: { a: '1', b: '' }, consolidated: false, highlights: 'h', difficulties: '', proposals: '' };
const typed: LocalCopy = { values: { a: '7' }, consolidated: true, highlights: 'h2', difficulties: 'd', proposals: 'p', savedAt: '2023-07-06T03:00:00.000Z' };

const run = (actions: readonly ReportFormAction[], from: ReportFormState = initialReportForm) => actions.reduce(reportFormReducer, from);
const loaded = (local: LocalCopy | null, canWrite = true, canCorrect = false): ReportFormAction => ({ type: 'loaded', baseline: server, local, canWrite, canCorrect });
/** A form loaded from the server, with messages on some fields. */
const withErrors = (errors: Record<string, string>) => ({ ...run([loaded(null)]), errors });

describe('sameForm', () => {
  it.each([
    ['the same', server, true],
    ['a missing figure is an empty one', { ...server, values: { a: '1' } }, true],
    ['another figure', { ...server, values: { a: '2', b: '' } }, false],
    ['another narrative', { ...server, proposals: 'x' }, false],
    ['consolidated', { ...server, consolidated: true }, false],
  ] as const)('%s', (_, other, same) => {
    expect(sameForm(server, other)).toBe(same);
  });
});

describe('splitRefusal', () => {
  it('takes the unusual figures apart by indicator code', () => {
    const fields = [
      { field: 'values.a', message: 'unusual', kind: 'outlier' as const },
      { field: 'values.b', message: 'not a number' },
      { field: 'explanations.a', message: 'too long', kind: 'outlier' as const },
    ];
    expect(splitRefusal(fields)).toEqual({
      unusual: [{ code: 'a', message: 'unusual' }],
      others: [fields[1], fields[2]],
    });
  });
});

describe('reportFormReducer: the first load', () => {
  it.each([
    ['no copy on the device', null, true, false],
    ['a copy the same as the server', { ...server, savedAt: typed.savedAt }, true, false],
    ['a copy, but the user may not change the report', typed, false, false],
  ] as const)('shows the server\'s form with %s', (_, local, canWrite, canCorrect) => {
    const state = run([loaded(local, canWrite, canCorrect)]);
    expect(state.form).toBe(server);
    expect(state.restoredAt).toBeNull();
    expect(state.correcting).toBe(false);
  });

  it('restores newer typing over the server\'s figures, and says when it was kept', () => {
    const state = run([loaded(typed)]);
    expect(state.form).toEqual({ values: { a: '7', b: '' }, consolidated: true, highlights: 'h2', difficulties: 'd', proposals: 'p' });
    expect(state.restoredAt).toBe(typed.savedAt);
    expect(state.correcting).toBe(false);
  });

  it('resumes a correction when the typing was kept for an approved report', () => {
    const state = run([loaded(typed, false, true)]);
    expect(state.restoredAt).toBe(typed.savedAt);
    expect(state.correcting).toBe(true);
  });

  it('throws the restored copy away on request', () => {
    const state = run([loaded(typed), { type: 'localDiscarded', baseline: server }]);
    expect(state.form).toBe(server);
    expect(state.restoredAt).toBeNull();
  });
});

describe('reportFormReducer: typing', () => {
  it.each([
    ['a figure', { type: 'figureTyped', code: 'a', text: '9' }, 'values.a'],
    ['an explanation', { type: 'explanationTyped', code: 'a', text: 'why' }, 'explanations.a'],
    ['the correction\'s reason', { type: 'correctionReasonTyped', text: 'why' }, 'reason'],
    ['the return\'s reason', { type: 'returnReasonTyped', text: 'why' }, 'returnReason'],
  ] as const)('%s clears its own message and keeps the others', (_, action, field) => {
    const state = run([action], withErrors({ [field]: 'wrong', highlights: 'too long' }));
    expect(state.errors).toEqual({ highlights: 'too long' });
  });

  it('keeps what was typed where it belongs', () => {
    const state = run([
      loaded(null),
      { type: 'figureTyped', code: 'b', text: '3' },
      { type: 'narrativeTyped', patch: { difficulties: 'rain' } },
      { type: 'explanationTyped', code: 'a', text: 'a festival' },
      { type: 'correctionReasonTyped', text: 'late count' },
      { type: 'returnReasonTyped', text: 'check again' },
    ]);
    expect(state.form).toEqual({ ...server, values: { a: '1', b: '3' }, difficulties: 'rain' });
    expect(state.explanations).toEqual({ a: 'a festival' });
    expect(state.correctionReason).toBe('late count');
    expect(state.returnReason).toBe('check again');
  });

  it('leaves the narrative\'s messages until the next send', () => {
    const state = run([{ type: 'narrativeTyped', patch: { highlights: 'x' } }], withErrors({ highlights: 'too long' }));
    expect(state.errors).toEqual({ highlights: 'too long' });
  });
});

describe('reportFormReducer: sending', () => {
  it('is busy while a request is on its way, with no notice left from before', () => {
    const before = { ...run([loaded(null)]), notice: { kind: 'ok' as const, text: 'saved' } };
    expect(run([{ type: 'sending' }], before)).toMatchObject({ busy: true, notice: null });
    expect(run([{ type: 'reloading' }], before)).toMatchObject({ busy: true, notice: before.notice });
    expect(run([{ type: 'sending' }, { type: 'settled' }], before).busy).toBe(false);
  });

  it('starts again from the report the server answered with', () => {
    const busy = run([
      loaded(typed),
      { type: 'correctionStarted' },
      { type: 'correctionReasonTyped', text: 'r' },
      { type: 'returnStarted' },
      { type: 'returnReasonTyped', text: 'r' },
      { type: 'conflicted', message: 'changed meanwhile' },
      { type: 'refused', fields: [{ field: 'values.a', message: 'unusual', kind: 'outlier' }], explained: {}, text: 'explain' },
      { type: 'explanationTyped', code: 'a', text: 'x' },
      { type: 'sending' },
    ]);
    const saved: FormState = { ...server, highlights: 'new' };
    const state = run([{ type: 'accepted', form: saved, text: 'Saved at 10:00' }, { type: 'settled' }], busy);
    expect(state).toEqual({
      ...initialReportForm,
      form: saved,
      notice: { kind: 'ok', text: 'Saved at 10:00' },
    });
  });

  it('shows a conflict instead of the notice', () => {
    const before = { ...run([loaded(null)]), notice: { kind: 'error' as const, text: 'old' } };
    expect(run([{ type: 'conflicted', message: 'changed meanwhile' }], before)).toMatchObject({ conflict: 'changed meanwhile', notice: null });
  });

  it('says anything else that went wrong in the notice', () => {
    expect(run([{ type: 'failed', text: 'no network' }]).notice).toEqual({ kind: 'error', text: 'no network' });
  });
});

describe('reportFormReducer: a refusal', () => {
  it('puts the messages on their fields, replacing the ones from before', () => {
    const state = run([{ type: 'refused', fields: [{ field: 'values.b', message: 'nan' }], explained: {}, text: 'nan' }],
      withErrors({ 'values.a': 'old' }));
    expect(state.errors).toEqual({ 'values.b': 'nan' });
    expect(state.notice).toEqual({ kind: 'error', text: 'nan' });
  });

  it('asks for an explanation of each unusual figure, offering again what was given before or is on file', () => {
    const before = { ...run([loaded(null)]), explanations: { a: 'typed before', z: 'an indicator no longer asked about' } };
    const state = run([{
      type: 'refused',
      fields: ['a', 'b', 'c'].map((c) => ({ field: `values.${c}`, message: `${c} is unusual`, kind: 'outlier' as const })),
      explained: { b: 'on file', a: 'on file too' },
      text: '3 figures to explain',
    }], before);
    expect(state.outliers).toEqual({ a: 'a is unusual', b: 'b is unusual', c: 'c is unusual' });
    expect(state.explanations).toEqual({ a: 'typed before', b: 'on file', c: '' });
  });

  it('lists every refused field once, in the server\'s order, for the summary at the top', () => {
    const fields = [
      { field: 'values.a', message: 'not a number' },
      { field: 'values.b', message: 'unusual', kind: 'outlier' as const },
      { field: 'values.c', message: 'to date falls' },
      { field: 'reason', message: 'a reason is needed' },
    ];
    const state = run([loaded(null), { type: 'refused', fields, explained: {}, text: '4 errors' }]);
    expect(state.summary).toBe(fields);
    expect(state.errors).toEqual({ 'values.a': 'not a number', 'values.c': 'to date falls', reason: 'a reason is needed' });
    expect(state.outliers).toEqual({ b: 'unusual' });
  });

  it('keeps the summary as it was while the fields are fixed, and drops it when the form is sent again', () => {
    const refused = run([loaded(null), { type: 'refused', fields: [{ field: 'values.a', message: 'nan' }], explained: {}, text: 'nan' }]);
    const fixing = run([{ type: 'figureTyped', code: 'a', text: '12' }], refused);
    expect(fixing.errors).toEqual({});
    expect(fixing.summary).toBe(refused.summary);
    expect(run([{ type: 'sending' }], fixing).summary).toEqual([]);
  });

  it('keeps the unusual figures asked about when the next refusal is about other fields', () => {
    const asked = run([loaded(null), { type: 'refused', fields: [{ field: 'values.a', message: 'unusual', kind: 'outlier' }], explained: {}, text: 'explain' }]);
    const state = run([{ type: 'refused', fields: [{ field: 'highlights', message: 'too long' }], explained: {}, text: 'too long' }], asked);
    expect(state.outliers).toBe(asked.outliers);
    expect(state.explanations).toBe(asked.explanations);
  });
});

describe('reportFormReducer: correction, return, reload, history', () => {
  it('cancels a correction back to the server\'s form', () => {
    const state = run([
      loaded(typed, false, true),
      { type: 'correctionReasonTyped', text: 'r' },
      { type: 'refused', fields: [{ field: 'values.a', message: 'unusual', kind: 'outlier' }, { field: 'reason', message: 'short' }], explained: {}, text: 'fix' },
      { type: 'correctionCancelled', baseline: server },
    ]);
    expect(state).toMatchObject({ correcting: false, form: server, correctionReason: '', outliers: {}, errors: {}, summary: [], notice: null });
  });

  it('starts a correction without the notice from before', () => {
    const before = { ...run([loaded(null)]), notice: { kind: 'ok' as const, text: 'approved' } };
    expect(run([{ type: 'correctionStarted' }], before)).toMatchObject({ correcting: true, notice: null });
  });

  it('asks for the return\'s reason on its field, and takes the server\'s refusal of it into the notice too', () => {
    const missing = run([{ type: 'returnStarted' }, { type: 'returnReasonMissing', message: 'a reason is needed' }], withErrors({ 'values.a': 'x' }));
    expect(missing).toMatchObject({ returning: true, errors: { 'values.a': 'x', returnReason: 'a reason is needed' }, notice: null });
    const refused = run([{ type: 'returnRefused', message: 'too short' }], missing);
    expect(refused).toMatchObject({ errors: { 'values.a': 'x', returnReason: 'too short' }, notice: { kind: 'error', text: 'too short' } });
    expect(run([{ type: 'returnCancelled' }], refused)).toMatchObject({ returning: false, errors: { 'values.a': 'x' } });
  });

  it('after a conflict, waits for the report again with the state of the refusal cleared', () => {
    const before = run([
      loaded(null),
      { type: 'returnStarted' },
      { type: 'refused', fields: [{ field: 'values.a', message: 'unusual', kind: 'outlier' }, { field: 'values.b', message: 'nan' }], explained: {}, text: 'fix' },
      { type: 'explanationTyped', code: 'a', text: 'kept' },
      { type: 'conflicted', message: 'changed meanwhile' },
    ]);
    const state = run([{ type: 'reloaded' }], before);
    expect(state).toMatchObject({ form: null, conflict: null, notice: null, errors: {}, summary: [], outliers: {}, returning: false });
    // What is typed beside the figures is not the server's to take back.
    expect(state.explanations).toEqual({ a: 'kept' });
  });

  it('shows the history a page at a time', () => {
    expect(run([{ type: 'historyExtended' }, { type: 'historyExtended' }]).historyShown).toBe(3 * HISTORY_PAGE);
  });
});
