import { describe, expect, it } from 'vitest';
import { FieldProblemsError, VersionConflictError } from './errors.ts';
import type { ReportInput } from './report-input.ts';
import {
  leavesUnchanged,
  planSubmission,
  scaledPeerFigures,
  type EnteredFigures,
  type SiblingFigures,
  type StoredReport,
  type SubmissionActor,
  type SubmissionCampaign,
  type SubmissionInput,
  type SubmissionPlan,
  type SubmissionWrite,
  type UnitFigures,
} from './submission.ts';

// The campaign's root is 1; the unit 10 sits below 9, 8 and 7 (7 is a child of the root).
const STREETS = { id: 1, code: 'tuyen-pho', name: 'Tuyến phố văn minh', unitOfMeasure: 'tuyến', valueKind: 'integer', reportingMode: 'increment', upperBound: 50 } as const;
const KM = { id: 2, code: 'km-duong', name: 'Đường giao thông', unitOfMeasure: 'km', valueKind: 'decimal', reportingMode: 'increment', upperBound: null } as const;
const SKILLS = { id: 3, code: 'ky-nang-so', name: 'Kỹ năng số', unitOfMeasure: 'người', valueKind: 'integer', reportingMode: 'cumulative' } as const;
const VOLUNTEERS = { id: 4, code: 'tnv', name: 'Tình nguyện viên', unitOfMeasure: 'người', valueKind: 'integer', reportingMode: 'increment' } as const;
const TEAMS = { id: 5, code: 'doi-hinh', name: 'Đội hình', unitOfMeasure: 'đội', valueKind: 'integer', reportingMode: 'increment' } as const;

const CAMPAIGN: SubmissionCampaign = {
  id: 100, rootUnitId: 1, indicators: [STREETS, KM, SKILLS, VOLUNTEERS, TEAMS], crossRules: [{ left: 'tnv', op: '>=', right: 'doi-hinh' }],
};
const UNIT = { id: 10, parentId: 9, name: 'Đoàn phường Bến Nghé' };
const NOW = new Date('2023-06-09T03:00:00.000Z');
const PERIOD = '2023-W23';

const DRAFT: StoredReport = {
  status: 'draft', version: 1, consolidated: false, highlights: '', difficulties: '', proposals: '',
  firstSubmittedAt: null, reviewedAt: null, reviewedBy: null, correctionReason: null,
};
const APPROVED: StoredReport = {
  ...DRAFT, status: 'approved', version: 3, firstSubmittedAt: '2023-06-05T01:00:00.000Z', reviewedAt: '2023-06-06T02:00:00.000Z', reviewedBy: 2,
};

const UNIT_ACTOR: SubmissionActor = { userId: 7, role: 'reporter', unitId: 10, ip: '203.0.113.5' };
const PARENT_MANAGER: SubmissionActor = { userId: 8, role: 'manager', unitId: 9, ip: null };

const NO_SIBLINGS: SiblingFigures = { peers: new Map(), targets: new Map() };

function own(values: Record<number, number>, extra: Partial<UnitFigures> = {}, consolidated = false): UnitFigures {
  return {
    values: new Map(Object.entries(values).map(([id, value]) => [Number(id), { value, consolidated }])),
    toDateBefore: new Map(), history: new Map(), ...extra,
  };
}

function input(overrides: Partial<SubmissionInput> = {}): SubmissionInput {
  return {
    campaign: CAMPAIGN, unit: UNIT, ancestorIds: [9, 8, 7], period: PERIOD,
    report: { row: DRAFT, created: false }, siblings: NO_SIBLINGS,
    rollup: { childrenSums: new Map(), consolidatedAbove: new Map() },
    entry: { kind: 'form', input: { values: {} } }, action: 'submit', actor: UNIT_ACTOR, now: NOW,
    ...overrides,
  };
}

const form = (values: ReportInput['values'], rest: Omit<ReportInput, 'values'> = {}): SubmissionInput['entry'] => ({ kind: 'form', input: { values, ...rest } });
const figures = (entered: Record<number, number>, rest: Partial<EnteredFigures> = {}): SubmissionInput['entry'] => ({
  kind: 'figures', figures: { entered: new Map(Object.entries(entered).map(([id, v]) => [Number(id), v])), replaceAll: false, consolidated: null, narrative: null, ...rest },
});

function written(plan: SubmissionPlan): SubmissionWrite {
  if (plan.kind !== 'write') throw new Error(plan.kind === 'refused' ? `expected a write, got ${plan.error.code}: ${plan.error.message}` : 'expected a write, got unchanged');
  return plan;
}

