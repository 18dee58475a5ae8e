import { DomainError, ValidationError, VersionConflictError, type ErrorCode } from './errors.ts';

// The approval of a weekly report (issue 4). The unit writes and submits its own report;
// the managers of its parent unit approve it or return it with a reason.
//
//   draft ──submit──▶ submitted ──approve──▶ approved
//                      │   ▲   ▲                 │
//                return│   │   └────correct──────┘   (the unit, with a reason)
//                      ▼   │submit
//                     returned                        (the unit edits, then submits again)
//
// Decisions:
// - Figures count in the roll-up from submission on (`countsInRollup`). Approving or
//   returning never moves a number: a return asks the unit to fix its figures, and until
//   it resubmits the figures it submitted keep counting, so totals do not dip and jump.
// - Saving a draft never changes what counts. Over a submitted or returned report it is a
//   pending edit kept beside the submitted figures (as the server already stores it), and
//   the state stays: a returned report stays 'returned', with its reason shown, until the
//   unit submits again. Only a report never submitted is in 'draft'; a report that does
//   not exist yet is treated as 'draft'.
// - A submitted report may be submitted again before it is reviewed: the new figures
//   replace the old ones and it waits for approval as before.
// - Approved reports are locked: no draft, no submit. The unit changes one with 'correct',
//   which needs a reason, counts at once in the roll-up (the corrected figure replaces the
//   approved one; the server keeps the history) and sends the report back to 'submitted'
//   for re-approval. The parent cannot reopen an approved report itself: an approval may
//   already stand in the parent's own report, so a change must come from the unit, with
//   its reason on record.
// - Only a manager of the parent unit approves or returns, and never the unit itself, even
//   when one account is both (a unit at the root has nobody above it to approve).
// - Approving needs `viewed`: the approver opened the report as it now stands, so the
//   caller must clear it whenever the unit submits or corrects again.

/**
 * The states of a report, in the order the UI lists them.
 *
 * @example
 * REPORT_STATES.includes('returned'); // true
 */
export const REPORT_STATES = ['draft', 'submitted', 'approved', 'returned'] as const;

/**
 * One of `REPORT_STATES`.
 *
 * @example
 * const state: ReportState = 'submitted';
 */
export type ReportState = (typeof REPORT_STATES)[number];

/**
 * The words shown for each state.
 *
 * @example
 * REPORT_STATE_LABELS.returned.vi; // 'bị trả lại'
 */
export const REPORT_STATE_LABELS: Readonly<Record<ReportState, { readonly vi: string; readonly en: string }>> = Object.freeze({
  draft: Object.freeze({ vi: 'đang soạn', en: 'draft' }),
  submitted: Object.freeze({ vi: 'đã gửi', en: 'submitted' }),
  approved: Object.freeze({ vi: 'đã duyệt', en: 'approved' }),
  returned: Object.freeze({ vi: 'bị trả lại', en: 'returned' }),
});

/**
 * What can be done to a report; `correct` is a change after approval.
 *
 * @example
 * REPORT_ACTIONS.includes('correct'); // true
 */
export const REPORT_ACTIONS = ['save_draft', 'submit', 'approve', 'return', 'correct'] as const;

/**
 * One of `REPORT_ACTIONS`.
 *
 * @example
 * const action: ReportAction = 'approve';
 */
export type ReportAction = (typeof REPORT_ACTIONS)[number];

/**
 * The words on the button of each action.
 *
 * @example
 * REPORT_ACTION_LABELS.correct.vi; // 'Đính chính'
 */
export const REPORT_ACTION_LABELS: Readonly<Record<ReportAction, { readonly vi: string; readonly en: string }>> = Object.freeze({
  save_draft: Object.freeze({ vi: 'Lưu nháp', en: 'Save draft' }),
  submit: Object.freeze({ vi: 'Gửi báo cáo', en: 'Submit' }),
  approve: Object.freeze({ vi: 'Duyệt', en: 'Approve' }),
  return: Object.freeze({ vi: 'Trả lại', en: 'Return' }),
  correct: Object.freeze({ vi: 'Đính chính', en: 'Correct' }),
});

/**
 * A reason (return, correction) is a short note, not a report.
 *
 * @example
 * 'Sai số liệu tuần 3'.length <= MAX_REASON_LENGTH; // true
 */
export const MAX_REASON_LENGTH = 1000;

/**
 * Who is acting on a report: an account of the reporting unit, a manager of its parent
 * unit, both or neither. The caller decides these from the account and the unit tree.
 *
 * @example
 * const approver: ApprovalActor = { actorIsUnit: false, actorIsParentManager: true };
 */
