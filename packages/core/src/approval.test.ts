import { describe, expect, it } from 'vitest';
import {
  allowedActions,
  approvalActorOf,
  canApproveMany,
  checkVersion,
  countsInRollup,
  isLocked,
  isReportState,
  MAX_REASON_LENGTH,
  REPORT_ACTION_LABELS,
  REPORT_ACTIONS,
  REPORT_STATE_LABELS,
  REPORT_STATES,
  reportStateOf,
  transition,
  type ApprovalActor,
  type ReportAction,
  type ReportState,
} from './approval.ts';
import { DomainError, VersionConflictError } from './errors.ts';

const ACTORS = {
  unit: { actorIsUnit: true, actorIsParentManager: false },
  parent: { actorIsUnit: false, actorIsParentManager: true },
  // One account of both, e.g. at the root: it acts as the unit and may not review itself.
  both: { actorIsUnit: true, actorIsParentManager: true },
  neither: { actorIsUnit: false, actorIsParentManager: false },
} as const satisfies Record<string, ApprovalActor>;
type ActorName = keyof typeof ACTORS;

// F = forbidden (who acts), C = conflict (the state); otherwise the next state.
// Reason and viewing are supplied here; they have their own tests below.
const F = 'forbidden';
const C = 'conflict';
type Outcome = ReportState | typeof F | typeof C;
//                                save_draft   submit       approve     return      correct
const TABLE: Record<ActorName, Record<ReportState, readonly [Outcome, Outcome, Outcome, Outcome, Outcome]>> = {
  unit: {
    draft: /*     */ ['draft', 'submitted', F, F, C],
    submitted: /* */ ['submitted', 'submitted', F, F, C],
    approved: /*  */ [C, C, F, F, 'submitted'],
    returned: /*  */ ['returned', 'submitted', F, F, C],
  },
  parent: {
    draft: /*     */ [F, F, C, C, F],
    submitted: /* */ [F, F, 'approved', 'returned', F],
    approved: /*  */ [F, F, C, C, F],
    returned: /*  */ [F, F, C, C, F],
  },
  both: {
    draft: /*     */ ['draft', 'submitted', F, F, C],
    submitted: /* */ ['submitted', 'submitted', F, F, C],
    approved: /*  */ [C, C, F, F, 'submitted'],
    returned: /*  */ ['returned', 'submitted', F, F, C],
  },
  neither: {
    draft: /*     */ [F, F, F, F, F],
    submitted: /* */ [F, F, F, F, F],
    approved: /*  */ [F, F, F, F, F],
    returned: /*  */ [F, F, F, F, F],
  },
};

const CASES = (Object.keys(ACTORS) as ActorName[]).flatMap((actor) =>
  REPORT_STATES.flatMap((state) =>
    REPORT_ACTIONS.map((action, i) => [actor, state, action, TABLE[actor][state][i] as Outcome] as const),
  ),
);