function refusal(plan: SubmissionPlan) {
  if (plan.kind !== 'refused') throw new Error('expected a refusal');
  return plan.error;
}

function problemsOf(plan: SubmissionPlan): { field: string; message: string; kind?: string }[] {
  const error = refusal(plan);
  expect(error).toBeInstanceOf(FieldProblemsError);
  return (error as FieldProblemsError).fields.map((f) => ({ field: f.field, message: f.message, ...(f.kind ? { kind: f.kind } : {}) }));
}

describe('planSubmission: figures become increments', () => {
  it.each([
    // reporting mode, value to date before the week, as entered, increment stored, indicator
    ['to date', 25, 40, 15, SKILLS],
    ['to date', 25, 25, 0, SKILLS],
    ['to date', undefined, 40, 40, SKILLS],
    ['per week', 25, '12,5', 12.5, KM],
    ['per week', undefined, 0.25, 0.25, KM],
  ] as const)('reported %s, %s before, %j entered → %s', (_, before, entered, increment, indicator) => {
    const plan = written(planSubmission(input({
      own: own({}, { toDateBefore: new Map(before === undefined ? [] : [[indicator.id, before]]) }),
      entry: form({ [indicator.code]: entered }),
    })));
    expect([...plan.values]).toEqual([[indicator.id, increment]]);
  });

  it('leaves out a figure sent empty or null', () => {
    const plan = written(planSubmission(input({ entry: form({ 'tuyen-pho': '', 'km-duong': null, tnv: ' 3 ' }) })));
    expect([...plan.values]).toEqual([[VOLUNTEERS.id, 3]]);
  });
});

describe('planSubmission: roll-up deltas', () => {
  // The unit's own figures of the week: 5 streets and 4 km, not consolidated; S(10) is 20
  // streets and 3 km. Unit 8 reports streets consolidated, so a streets delta stops at 8.
  const base = {
    own: own({ [STREETS.id]: 5, [KM.id]: 4 }),
    rollup: { childrenSums: new Map([[10, new Map([[STREETS.id, 20], [KM.id, 3]])]]), consolidatedAbove: new Map([[STREETS.id, new Set([8])]]) },
  };

  it.each([
    // streets 5 → 8: total 25 → 28, +3 to 9 and 8 only; km unchanged: no delta.
    ['a changed figure', { 'tuyen-pho': 8, 'km-duong': 4 }, false, [[9, 1, 3], [8, 1, 3]]],
    // Now consolidated: streets total 25 → 8 (−17); km 7 → 4 (−3) up to 7, nothing consolidated above.
    ['consolidated now', { 'tuyen-pho': 8, 'km-duong': 4 }, true, [[9, 1, -17], [8, 1, -17], [9, 2, -3], [8, 2, -3], [7, 2, -3]]],
    // A form is the whole report: km not given is dropped, total 7 → 3 (−4 up to 7).
    ['a figure dropped', { 'tuyen-pho': 5 }, false, [[9, 2, -4], [8, 2, -4], [7, 2, -4]]],
  ] as const)('%s', (_, values, consolidated, expected) => {
    const plan = written(planSubmission(input({ ...base, entry: form(values, { consolidated }) })));
    expect(plan.deltas.map((d) => [d.unitId, d.indicatorId, d.delta])).toEqual(expected);
    expect(plan.consolidated).toBe(consolidated);
  });

  it('moves nothing above a unit at the top (no ancestors below the root)', () => {
    const plan = written(planSubmission(input({ ...base, ancestorIds: [], entry: form({ 'tuyen-pho': 9 }) })));
    expect(plan.deltas).toEqual([]);
  });
});

describe('planSubmission: audit', () => {
  it('records only the figures that changed, then the change of state', () => {
    // streets 5 → 5 (same), km 4 → 6, skills new (40 to date, 25 before: 15), volunteers dropped.
    const plan = written(planSubmission(input({
      own: own({ [STREETS.id]: 5, [KM.id]: 4, [VOLUNTEERS.id]: 2 }, { toDateBefore: new Map([[SKILLS.id, 25]]) }),
      report: { row: { ...DRAFT, status: 'submitted', version: 2 }, created: false },
      entry: form({ 'tuyen-pho': 5, 'km-duong': 6, 'ky-nang-so': 40 }, { version: 2 }),
    })));
    const by = { at: NOW, userId: 7, ip: '203.0.113.5', campaignId: 100, unitId: 10, period: PERIOD, reason: null };
    expect(plan.audit).toEqual([
      { ...by, action: 'report.value', indicatorId: KM.id, oldValue: 4, newValue: 6 },
      { ...by, action: 'report.value', indicatorId: VOLUNTEERS.id, oldValue: 2, newValue: null },
      { ...by, action: 'report.value', indicatorId: SKILLS.id, oldValue: null, newValue: 15 },
      { ...by, action: 'report.state', oldValue: 'submitted', newValue: 'submitted' },
    ]);
  });

  it('has no old state for a report just created, and the system has no user', () => {
    const plan = written(planSubmission(input({ actor: null, report: { row: DRAFT, created: true }, entry: form({ 'tuyen-pho': 1 }) })));
    expect(plan.audit.map((e) => [e.action, e.userId, e.ip, e.oldValue, e.newValue])).toEqual([
      ['report.value', null, null, null, 1],
      ['report.state', null, null, null, 'submitted'],
    ]);
  });
});