export interface ApprovalActor {
  readonly actorIsUnit: boolean;
  readonly actorIsParentManager: boolean;
}

/**
 * The account roles that review their children's reports. A reporter or a viewer of the
 * parent unit does not approve.
 *
 * @example
 * REVIEWER_ROLES.has('manager'); // true
 */
export const REVIEWER_ROLES: ReadonlySet<string> = new Set(['admin', 'steering', 'manager']);

/**
 * Who `actor` is to the report of `unit`: an account of the unit itself, or a reviewer
 * (`REVIEWER_ROLES`) of its parent. The system (null: CLI, imports, demo loader) acts for
 * the unit when it writes and for the parent when it reviews.
 *
 * @example
 * approvalActorOf({ unitId: 2, role: 'manager' }, { id: 5, parentId: 2 }, 'approve'); // { actorIsUnit: false, actorIsParentManager: true }
 */
export function approvalActorOf(
  actor: { readonly unitId: number; readonly role: string } | null,
  unit: { readonly id: number; readonly parentId: number | null },
  action: ReportAction,
): ApprovalActor {
  if (!actor) {
    const review = action === 'approve' || action === 'return';
    return { actorIsUnit: !review, actorIsParentManager: review };
  }
  return {
    actorIsUnit: actor.unitId === unit.id,
    actorIsParentManager: unit.parentId !== null && actor.unitId === unit.parentId && REVIEWER_ROLES.has(actor.role),
  };
}

/**
 * The state a stored report is in; a report not yet created is a draft.
 *
 * @example
 * reportStateOf(undefined); // 'draft'
 */
export function reportStateOf(report: { readonly status: ReportState } | null | undefined): ReportState {
  return report?.status ?? 'draft';
}

/**
 * A change of a report made against the version the user loaded: the conflict when the
 * stored report is newer, else null. No version given, or a report just created, always
 * passes.
 *
 * @example
 * checkVersion({ version: 4 }, false, 3)?.currentVersion; // 4
 */
export function checkVersion(
  report: { readonly version: number },
  created: boolean,
  version: number | undefined,
): VersionConflictError | null {
  if (version === undefined || created || report.version === version) return null;
  return new VersionConflictError(report.version);
}

/**
 * What `transition` needs besides the state and the action: the actor, the reason of a
 * return or correction, and whether the approver has viewed the report as it now stands.
 *
 * @example
 * const ctx: TransitionContext = { actorIsUnit: false, actorIsParentManager: true, viewed: true };
 */
export interface TransitionContext extends ApprovalActor {
  readonly reason?: string | null | undefined;
  readonly viewed?: boolean | undefined;
}

/**
 * Whether a value read from storage is a report state.
 *
 * @example
 * isReportState('approved'); // true
 */
export function isReportState(value: unknown): value is ReportState {
  return typeof value === 'string' && (REPORT_STATES as readonly string[]).includes(value);
}

/**
 * Whether the report's submitted figures count in the roll-up: from submission on, whatever
 * the review says (approval does not move numbers).
 *
 * @example
 * countsInRollup('returned'); // true: the submitted figures count until the unit resubmits
 */
export function countsInRollup(state: ReportState): boolean {
  return state !== 'draft';
}

/**
 * Whether the report is locked: only a correction with a reason changes it.
 *
 * @example
 * isLocked('approved'); // true
 */
export function isLocked(state: ReportState): boolean {
  return state === 'approved';
}

const UNIT_ACTIONS: ReadonlySet<ReportAction> = new Set(['save_draft', 'submit', 'correct']);

const VERB: Readonly<Record<ReportAction, { vi: string; en: string }>> = {
  save_draft: { vi: 'lưu nháp', en: 'save a draft of' },
  submit: { vi: 'gửi', en: 'submit' },
  approve: { vi: 'duyệt', en: 'approve' },
  return: { vi: 'trả lại', en: 'return' },
  correct: { vi: 'đính chính', en: 'correct' },
};

type Refusal = { readonly code: ErrorCode; readonly vi: string; readonly en: string };