function thrown(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('transition: every (actor, state, action)', () => {
  it('covers 4 actors × 4 states × 5 actions', () => {
    expect(CASES).toHaveLength(80);
  });

  it.each(CASES)('%s: %s + %s → %s', (actor, state, action, expected) => {
    const ctx = { ...ACTORS[actor], reason: 'Sai số liệu tuần 3', viewed: true };
    if (expected === F || expected === C) {
      const error = thrown(() => transition(state, action, ctx));
      expect(error.code).toBe(expected);
      expect(error.details).toMatchObject({ state, action });
      // Both languages, and not the same text.
      expect(error.message).toMatch(/[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i);
      expect(String(error.details.messageEn)).toMatch(/^[\x20-\x7e]+$/);
    } else {
      expect(transition(state, action, ctx)).toBe(expected);
    }
  });
});

describe('transition: messages', () => {
  it.each([
    [
      'draft', 'approve', ACTORS.parent,
      'conflict', 'Báo cáo chưa được gửi nên chưa thể duyệt.', 'The report has not been submitted, so it cannot be approved.',
    ],
    [
      'submitted', 'approve', ACTORS.unit,
      'forbidden', 'Đơn vị không được tự duyệt báo cáo của mình; báo cáo do cấp trên trực tiếp xem xét.',
      'A unit cannot approve its own report; its parent unit reviews it.',
    ],
    [
      'submitted', 'approve', ACTORS.both,
      'forbidden', 'Đơn vị không được tự duyệt báo cáo của mình; báo cáo do cấp trên trực tiếp xem xét.',
      'A unit cannot approve its own report; its parent unit reviews it.',
    ],
    [
      'submitted', 'return', ACTORS.neither,
      'forbidden', 'Chỉ cán bộ quản lý của đơn vị cấp trên trực tiếp mới được trả lại báo cáo.',
      'Only a manager of the parent unit can return the report.',
    ],
    [
      'approved', 'save_draft', ACTORS.unit,
      'conflict', 'Báo cáo đã được duyệt và bị khóa; muốn sửa số liệu, hãy đính chính kèm lý do.',
      'The report is approved and locked; to change its figures, correct it and give a reason.',
    ],
    [
      'submitted', 'submit', ACTORS.parent,
      'forbidden', 'Chỉ đơn vị lập báo cáo mới được gửi báo cáo; cấp trên có thể trả lại để đơn vị sửa.',
      'Only the reporting unit can submit the report; the parent unit can return it for the unit to fix.',
    ],
    [
      'returned', 'approve', ACTORS.parent,
      'conflict', 'Báo cáo đã bị trả lại; chờ đơn vị sửa và gửi lại rồi mới duyệt.',
      'The report was returned; wait for the unit to fix and resubmit it before approving.',
    ],
    [
      'submitted', 'correct', ACTORS.unit,
      'conflict', 'Chỉ đính chính báo cáo đã được duyệt; báo cáo này chưa duyệt, hãy gửi lại báo cáo.',
      'Only an approved report is corrected; this one is not approved yet, so submit it again.',
    ],
  ] as const)('%s + %s by %o', (state, action, actor, code, message, messageEn) => {
    const error = thrown(() => transition(state, action, { ...actor, reason: 'x', viewed: true }));
    expect(error).toMatchObject({ code, message, details: { messageEn, state, action } });
  });
});

describe('transition: reasons', () => {
  it.each([
    ['submitted', 'return', ACTORS.parent, undefined, 'Cần ghi lý do trả lại báo cáo.', 'A reason is required for returning a report.'],
    ['submitted', 'return', ACTORS.parent, null, 'Cần ghi lý do trả lại báo cáo.', 'A reason is required for returning a report.'],
    ['submitted', 'return', ACTORS.parent, '   ', 'Cần ghi lý do trả lại báo cáo.', 'A reason is required for returning a report.'],
    [
      'approved', 'correct', ACTORS.unit, '',
      'Cần ghi lý do đính chính báo cáo đã duyệt.', 'A reason is required for correcting an approved report.',
    ],
    [
      'approved', 'correct', ACTORS.unit, 'x'.repeat(MAX_REASON_LENGTH + 1),
      'Lý do quá dài (tối đa 1000 ký tự).', 'The reason is too long (at most 1000 characters).',
    ],
  ] as const)('%s + %s with reason %j is refused', (state, action, actor, reason, message, messageEn) => {
    const error = thrown(() => transition(state, action, { ...actor, reason, viewed: true }));
    expect(error).toMatchObject({ code: 'validation', message, details: { field: 'reason', messageEn, state, action } });
  });

  it.each([
    ['submitted', 'return', ACTORS.parent, 'Thiếu số liệu đội hình', 'returned'],
    ['approved', 'correct', ACTORS.unit, '  Nhập nhầm tuần 3  ', 'submitted'],
    ['approved', 'correct', ACTORS.unit, 'x'.repeat(MAX_REASON_LENGTH), 'submitted'],
  ] as const)('%s + %s with a reason → %s', (state, action, actor, reason, expected) => {
    expect(transition(state, action, { ...actor, reason })).toBe(expected);
  });

  it('needs no reason to save, submit or approve', () => {
    expect(transition('draft', 'save_draft', ACTORS.unit)).toBe('draft');
    expect(transition('returned', 'submit', ACTORS.unit)).toBe('submitted');
    expect(transition('submitted', 'approve', { ...ACTORS.parent, viewed: true })).toBe('approved');
  });

  it('checks the state before the reason', () => {
    expect(thrown(() => transition('draft', 'return', ACTORS.parent)).code).toBe('conflict');
  });
});

describe('transition: viewing before approving', () => {
  it.each([[undefined], [false]])('refuses to approve when viewed is %s', (viewed) => {
    const error = thrown(() => transition('submitted', 'approve', { ...ACTORS.parent, viewed }));
    expect(error).toMatchObject({
      code: 'conflict',
      message: 'Cần mở xem báo cáo của đơn vị trước khi duyệt.',
      details: { messageEn: "Open and view the unit's report before approving it." },
    });
  });

  it('does not need viewing to return', () => {
    expect(transition('submitted', 'return', { ...ACTORS.parent, reason: 'Thiếu số liệu', viewed: false })).toBe('returned');
  });
});

describe('a whole round', () => {
  it('draft → submitted → returned → submitted → approved → corrected → approved', () => {
    const steps: [ReportAction, ApprovalActor & { reason?: string; viewed?: boolean }, ReportState][] = [
      ['save_draft', ACTORS.unit, 'draft'],
      ['submit', ACTORS.unit, 'submitted'],
      ['return', { ...ACTORS.parent, reason: 'Số đội hình lớn hơn số tình nguyện viên' }, 'returned'],
      ['save_draft', ACTORS.unit, 'returned'],
      ['submit', ACTORS.unit, 'submitted'],
      ['approve', { ...ACTORS.parent, viewed: true }, 'approved'],
      ['correct', { ...ACTORS.unit, reason: 'Bổ sung số liệu huyện A' }, 'submitted'],
      ['approve', { ...ACTORS.parent, viewed: true }, 'approved'],
    ];
    let state: ReportState = 'draft';
    const seen: ReportState[] = [];
    for (const [action, ctx, expected] of steps) {
      state = transition(state, action, ctx);
      expect(state).toBe(expected);
      seen.push(state);
    }
    expect(seen.map(countsInRollup)).toEqual([false, true, true, true, true, true, true, true]);
  });
});

describe('allowedActions', () => {
  it.each([
    ['draft', ACTORS.unit, ['save_draft', 'submit']],
    ['submitted', ACTORS.unit, ['save_draft', 'submit']],
    ['approved', ACTORS.unit, ['correct']],
    ['returned', ACTORS.unit, ['save_draft', 'submit']],
    ['draft', ACTORS.parent, []],
    ['submitted', ACTORS.parent, ['approve', 'return']],
    ['approved', ACTORS.parent, []],
    ['returned', ACTORS.parent, []],
    ['submitted', ACTORS.both, ['save_draft', 'submit']],
    ['submitted', ACTORS.neither, []],
  ] as const)('%s for %o: %j', (state, who, expected) => {
    expect(allowedActions(state, who)).toEqual(expected);
  });

  it.each(CASES)('agrees with transition: %s, %s, %s', (actor, state, action, expected) => {
    const allowed = allowedActions(state, ACTORS[actor]).includes(action);
    expect(allowed).toBe(expected !== F && expected !== C);
  });
});

describe('canApproveMany', () => {
  it('answers per row, in the order given', () => {
    const result = canApproveMany([
      { unitCode: '01', state: 'submitted', viewedByApprover: true },
      { unitCode: '02', state: 'draft', viewedByApprover: false },
      { unitCode: '79', state: 'submitted', viewedByApprover: false },
      { unitCode: '48', state: 'approved', viewedByApprover: true },
      { unitCode: '31', state: 'returned', viewedByApprover: true },
      { unitCode: '92', state: 'submitted', viewedByApprover: true },
      { unitCode: '01', state: 'submitted', viewedByApprover: true },
    ]);
    expect(result).toEqual({
      approvable: ['01', '92'],
      refused: [
        { unitCode: '02', state: 'draft', code: 'conflict', message: 'Báo cáo chưa được gửi nên chưa thể duyệt.',
          messageEn: 'The report has not been submitted, so it cannot be approved.' },
        { unitCode: '79', state: 'submitted', code: 'conflict', message: 'Cần mở xem báo cáo của đơn vị trước khi duyệt.',
          messageEn: "Open and view the unit's report before approving it." },
        { unitCode: '48', state: 'approved', code: 'conflict', message: 'Báo cáo đã được duyệt.', messageEn: 'The report is already approved.' },
        { unitCode: '31', state: 'returned', code: 'conflict', message: 'Báo cáo đã bị trả lại; chờ đơn vị sửa và gửi lại rồi mới duyệt.',
          messageEn: 'The report was returned; wait for the unit to fix and resubmit it before approving.' },
        { unitCode: '01', state: 'submitted', code: 'conflict', message: 'Đơn vị 01 có hai dòng trong danh sách duyệt.',
          messageEn: 'Unit 01 is listed twice in the approval list.' },
      ],
    });
    expect(Object.isFrozen(result)).toBe(true);
    expect(Object.isFrozen(result.approvable)).toBe(true);
    expect(Object.isFrozen(result.refused[0])).toBe(true);
  });

  it('answers an empty selection with nothing', () => {
    expect(canApproveMany([])).toEqual({ approvable: [], refused: [] });
  });
});

describe('states', () => {
  it.each([
    ['draft', false, false, 'đang soạn', 'draft'],
    ['submitted', true, false, 'đã gửi', 'submitted'],
    ['approved', true, true, 'đã duyệt', 'approved'],
    ['returned', true, false, 'bị trả lại', 'returned'],
  ] as const)('%s: counts %s, locked %s, "%s"', (state, counts, locked, vi, en) => {
    expect(countsInRollup(state)).toBe(counts);
    expect(isLocked(state)).toBe(locked);
    expect(REPORT_STATE_LABELS[state]).toEqual({ vi, en });
    expect(isReportState(state)).toBe(true);
  });

  it.each([['missing'], ['Draft'], [''], [null], [1]])('isReportState(%j) is false', (value) => {
    expect(isReportState(value)).toBe(false);
  });

  it('labels every action and freezes the labels', () => {
    expect(Object.keys(REPORT_ACTION_LABELS)).toEqual([...REPORT_ACTIONS]);
    expect(REPORT_ACTION_LABELS.return).toEqual({ vi: 'Trả lại', en: 'Return' });
    expect(Object.isFrozen(REPORT_STATE_LABELS)).toBe(true);
    expect(Object.isFrozen(REPORT_STATE_LABELS.draft)).toBe(true);
    expect(Object.isFrozen(REPORT_ACTION_LABELS)).toBe(true);
  });
});

describe('approvalActorOf', () => {
  // Unit 5 reports to unit 2; unit 1 is the root.
  const unit = { id: 5, parentId: 2 };
  it.each([
    ['the system writing', null, unit, 'submit', ACTORS.unit],
    ['the system reviewing', null, unit, 'approve', ACTORS.parent],
    ['the system returning', null, unit, 'return', ACTORS.parent],
    ["an account of the unit", { unitId: 5, role: 'reporter' }, unit, 'submit', ACTORS.unit],
    ['a manager of the parent', { unitId: 2, role: 'manager' }, unit, 'approve', ACTORS.parent],
    ['steering staff of the parent', { unitId: 2, role: 'steering' }, unit, 'approve', ACTORS.parent],
    ['an admin of the parent', { unitId: 2, role: 'admin' }, unit, 'approve', ACTORS.parent],
    ['a reporter of the parent', { unitId: 2, role: 'reporter' }, unit, 'approve', ACTORS.neither],
    ['a viewer of the parent', { unitId: 2, role: 'viewer' }, unit, 'approve', ACTORS.neither],
    ['a manager of the grandparent', { unitId: 1, role: 'manager' }, unit, 'approve', ACTORS.neither],
    ['a manager of the root, on the root', { unitId: 1, role: 'manager' }, { id: 1, parentId: null }, 'approve', ACTORS.unit],
  ] as const)('%s', (_, actor, of, action, expected) => {
    expect(approvalActorOf(actor, of, action)).toEqual(expected);
  });
});

describe('reportStateOf', () => {
  it.each([
    [undefined, 'draft'],
    [null, 'draft'],
    [{ status: 'returned' as const }, 'returned'],
  ])('%j → %s', (report, expected) => {
    expect(reportStateOf(report)).toBe(expected);
  });
});

describe('checkVersion', () => {
  it.each([
    [4, false, 3, 4],
    [4, false, 5, 4],
    [4, false, 4, null],
    [4, false, undefined, null],
    [1, true, 3, null],
  ])('stored %s (created: %s), loaded %s → conflict at %s', (stored, created, loaded, conflict) => {
    const error = checkVersion({ version: stored }, created, loaded);
    if (conflict === null) expect(error).toBeNull();
    else {
      expect(error).toBeInstanceOf(VersionConflictError);
      expect(error?.currentVersion).toBe(conflict);
    }
  });
});