describe('planSubmission: report fields', () => {
  it('sets every field of a first submission', () => {
    const plan = written(planSubmission(input({
      report: { row: DRAFT, created: true }, entry: form({ 'tuyen-pho': 1 }, { highlights: '  Ra quân  ', proposals: 'Thêm kinh phí' }),
    })));
    expect(plan.state).toBe('submitted');
    expect(plan.fields).toEqual({
      status: 'submitted', consolidated: false, highlights: 'Ra quân', difficulties: '', proposals: 'Thêm kinh phí', draft: null,
      firstSubmittedAt: NOW, submittedAt: NOW, submittedBy: 7, flags: {}, reviewedAt: null, reviewedBy: null, returnReason: null,
      correctionReason: null, viewedAt: null, viewedBy: null, receivedAt: null, onBehalfBy: null, onBehalfReason: null, updatedBy: 7,
    });
  });

  it('keeps the first submission time and the review of a corrected report, and clears the viewing', () => {
    const plan = written(planSubmission(input({ report: { row: APPROVED, created: false }, action: 'correct', entry: form({ 'tuyen-pho': 1 }, { reason: 'Sai số tuần 3' }) })));
    expect(plan.fields).toMatchObject({
      status: 'submitted', firstSubmittedAt: '2023-06-05T01:00:00.000Z', submittedAt: NOW, reviewedAt: '2023-06-06T02:00:00.000Z', reviewedBy: 2,
      viewedAt: null, viewedBy: null,
    });
  });
});

describe('planSubmission: figures already read (imports)', () => {
  // Stored consolidated, with its narrative: the import brings figures only.
  const row: StoredReport = { ...DRAFT, status: 'submitted', version: 2, consolidated: true, highlights: 'Cũ', difficulties: 'Mưa', proposals: '' };
  const stored = own({ [STREETS.id]: 5, [KM.id]: 4 }, {}, true);

  it('with replaceAll false keeps the other figures, the consolidated flag (null) and the narrative (null)', () => {
    const plan = written(planSubmission(input({ own: stored, report: { row, created: false }, entry: figures({ [KM.id]: 6 }), via: 'import' })));
    expect([...plan.values]).toEqual([[STREETS.id, 5], [KM.id, 6]]);
    expect(plan.consolidated).toBe(true);
    expect(plan.fields).toMatchObject({ consolidated: true, highlights: 'Cũ', difficulties: 'Mưa', proposals: '' });
    expect(plan.audit.filter((e) => e.action === 'report.value').map((e) => [e.indicatorId, e.oldValue, e.newValue])).toEqual([[KM.id, 4, 6]]);
    // Consolidated before and after: km's total moves 4 → 6, streets' not at all.
    expect(plan.deltas.map((d) => [d.unitId, d.indicatorId, d.delta])).toEqual([[9, 2, 2], [8, 2, 2], [7, 2, 2]]);
  });

  it('with replaceAll true and a flag given drops the others and takes the flag', () => {
    const plan = written(planSubmission(input({
      own: stored, report: { row, created: false }, entry: figures({ [KM.id]: 6 }, { replaceAll: true, consolidated: false }),
    })));
    expect([...plan.values]).toEqual([[KM.id, 6]]);
    expect(plan.fields.consolidated).toBe(false);
  });
});