/** Who may take the action at all, whatever the state. */
function actorRefusal(action: ReportAction, who: ApprovalActor): Refusal | null {
  const verb = VERB[action];
  if (UNIT_ACTIONS.has(action)) {
    if (who.actorIsUnit) return null;
    return who.actorIsParentManager
      ? {
          code: 'forbidden',
          vi: `Chỉ đơn vị lập báo cáo mới được ${verb.vi} báo cáo; cấp trên có thể trả lại để đơn vị sửa.`,
          en: `Only the reporting unit can ${verb.en} the report; the parent unit can return it for the unit to fix.`,
        }
      : {
          code: 'forbidden',
          vi: `Chỉ đơn vị lập báo cáo mới được ${verb.vi} báo cáo.`,
          en: `Only the reporting unit can ${verb.en} the report.`,
        };
  }
  if (who.actorIsUnit) {
    return {
      code: 'forbidden',
      vi: `Đơn vị không được tự ${verb.vi} báo cáo của mình; báo cáo do cấp trên trực tiếp xem xét.`,
      en: `A unit cannot ${verb.en} its own report; its parent unit reviews it.`,
    };
  }
  if (!who.actorIsParentManager) {
    return {
      code: 'forbidden',
      vi: `Chỉ cán bộ quản lý của đơn vị cấp trên trực tiếp mới được ${verb.vi} báo cáo.`,
      en: `Only a manager of the parent unit can ${verb.en} the report.`,
    };
  }
  return null;
}

const LOCKED: Refusal = {
  code: 'conflict',
  vi: 'Báo cáo đã được duyệt và bị khóa; muốn sửa số liệu, hãy đính chính kèm lý do.',
  en: 'The report is approved and locked; to change its figures, correct it and give a reason.',
};

/** The next state of every allowed (state, action), or why the state forbids it. */
const MOVES: Readonly<Record<ReportState, Readonly<Record<ReportAction, ReportState | Refusal>>>> = {
  draft: {
    save_draft: 'draft',
    submit: 'submitted',
    approve: { code: 'conflict', vi: 'Báo cáo chưa được gửi nên chưa thể duyệt.', en: 'The report has not been submitted, so it cannot be approved.' },
    return: { code: 'conflict', vi: 'Báo cáo chưa được gửi nên chưa thể trả lại.', en: 'The report has not been submitted, so it cannot be returned.' },
    correct: {
      code: 'conflict',
      vi: 'Chỉ đính chính báo cáo đã được duyệt; báo cáo này chưa gửi, hãy gửi báo cáo.',
      en: 'Only an approved report is corrected; this one has not been submitted, so submit it.',
    },
  },
  submitted: {
    save_draft: 'submitted',
    submit: 'submitted',
    approve: 'approved',
    return: 'returned',
    correct: {
      code: 'conflict',
      vi: 'Chỉ đính chính báo cáo đã được duyệt; báo cáo này chưa duyệt, hãy gửi lại báo cáo.',
      en: 'Only an approved report is corrected; this one is not approved yet, so submit it again.',
    },
  },
  approved: {
    save_draft: LOCKED,
    submit: LOCKED,
    approve: { code: 'conflict', vi: 'Báo cáo đã được duyệt.', en: 'The report is already approved.' },
    return: {
      code: 'conflict',
      vi: 'Báo cáo đã được duyệt và bị khóa, không thể trả lại; đơn vị có thể đính chính kèm lý do.',
      en: 'The report is approved and locked and cannot be returned; the unit can correct it with a reason.',
    },
    correct: 'submitted',
  },
  returned: {
    save_draft: 'returned',
    submit: 'submitted',
    approve: {
      code: 'conflict',
      vi: 'Báo cáo đã bị trả lại; chờ đơn vị sửa và gửi lại rồi mới duyệt.',
      en: 'The report was returned; wait for the unit to fix and resubmit it before approving.',
    },
    return: { code: 'conflict', vi: 'Báo cáo đã bị trả lại.', en: 'The report has already been returned.' },
    correct: {
      code: 'conflict',
      vi: 'Chỉ đính chính báo cáo đã được duyệt; báo cáo này bị trả lại, hãy sửa và gửi lại.',
      en: 'Only an approved report is corrected; this one was returned, so fix it and submit it again.',
    },
  },
};

function refuse(refusal: Refusal, state: ReportState, action: ReportAction): DomainError {
  return new DomainError(refusal.code, refusal.vi, { messageEn: refusal.en, state, action });
}

function checkReason(action: ReportAction, state: ReportState, reason: string | null | undefined): void {
  const text = (reason ?? '').trim();
  const what = action === 'return' ? { vi: 'trả lại báo cáo', en: 'returning a report' } : { vi: 'đính chính báo cáo đã duyệt', en: 'correcting an approved report' };
  if (!text) {
    throw new ValidationError('reason', `Cần ghi lý do ${what.vi}.`, `A reason is required for ${what.en}.`, { state, action });
  }
  if (text.length > MAX_REASON_LENGTH) {
    throw new ValidationError(
      'reason',
      `Lý do quá dài (tối đa ${MAX_REASON_LENGTH} ký tự).`,
      `The reason is too long (at most ${MAX_REASON_LENGTH} characters).`,
      { state, action, length: text.length },
    );
  }
}

