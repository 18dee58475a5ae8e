/**
 * The state of the weekly report's page (ReportPage) and every change to it, as one pure
 * function: what is typed, the copy restored from the device, the messages on fields, the
 * figures the server found unusual with their explanations, a conflict with another save,
 * a correction or a return under way. Reading and writing the device's copy, calling the
 * server and wording the notices stay in the page; the actions carry their outcome.
 */

/** The report's part that is typed: figures by indicator code (as text) and the narrative. */
export interface FormState {
  readonly values: Readonly<Record<string, string>>;
  readonly consolidated: boolean;
  readonly highlights: string;
  readonly difficulties: string;
  readonly proposals: string;
}

/** What the device keeps of the typing not yet sent, with when it was kept. */
export interface LocalCopy extends FormState {
  readonly savedAt: string;
}

export type NarrativePatch = Partial<Pick<FormState, 'consolidated' | 'highlights' | 'difficulties' | 'proposals'>>;

export interface Notice {
  readonly kind: 'ok' | 'error';
  readonly text: string;
}

/** A field's refusal as the server words it (`kind: 'outlier'` is a figure taken once explained). */
export interface FieldRefusal {
  readonly field: string;
  readonly message: string;
  readonly kind?: 'outlier' | undefined;
}

export interface ReportFormState {
  /** Null until the report is loaded, and again while a reload after a conflict waits for the device's copy to be weighed. */
  readonly form: FormState | null;
  /** When the device's copy now shown was kept; null when the form is the server's. */
  readonly restoredAt: string | null;
  /** Messages by field: 'values.<code>', 'explanations.<code>', 'reason', 'returnReason', a narrative field. */
  readonly errors: Readonly<Record<string, string>>;
  /**
   * The last refusal's fields in the server's order, for the summary at the top of the form;
   * it stays as it was while the fields are fixed (a new list only with the next answer).
   */
  readonly summary: readonly FieldRefusal[];
  readonly notice: Notice | null;
  /** The server refused a write because the report changed meanwhile (its message). */
  readonly conflict: string | null;
  readonly busy: boolean;
  /** Indicator code → the server's message about a figure it finds unusual. */
  readonly outliers: Readonly<Record<string, string>>;
  readonly explanations: Readonly<Record<string, string>>;
  readonly correcting: boolean;
  readonly correctionReason: string;
  readonly returning: boolean;
  readonly returnReason: string;
  /** How many history entries show. */
  readonly historyShown: number;
}

/** How many history entries show before "Xem thêm", and how many more each press shows. */
export const HISTORY_PAGE = 20;

export const initialReportForm: ReportFormState = Object.freeze({
  form: null,
  restoredAt: null,
  errors: {},
  summary: [],
  notice: null,
  conflict: null,
  busy: false,
  outliers: {},
  explanations: {},
  correcting: false,
  correctionReason: '',
  returning: false,
  returnReason: '',
  historyShown: HISTORY_PAGE,
});

export type ReportFormAction =
  /** The report came (or came again): the device's copy wins where it differs and the user may still change the report. */
  | { readonly type: 'loaded'; readonly baseline: FormState; readonly local: LocalCopy | null; readonly canWrite: boolean; readonly canCorrect: boolean }
  | { readonly type: 'figureTyped'; readonly code: string; readonly text: string }
  | { readonly type: 'narrativeTyped'; readonly patch: NarrativePatch }
  | { readonly type: 'explanationTyped'; readonly code: string; readonly text: string }
  | { readonly type: 'correctionReasonTyped'; readonly text: string }
  | { readonly type: 'returnReasonTyped'; readonly text: string }
  /** The device's copy thrown away: the server's form again. */
  | { readonly type: 'localDiscarded'; readonly baseline: FormState }
  | { readonly type: 'correctionStarted' }
  | { readonly type: 'correctionCancelled'; readonly baseline: FormState }
  | { readonly type: 'returnStarted' }
  | { readonly type: 'returnCancelled' }
  | { readonly type: 'historyExtended' }
  /** "Xác nhận trả lại" with no reason: said on the field only. */
  | { readonly type: 'returnReasonMissing'; readonly message: string }
  /** The server refused the return's reason: on the field and in the notice. */
  | { readonly type: 'returnRefused'; readonly message: string }
  | { readonly type: 'sending' }
  | { readonly type: 'reloading' }
  | { readonly type: 'settled' }
  /** A write went through: the form is the report the server answered with. */
  | { readonly type: 'accepted'; readonly form: FormState; readonly text: string }
  | { readonly type: 'conflicted'; readonly message: string }
  /**
   * The server refused fields, all of them at once, in its order: the unusual figures to
   * explain (`kind: 'outlier'`; with the explanations already on file for them, by indicator
   * code) and the other fields' messages; and the notice.
   */
  | {
    readonly type: 'refused';
    readonly fields: readonly FieldRefusal[];
    readonly explained: Readonly<Record<string, string>>;
    readonly text: string;
  }
  /** Anything else went wrong (the network, a bug): said in the notice. */
  | { readonly type: 'failed'; readonly text: string }
  /** After a conflict the report was fetched again: the form waits for 'loaded' to weigh the device's copy against it. */
  | { readonly type: 'reloaded' };