describe('planSubmission: an unchanged report (skipUnchanged, a second import of one file)', () => {
  const SUBMITTED: StoredReport = { ...DRAFT, status: 'submitted', version: 2 };
  // Streets 5 and km 4 stand; skills were 30 to date before this week and 12 this week (42 to date).
  const stored = own({ [STREETS.id]: 5, [KM.id]: 4, [SKILLS.id]: 12 }, { toDateBefore: new Map([[SKILLS.id, 30]]) });
  it.each([
    // row, figures entered (skills to date), expected kind
    ['submitted, same figures', SUBMITTED, { [STREETS.id]: 5, [SKILLS.id]: 42 }, 'unchanged'],
    ['approved, same figures (no correction needed)', APPROVED, { [KM.id]: 4 }, 'unchanged'],
    ['submitted, one figure differs', SUBMITTED, { [STREETS.id]: 6 }, 'write'],
    ['submitted, skills to date 43 is an increment of 13', SUBMITTED, { [SKILLS.id]: 43 }, 'write'],
    ['a draft is written even with the same figures', DRAFT, { [STREETS.id]: 5 }, 'write'],
  ] as const)('%s → %s', (_label, row, entered, kind) => {
    const plan = planSubmission(input({ own: stored, report: { row, created: false }, entry: figures(entered), via: 'import', actor: null, skipUnchanged: true }));
    expect(plan.kind).toBe(kind);
  });

  it.each([
    // status, figures entered, expected (stored: streets 5, km 4, skills 12 this week after 30 before)
    ['submitted', { [STREETS.id]: 5, [SKILLS.id]: 42 }, true],
    ['approved', { [KM.id]: 4 }, true],
    ['submitted', { [SKILLS.id]: 43 }, false],
    ['submitted', { [VOLUNTEERS.id]: 0 }, false],
    ['draft', { [STREETS.id]: 5 }, false],
    ['returned', { [STREETS.id]: 5 }, false],
  ] as const)('leavesUnchanged: %s with %o → %s', (status, entered, expected) => {
    const figuresOf = new Map(Object.entries(entered).map(([id, v]) => [Number(id), v]));
    expect(leavesUnchanged({ status }, stored, figuresOf, CAMPAIGN.indicators)).toBe(expected);
  });

  it('without skipUnchanged the same figures are written again', () => {
    const plan = planSubmission(input({ own: stored, report: { row: SUBMITTED, created: false }, entry: figures({ [STREETS.id]: 5 }), via: 'import', actor: null }));
    expect(plan.kind).toBe('write');
  });
});

describe('planSubmission: refusals before any field', () => {
  it.each([
    ['an older version', { row: { ...DRAFT, version: 3 }, created: false }, 2, 'conflict'],
    ['the stored version', { row: { ...DRAFT, version: 3 }, created: false }, 3, 'write'],
    ['no version', { row: { ...DRAFT, version: 3 }, created: false }, undefined, 'write'],
    // A report created by this very write has no version the user could have loaded.
    ['a report just created', { row: DRAFT, created: true }, 7, 'write'],
  ] as const)('%s', (_, report, version, expected) => {
    const plan = planSubmission(input({ report, entry: form({ 'tuyen-pho': 1 }, { version }) }));
    if (expected === 'write') {
      written(plan);
      return;
    }
    const error = refusal(plan);
    expect(error).toBeInstanceOf(VersionConflictError);
    expect(error.code).toBe('conflict');
    expect((error as VersionConflictError).currentVersion).toBe(3);
    expect(error.details).toEqual({ messageEn: 'The report was changed by someone else. Reload it before saving.', currentVersion: 3 });
  });

  it.each([
    // who, how, report, action, expected code or state
    ['the unit', UNIT_ACTOR, 'form', DRAFT, 'submit', 'submitted'],
    ['the system', null, 'form', DRAFT, 'submit', 'submitted'],
    ["a manager of the parent", PARENT_MANAGER, 'form', DRAFT, 'submit', 'forbidden'],
    ['a manager of the parent importing for the unit', PARENT_MANAGER, 'import', DRAFT, 'submit', 'submitted'],
    ['a reporter of another unit', { ...UNIT_ACTOR, unitId: 11 }, 'form', DRAFT, 'submit', 'forbidden'],
    ['the unit submitting an approved report', UNIT_ACTOR, 'form', APPROVED, 'submit', 'conflict'],
    ['the unit correcting a draft', UNIT_ACTOR, 'form', DRAFT, 'correct', 'conflict'],
    ['the unit correcting an approved report', UNIT_ACTOR, 'form', APPROVED, 'correct', 'submitted'],
  ] as const)('%s', (_, actor, via, row, action, expected) => {
    const plan = planSubmission(input({ actor, via, report: { row, created: false }, action, entry: form({ 'tuyen-pho': '' }, { reason: 'Sai số' }) }));
    if (plan.kind === 'write') expect(plan.state).toBe(expected);
    else expect(refusal(plan).code).toBe(expected);
  });

  it('tells a manager of the parent to return the report rather than submit it', () => {
    expect(refusal(planSubmission(input({ actor: PARENT_MANAGER, entry: form({ 'tuyen-pho': 1 }) }))).message)
      .toBe('Chỉ đơn vị lập báo cáo mới được gửi báo cáo; cấp trên có thể trả lại để đơn vị sửa.');
  });
});