/**
 * The state a report moves to when `action` is taken on it. Checks, in this order: who
 * acts (`forbidden`), the state (`conflict`), the reason of a return or correction
 * (`ValidationError` on field `reason`), and for an approval that the report was viewed
 * (`conflict`). Every refusal is a `DomainError` with a Vietnamese message, `messageEn`,
 * `state` and `action`.
 *
 * @example
 * transition('submitted', 'approve', { actorIsUnit: false, actorIsParentManager: true, viewed: true }); // 'approved'
 */
export function transition(state: ReportState, action: ReportAction, ctx: TransitionContext): ReportState {
  const byActor = actorRefusal(action, ctx);
  if (byActor) throw refuse(byActor, state, action);
  const move = MOVES[state][action];
  if (typeof move !== 'string') throw refuse(move, state, action);
  if (action === 'return' || action === 'correct') checkReason(action, state, ctx.reason);
  if (action === 'approve' && ctx.viewed !== true) {
    throw refuse(
      { code: 'conflict', vi: 'Cần mở xem báo cáo của đơn vị trước khi duyệt.', en: "Open and view the unit's report before approving it." },
      state,
      action,
    );
  }
  return move;
}

/**
 * The actions `who` may take on a report in `state`, for the buttons the UI shows. The
 * reason and the viewing are not looked at: the UI asks for the reason when the button is
 * pressed, and shows 'approve' beside the opened report.
 *
 * @example
 * allowedActions('submitted', { actorIsUnit: false, actorIsParentManager: true }); // ['approve', 'return']
 */
export function allowedActions(state: ReportState, who: ApprovalActor): ReportAction[] {
  return REPORT_ACTIONS.filter((action) => actorRefusal(action, who) === null && typeof MOVES[state][action] === 'string');
}

/**
 * One child's report in an "approve several at once" selection.
 *
 * @example
 * const row: ApproveManyRow = { unitCode: '01', state: 'submitted', viewedByApprover: true };
 */
export interface ApproveManyRow {
  readonly unitCode: string;
  readonly state: ReportState;
  readonly viewedByApprover: boolean;
}

/**
 * A row that cannot be approved, and why (Vietnamese `message`, English `messageEn`).
 *
 * @example
 * const r: ApproveManyRefusal = { unitCode: '02', state: 'draft', code: 'conflict',
 *   message: 'Báo cáo chưa được gửi nên chưa thể duyệt.', messageEn: 'The report has not been submitted, so it cannot be approved.' };
 */
export interface ApproveManyRefusal {
  readonly unitCode: string;
  readonly state: ReportState;
  readonly code: ErrorCode;
  readonly message: string;
  readonly messageEn: string;
}

/**
 * The answer to an "approve several at once": the units whose reports can be approved, in
 * the order given, and the others with the reason.
 *
 * @example
 * const a: ApproveManyCheck = { approvable: ['01'], refused: [] };
 */
export interface ApproveManyCheck {
  readonly approvable: readonly string[];
  readonly refused: readonly ApproveManyRefusal[];
}

/**
 * Sorts a selection of children's reports into those the parent's manager can approve at
 * once and those it cannot, with the reason per row (STYLE.md: bulk operations answer per
 * row). The caller has already checked that the actor manages the parent of every unit; a
 * unit listed twice is refused the second time. Nothing is approved here: the service
 * approves `approvable`, or nothing if it wants all or none.
 *
 * @example
 * canApproveMany([{ unitCode: '01', state: 'submitted', viewedByApprover: true },
 *   { unitCode: '02', state: 'draft', viewedByApprover: false }]).approvable; // ['01']
 */
export function canApproveMany(reports: readonly ApproveManyRow[]): ApproveManyCheck {
  const approvable: string[] = [];
  const refused: ApproveManyRefusal[] = [];
  const seen = new Set<string>();
  for (const row of reports) {
    const { unitCode, state } = row;
    if (seen.has(unitCode)) {
      refused.push(
        Object.freeze({
          unitCode,
          state,
          code: 'conflict' as const,
          message: `Đơn vị ${unitCode} có hai dòng trong danh sách duyệt.`,
          messageEn: `Unit ${unitCode} is listed twice in the approval list.`,
        }),
      );
      continue;
    }
    seen.add(unitCode);
    try {
      transition(state, 'approve', { actorIsUnit: false, actorIsParentManager: true, viewed: row.viewedByApprover });
      approvable.push(unitCode);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      refused.push(
        Object.freeze({ unitCode, state, code: error.code, message: error.message, messageEn: error.messageEn }),
      );
    }
  }
  return Object.freeze({ approvable: Object.freeze(approvable), refused: Object.freeze(refused) });
}