export function sameForm(a: FormState, b: FormState): boolean {
  return a.consolidated === b.consolidated && a.highlights === b.highlights && a.difficulties === b.difficulties && a.proposals === b.proposals
    && Object.keys({ ...a.values, ...b.values }).every((k) => (a.values[k] ?? '') === (b.values[k] ?? ''));
}

/** A refusal's fields split into the figures the server finds unusual (by indicator code) and the rest. */
export function splitRefusal(fields: readonly FieldRefusal[]): { unusual: { code: string; message: string }[]; others: FieldRefusal[] } {
  const unusual: { code: string; message: string }[] = [];
  const others: FieldRefusal[] = [];
  for (const f of fields) {
    if (f.kind === 'outlier' && f.field.startsWith('values.')) unusual.push({ code: f.field.slice('values.'.length), message: f.message });
    else others.push(f);
  }
  return { unusual, others };
}

const without = (record: Readonly<Record<string, string>>, key: string): Readonly<Record<string, string>> =>
  Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));

/** The field's message goes once it is edited (the others stay until the next send). */
const clearError = (errors: Readonly<Record<string, string>>, field: string) => (errors[field] ? without(errors, field) : errors);

export function reportFormReducer(state: ReportFormState, action: ReportFormAction): ReportFormState {
  switch (action.type) {
    case 'loaded': {
      const { baseline, canWrite, canCorrect } = action;
      const local = canWrite || canCorrect ? action.local : null;
      if (!local || sameForm(local, baseline)) return { ...state, form: baseline };
      return {
        ...state,
        form: { values: { ...baseline.values, ...local.values }, consolidated: local.consolidated, highlights: local.highlights, difficulties: local.difficulties, proposals: local.proposals },
        restoredAt: local.savedAt,
        // Typing kept for an approved report was a correction under way.
        correcting: !canWrite && canCorrect ? true : state.correcting,
      };
    }
    case 'figureTyped':
      if (!state.form) return state;
      return { ...state, form: { ...state.form, values: { ...state.form.values, [action.code]: action.text } }, errors: clearError(state.errors, `values.${action.code}`) };
    case 'narrativeTyped':
      return state.form ? { ...state, form: { ...state.form, ...action.patch } } : state;
    case 'explanationTyped':
      return { ...state, explanations: { ...state.explanations, [action.code]: action.text }, errors: clearError(state.errors, `explanations.${action.code}`) };
    case 'correctionReasonTyped':
      return { ...state, correctionReason: action.text, errors: clearError(state.errors, 'reason') };
    case 'returnReasonTyped':
      return { ...state, returnReason: action.text, errors: clearError(state.errors, 'returnReason') };
    case 'localDiscarded':
      return { ...state, form: action.baseline, restoredAt: null };
    case 'correctionStarted':
      return { ...state, correcting: true, notice: null };
    case 'correctionCancelled':
      return { ...state, correcting: false, form: action.baseline, correctionReason: '', outliers: {}, errors: {}, summary: [], notice: null };
    case 'returnStarted':
      return { ...state, returning: true };
    case 'returnCancelled':
      return { ...state, returning: false, errors: clearError(state.errors, 'returnReason') };
    case 'historyExtended':
      return { ...state, historyShown: state.historyShown + HISTORY_PAGE };
    case 'returnReasonMissing':
      return { ...state, errors: { ...state.errors, returnReason: action.message } };
    case 'returnRefused':
      return { ...state, errors: { ...state.errors, returnReason: action.message }, notice: { kind: 'error', text: action.message } };
    case 'sending':
      return { ...state, busy: true, notice: null, summary: [] };
    case 'reloading':
      return { ...state, busy: true };
    case 'settled':
      return { ...state, busy: false };
    case 'accepted':
      // Everything starts again but the request still settling and how much history is open.
      return { ...initialReportForm, busy: state.busy, historyShown: state.historyShown, form: action.form, notice: { kind: 'ok', text: action.text } };
    case 'conflicted':
      return { ...state, conflict: action.message, notice: null };
    case 'refused': {
      const { fields, explained } = action;
      const { unusual, others } = splitRefusal(fields);
      const errors = Object.fromEntries(others.map((f) => [f.field, f.message]));
      const notice: Notice = { kind: 'error', text: action.text };
      // Without unusual figures the ones asked about before stay asked about.
      if (unusual.length === 0) return { ...state, errors, summary: fields, notice };
      return {
        ...state,
        errors,
        summary: fields,
        notice,
        outliers: Object.fromEntries(unusual.map((u) => [u.code, u.message])),
        // An explanation already given for the same indicator is offered again.
        explanations: Object.fromEntries(unusual.map(({ code }) => [code, state.explanations[code] ?? explained[code] ?? ''])),
      };
    }
    case 'failed':
      return { ...state, notice: { kind: 'error', text: action.text } };
    case 'reloaded':
      return { ...state, form: null, conflict: null, notice: null, errors: {}, summary: [], outliers: {}, returning: false };
  }
}