describe('planSubmission: corrections', () => {
  it.each([
    [undefined],
    ['   '],
  ])('refuses a correction with reason %j on the field reason', (reason) => {
    const plan = planSubmission(input({ report: { row: APPROVED, created: false }, action: 'correct', entry: form({ 'tuyen-pho': 2 }, { reason }) }));
    expect(problemsOf(plan)).toEqual([{ field: 'reason', message: 'Cần ghi lý do đính chính báo cáo đã duyệt.' }]);
    expect(refusal(plan).details).toMatchObject({ field: 'reason', messageEn: 'A reason is required for correcting an approved report.' });
  });

  it('records the reason, trimmed, on the report and in every audit line', () => {
    const plan = written(planSubmission(input({
      own: own({ [STREETS.id]: 1 }), report: { row: APPROVED, created: false }, action: 'correct', entry: form({ 'tuyen-pho': 2 }, { reason: ' Sai số tuần 3 ' }),
    })));
    expect(plan.fields.correctionReason).toBe('Sai số tuần 3');
    expect(plan.audit.map((e) => [e.action, e.oldValue, e.newValue, e.reason])).toEqual([
      ['report.value', 1, 2, 'Sai số tuần 3'],
      ['report.state', 'approved', 'submitted', 'Sai số tuần 3'],
    ]);
  });

  it('keeps the correction reason of an earlier correction when submitting again', () => {
    const row = { ...DRAFT, status: 'submitted', correctionReason: 'Sai số tuần 3' } as const;
    expect(written(planSubmission(input({ report: { row, created: false }, entry: form({ 'tuyen-pho': 2 }) }))).fields.correctionReason).toBe('Sai số tuần 3');
  });
});

describe('planSubmission: outliers', () => {
  // km's past weeks 10, 11, 12, 13, 14: median 12, absolute deviations 2, 1, 0, 1, 2 → MAD 1.
  // 100 km scores 0.6745 × 88 / 1 ≈ 59,4 > 3,5, is 88 > 10 away and at least 3 × 12: unusual.
  const history = own({}, { history: new Map([[KM.id, [10, 11, 12, 13, 14]]]) });
  const message = 'Chỉ tiêu "Đường giao thông": Số liệu 100 cao bất thường so với các tuần trước (trung vị 12). Vui lòng xác nhận và ghi giải thích ngắn.';

  it('asks a person for an explanation', () => {
    expect(problemsOf(planSubmission(input({ own: history, entry: form({ 'km-duong': 100 }) })))).toEqual([
      { field: 'values.km-duong', message, kind: 'outlier' },
    ]);
  });

  it.each([
    ['a person with an explanation', UNIT_ACTOR, 'form', form({ 'km-duong': 100 }, { explanations: { 'km-duong': ' Ra quân cao điểm ' } }), 'Ra quân cao điểm'],
    ['a person importing', UNIT_ACTOR, 'import', figures({ [KM.id]: 100 }), ''],
    ['the system', null, 'form', form({ 'km-duong': 100 }), ''],
  ] as const)('records the flag for %s', (_, actor, via, entry, explanation) => {
    const plan = written(planSubmission(input({ own: history, actor, via, entry })));
    expect(plan.flags).toEqual({ 'km-duong': { flag: expect.objectContaining({ kind: 'history', direction: 'high', median: 12 }), explanation } });
    expect(plan.fields.flags).toBe(plan.flags);
  });

  it('does not flag a figure in line with the past weeks', () => {
    expect(written(planSubmission(input({ own: history, entry: form({ 'km-duong': 15 }) }))).flags).toEqual({});
  });
});

describe('scaledPeerFigures', () => {
  // Unit 10 (parent 9) has a target of 200 km. Worked by hand, each × 200 ÷ the sibling's target:
  //   sibling 11: 50 of 100  → 50 × 200 / 100 = 100
  //   sibling 12: 30 of 300  → 30 × 200 / 300 = 20
  //   sibling 13: 10 of 30   → 10 × 200 / 30 = 66,666… → 66,67 (two decimals: an estimate, not a count)
  //   sibling 14: no target, sibling 15: target 0 → left out (nothing to scale by); unit 10 itself → left out.
  const siblings: SiblingFigures = {
    peers: new Map([
      ['9:2', [
        { unitId: 11, value: 50, target: 100 }, { unitId: 12, value: 30, target: 300 }, { unitId: 13, value: 10, target: 30 },
        { unitId: 14, value: 99, target: null }, { unitId: 15, value: 99, target: 0 }, { unitId: 10, value: 99, target: 200 },
      ]],
      ['8:2', [{ unitId: 20, value: 1, target: 1 }]],
    ]),
    targets: new Map<string, number | null>([['10:2', 200], ['10:1', null], ['10:5', 0]]),
  };

  it.each([
    [2, [100, 20, 66.67]],
    [1, []], // the unit has no target
    [5, []], // a target of 0 scales nothing
    [4, []], // no target recorded
  ])('indicator %s → %j', (indicatorId, expected) => {
    expect(scaledPeerFigures(siblings, UNIT, indicatorId)).toEqual(expected);
  });
});

describe('planSubmission: outliers against siblings scaled by their targets', () => {
  const peers = (ownTarget: number, siblingTarget: number, values: readonly number[]): SiblingFigures => ({
    peers: new Map([['9:2', values.map((value, i) => ({ unitId: 11 + i, value, target: siblingTarget }))]]),
    targets: new Map([['10:2', ownTarget]]),
  });

  it.each([
    // Siblings twice the unit's size: 20..28 km scale to 10, 11, 12, 13, 14 (median 12, MAD 1);
    // 100 km is unusual (as in the history case above).
    ['a small unit above its siblings', peers(100, 200, [20, 22, 24, 26, 28]), 100, 12],
    // A city ten times its siblings' size: 10..14 km scale to 100..140 (median 120). 100 km is
    // ordinary for it; unscaled (median 12) it would have been flagged.
    ['a big unit among small siblings', peers(1000, 100, [10, 11, 12, 13, 14]), 100, null],
  ] as const)('%s', (_, siblings, value, median) => {
    const plan = planSubmission(input({ siblings, actor: null, entry: form({ 'km-duong': value }) }));
    const flag = written(plan).flags['km-duong']?.flag;
    if (median === null) {
      expect(flag).toBeUndefined();
      return;
    }
    expect(flag).toMatchObject({ kind: 'peers', direction: 'high', median });
    expect(flag?.message.vi).toBe('Số liệu 100 cao bất thường so với các đơn vị cùng cấp, quy theo chỉ tiêu được giao (trung vị 12).');
  });
});

describe('planSubmission: rules on the figures', () => {
  it.each([
    // 10 volunteers before the week + 2 = 12 to date, against 15 teams: the rule tnv ≥ doi-hinh is broken.
    [{ tnv: 2, 'doi-hinh': 15 }, [{ field: 'values.tnv', message: 'Chỉ tiêu "Tình nguyện viên" (12) phải lớn hơn hoặc bằng chỉ tiêu "Đội hình" (15).' }]],
    [{ tnv: 5, 'doi-hinh': 15 }, []],
    // Only teams reported, volunteers from the weeks before count: 10 < 15.
    [{ 'doi-hinh': 15 }, [{ field: 'values.tnv', message: 'Chỉ tiêu "Tình nguyện viên" (10) phải lớn hơn hoặc bằng chỉ tiêu "Đội hình" (15).' }]],
    // An unreadable figure is reported once, not also through the rule it would be in.
    [{ tnv: 'abc', 'doi-hinh': 15 }, [{ field: 'values.tnv', message: 'Giá trị "abc" không phải là số.' }]],
    [{ 'tuyen-pho': 51 }, [{ field: 'values.tuyen-pho', message: 'Chỉ tiêu "Tuyến phố văn minh" không nhận số lớn hơn 50 (51).' }]],
    [{ 'tuyen-pho': 50 }, []],
  ] as const)('%j → %j', (values, expected) => {
    const plan = planSubmission(input({ own: own({}, { toDateBefore: new Map([[VOLUNTEERS.id, 10]]) }), entry: form(values) }));
    if (expected.length === 0) written(plan);
    else expect(problemsOf(plan)).toEqual(expected);
  });
});

describe('planSubmission: a stale version', () => {
  const SUBMITTED: StoredReport = { ...DRAFT, status: 'submitted', version: 4 };
  it.each([
    // values sent, version loaded, expected answer
    ['readable figures, version 3 of 4', { 'tuyen-pho': 2 }, 3, 'conflict'],
    ['readable figures over the bound, version 3 of 4: the conflict first', { 'tuyen-pho': 60 }, 3, 'conflict'],
    ['an unreadable figure, version 3 of 4: the fields first', { 'tuyen-pho': 'abc' }, 3, 'validation'],
    ['readable figures, version 4 of 4', { 'tuyen-pho': 2 }, 4, 'write'],
  ] as const)('%s → %s', (_label, values, version, expected) => {
    const plan = planSubmission(input({ report: { row: SUBMITTED, created: false }, entry: form(values, { version }) }));
    expect(plan.kind === 'refused' ? plan.error.code : plan.kind).toBe(expected);
  });
});

describe('planSubmission: every problem in one error', () => {
  it('reports the unreadable fields, the reason and the checks of the figures together', () => {
    const plan = planSubmission(input({
      own: own({}, { toDateBefore: new Map([[SKILLS.id, 25], [VOLUNTEERS.id, 10]]) }),
      report: { row: APPROVED, created: false },
      action: 'correct',
      entry: form(
        { 'tuyen-pho': 60, 'km-duong': 'abc', 'khong-co': 1, 'ky-nang-so': 20, tnv: 2, 'doi-hinh': 15 },
        { highlights: 'x'.repeat(10_001) },
      ),
    }));
    // In the order found: the form as read, the reason, then each indicator in the campaign's order, then the rules.
    expect(problemsOf(plan)).toEqual([
      { field: 'values.km-duong', message: 'Giá trị "abc" không phải là số.' },
      { field: 'values.khong-co', message: 'Chỉ tiêu "khong-co" không thuộc chiến dịch này.' },
      { field: 'highlights', message: 'Nội dung quá dài (tối đa 10000 ký tự).' },
      { field: 'reason', message: 'Cần ghi lý do đính chính báo cáo đã duyệt.' },
      { field: 'values.tuyen-pho', message: 'Chỉ tiêu "Tuyến phố văn minh" không nhận số lớn hơn 50 (60).' },
      {
        field: 'values.ky-nang-so',
        message: 'Chỉ tiêu "Kỹ năng số": số liệu lũy kế 20 thấp hơn số liệu lũy kế đã báo cáo trước đó (25). ' +
          'Số liệu lũy kế không được giảm; nếu số trước đó sai, hãy đính chính báo cáo tuần đó.',
      },
      { field: 'values.tnv', message: 'Chỉ tiêu "Tình nguyện viên" (12) phải lớn hơn hoặc bằng chỉ tiêu "Đội hình" (15).' },
    ]);
    // What the HTTP answer reads: the first problem, and all of them.
    const error = refusal(plan);
    expect(error.code).toBe('validation');
    expect(error.message).toBe('Giá trị "abc" không phải là số.');
    expect(error.details.field).toBe('values.km-duong');
    expect(error.details.messageEn).toBe('Value "abc" is not a number.');
    expect(error.details.fields).toEqual((error as FieldProblemsError).fields);
  });
});

describe('planSubmission: values to date are summed exactly', () => {
  // 0,1 km before + 0,2 this week is 0,3 to date, not 0,30000000000000004, so the rule km = tnv holds.
  it('compares 0,1 + 0,2 to date with 0,3', () => {
    const campaign: SubmissionCampaign = {
      ...CAMPAIGN, indicators: [KM, { ...VOLUNTEERS, valueKind: 'decimal' }], crossRules: [{ left: 'km-duong', op: '=', right: 'tnv' }],
    };
    written(planSubmission(input({ campaign, own: own({}, { toDateBefore: new Map([[KM.id, 0.1]]) }), entry: form({ 'km-duong': '0,2', tnv: '0,3' }) })));
  });
});

describe('planSubmission: entry on behalf (nhập thay)', () => {
  // Week 2023-W23 began on Monday 05/06/2023 00:00 in Hà Nội; NOW is Friday 09/06 10:00 there.
  const ON_BEHALF = { reason: 'Báo qua điện thoại', receivedAt: '2023-06-07T15:45:00+07:00' };

  it('lets a manager above submit for the unit, judged on the received time, and audits it', () => {
    const plan = written(planSubmission(input({ actor: PARENT_MANAGER, entry: form({ 'tuyen-pho': 4 }, { onBehalf: ON_BEHALF }) })));
    expect(plan.fields).toMatchObject({
      status: 'submitted', firstSubmittedAt: '2023-06-07T08:45:00.000Z', submittedAt: NOW, submittedBy: 8,
      receivedAt: '2023-06-07T08:45:00.000Z', onBehalfBy: 8, onBehalfReason: 'Báo qua điện thoại',
    });
    expect(plan.audit.map((e) => [e.action, e.userId, e.newValue, e.reason])).toEqual([
      ['report.value', 8, 4, null],
      ['report.state', 8, 'submitted', null],
      ['report.on_behalf', 8, { receivedAt: '2023-06-07T08:45:00.000Z' }, 'Báo qua điện thoại'],
    ]);
  });

  it('keeps an earlier first submission, and the unit\'s own resubmission keeps the entry on behalf', () => {
    const submitted: StoredReport = { ...DRAFT, status: 'submitted', version: 2, firstSubmittedAt: '2023-06-06T01:00:00.000Z' };
    const plan = written(planSubmission(input({ actor: PARENT_MANAGER, report: { row: submitted, created: false }, entry: form({ 'tuyen-pho': 4 }, { onBehalf: ON_BEHALF }) })));
    expect(plan.fields.firstSubmittedAt).toBe('2023-06-06T01:00:00.000Z');
    const entered: StoredReport = { ...submitted, receivedAt: '2023-06-07T08:45:00.000Z', onBehalfBy: 8, onBehalfReason: 'Báo qua điện thoại' };
    const again = written(planSubmission(input({ report: { row: entered, created: false }, entry: form({ 'tuyen-pho': 5 }) })));
    expect(again.fields).toMatchObject({ submittedBy: 7, receivedAt: '2023-06-07T08:45:00.000Z', onBehalfBy: 8, onBehalfReason: 'Báo qua điện thoại' });
    expect(again.audit.map((e) => e.action)).toEqual(['report.value', 'report.state']);
  });

  it('refuses the unit itself and a reporter above before reading the fields', () => {
    expect(refusal(planSubmission(input({ entry: form({ 'tuyen-pho': 4 }, { onBehalf: ON_BEHALF }) }))).message)
      .toBe('Không nhập thay cho chính đơn vị của mình; hãy gửi báo cáo như thường.');
    expect(refusal(planSubmission(input({ actor: { ...PARENT_MANAGER, role: 'reporter' }, entry: form({ 'tuyen-pho': 4 }, { onBehalf: {} }) }))).message)
      .toBe('Chỉ cán bộ quản lý của đơn vị cấp trên mới được nhập thay báo cáo.');
  });

  it('tells a bad received time with the form\'s other problems', () => {
    const plan = planSubmission(input({ actor: PARENT_MANAGER, entry: form({ 'tuyen-pho': 'abc' }, { onBehalf: { reason: '', receivedAt: '2023-06-04T23:00:00+07:00' } }) }));
    expect(problemsOf(plan).map((p) => p.field)).toEqual(['values.tuyen-pho', 'onBehalf.reason', 'onBehalf.receivedAt']);
  });

  it('without onBehalf a manager above still cannot submit', () => {
    expect(refusal(planSubmission(input({ actor: PARENT_MANAGER, entry: form({ 'tuyen-pho': 4 }) }))).code).toBe('forbidden');
  });
});

describe('planSubmission: figures counted from records', () => {
  // Teams (id 5) is counted from the unit's records: 3 this week. Streets are typed.
  const counted = new Map([[TEAMS.id, 3]]);
  it.each([
    // what the form sends for teams, the stored figures, what stands for teams
    ['nothing: the count stands', {}, 3],
    ['the count itself', { [TEAMS.code]: '3' }, 3],
  ] as const)('a form sending %s', (_, sent, expected) => {
    const plan = written(planSubmission(input({ entry: form({ [STREETS.code]: 4, [VOLUNTEERS.code]: 10, ...sent }), counted })));
    expect([...plan.values]).toEqual([[STREETS.id, 4], [VOLUNTEERS.id, 10], [TEAMS.id, expected]]);
  });

  it('refuses another figure on the field, in words', () => {
    expect(problemsOf(planSubmission(input({ entry: form({ [VOLUNTEERS.code]: 10, [TEAMS.code]: '5' }), counted })))).toEqual([{
      field: 'values.doi-hinh',
      message: 'Chỉ tiêu "Đội hình" được đếm từ các hoạt động đã ghi của đơn vị: tuần này là 3, không nhập được 5. Hãy để trống ô này, hoặc ghi thêm, sửa hoạt động.',
    }]);
  });

  it('an import of other figures keeps the count; a recount (no figures) writes the new count with its delta', () => {
    const stored = own({ [STREETS.id]: 5, [VOLUNTEERS.id]: 10, [TEAMS.id]: 2 });
    const recount = written(planSubmission(input({
      own: stored, report: { row: { ...DRAFT, status: 'submitted', version: 2 }, created: false }, entry: figures({}), via: 'import', counted, skipUnchanged: true,
    })));
    expect([...recount.values]).toEqual([[STREETS.id, 5], [VOLUNTEERS.id, 10], [TEAMS.id, 3]]);
    expect(recount.deltas.filter((d) => d.indicatorId === TEAMS.id).map((d) => d.delta)).toEqual([1, 1, 1]);
    // The count as stored: nothing to write.
    const same = planSubmission(input({
      own: own({ [TEAMS.id]: 3 }), report: { row: { ...DRAFT, status: 'submitted', version: 2 }, created: false }, entry: figures({}), via: 'import', counted, skipUnchanged: true,
    }));
    expect(same.kind).toBe('unchanged');
  });
});
