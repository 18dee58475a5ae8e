import { describe, expect, it } from 'vitest';
import {
  activitySentences, activityTotals, checkActivity, focusCoverage, groupRowsOf,
  type ActivityContext, type ActivityFieldsOf, type ActivityGroupRow, type ActivityKind, type ActivityRecord, type ActivityTotals,
} from './activities.ts';
import { FieldProblemsError } from './errors.ts';

// A summer campaign of 05/6 – 31/8/2023, recorded by unit 01-A.
const CONTEXT: ActivityContext = {
  campaign: { startDate: '2023-06-05', endDate: '2023-08-31' },
  workKinds: [{ code: 'tuyen-pho', name: 'Tuyến phố văn minh' }, { code: 'nha-nhan-ai', name: 'Nhà nhân ái' }],
  focusAreas: ['nong-thon-moi', 'dao-thanh-nien', 'bien-gioi'],
  unitCode: '01-A',
  knownUnits: new Set(['01-A', '01-B', '01-C']),
};

/** One good record of each kind, as a form or a sheet brings it: numbers as text, labels for codes, both date forms. */
const RAW: Record<ActivityKind, Record<string, unknown>> = {
  work: {
    name: '  Tuyến phố văn minh Lê Lợi ', workKind: 'tuyến phố văn minh', place: 'Phường 1', focusArea: 'Nong-Thon-Moi',
    value: '1.250.000.000', funding: 'Xa hoi hoa', startDate: '10/6/2023', handoverDate: '2023-07-27', state: 'Đã bàn giao',
  },
  team: { name: 'Đội hình tiếp sức mùa thi', field: 'Hỗ trợ thí sinh', members: '25', place: '', focusArea: null, fromDate: '2023-06-25', toDate: '30/06/2023' },
  model: { modelKind: 'GƯƠNG ĐIỂN HÌNH', title: 'Anh Nguyễn Văn An cứu người đuối nước', proposedLevel: 'cap tinh' },
  press: {
    channel: 'TikTok', outlet: 'Tuổi trẻ Thủ đô', title: 'Ra quân Chiến dịch', url: ' https://www.tiktok.com/@tuoitrethudo/video/1 ',
    date: '05/06/2023', reach: 12000, views: '45.300',
  },
  inspection: {
    team: 'Đoàn kiểm tra số 1', members: 'Đ/c Lan, Đ/c Minh', date: '2023-07-15', visitedUnits: '01-B; 01-C',
    visitedFocusAreas: ['dao-thanh-nien'], findings: 'Triển khai đúng kế hoạch.', followUp: 'đang khắc phục',
  },
  linkage: { linkKind: 'Liên kết địa bàn', partners: ['01-B', '01-C'], description: 'Liên kết địa bàn với xã đảo.', fromDate: '2023-06-05', toDate: '31/08/2023' },
};

/** The problems a check refuses `raw` with, as [field, message]. */
function refusals(kind: ActivityKind, raw: Record<string, unknown>, context = CONTEXT): [string, string][] {
  try {
    checkActivity(kind, raw, context);
  } catch (error) {
    if (error instanceof FieldProblemsError) return error.fields.map((f) => [f.field, f.message]);
    throw error;
  }
  throw new Error('the record was taken');
}

describe('checkActivity: a good record of each kind, normalised', () => {
  it.each([
    ['work', RAW.work, {
      name: 'Tuyến phố văn minh Lê Lợi', workKind: 'tuyen-pho', place: 'Phường 1', focusArea: 'nong-thon-moi',
      value: 1_250_000_000, funding: 'social', startDate: '2023-06-10', handoverDate: '2023-07-27', state: 'handed_over',
    }],
    ['work', { name: 'Nhà nhân ái cho mẹ Tư', workKind: 'nha-nhan-ai', value: 0, state: 'planned' }, {
      name: 'Nhà nhân ái cho mẹ Tư', workKind: 'nha-nhan-ai', place: null, focusArea: null,
      value: 0, funding: null, startDate: null, handoverDate: null, state: 'planned',
    }],
    ['team', RAW.team, { name: 'Đội hình tiếp sức mùa thi', field: 'Hỗ trợ thí sinh', members: 25, place: null, focusArea: null, fromDate: '2023-06-25', toDate: '2023-06-30' }],
    ['model', RAW.model, { modelKind: 'person', title: 'Anh Nguyễn Văn An cứu người đuối nước', description: null, proposedBy: null, proposedLevel: 'province', outcome: null }],
    ['press', RAW.press, {
      channel: 'tiktok', outlet: 'Tuổi trẻ Thủ đô', title: 'Ra quân Chiến dịch', url: 'https://www.tiktok.com/@tuoitrethudo/video/1',
      date: '2023-06-05', reach: 12000, views: 45300,
    }],
    ['inspection', RAW.inspection, {
      team: 'Đoàn kiểm tra số 1', members: 'Đ/c Lan, Đ/c Minh', date: '2023-07-15', visitedUnits: ['01-B', '01-C'],
      visitedFocusAreas: ['dao-thanh-nien'], findings: 'Triển khai đúng kế hoạch.', recommendations: null, followUp: 'in_progress',
    }],
    ['linkage', RAW.linkage, { linkKind: 'locality', partners: ['01-B', '01-C'], description: 'Liên kết địa bàn với xã đảo.', fromDate: '2023-06-05', toDate: '2023-08-31' }],
  ] as const)('%s', (kind, raw, fields) => {
    expect(checkActivity(kind, raw, CONTEXT)).toEqual({ kind, fields });
  });

  it.each([
    // field, given, read as
    ['state', 'HANDED_OVER', 'handed_over'],
    ['state', 'handed over', 'handed_over'],
    ['state', 'dang thuc hien', 'in_progress'],
    ['value', 1e15, 1e15],
    ['value', '35 412 000 000', 35_412_000_000],
    ['funding', 'Kết hợp ngân sách, xã hội hóa', null],
  ] as const)('work %s %j → %j', (field, given, read) => {
    if (read === null) {
      expect(refusals('work', { ...RAW.work, [field]: given }).map(([f]) => f)).toEqual([field]);
      return;
    }
    expect(checkActivity('work', { ...RAW.work, [field]: given }, CONTEXT).fields[field]).toEqual(read);
  });

  it('takes unit codes it cannot look up when the context knows no units', () => {
    const { knownUnits: _, ...noUnits } = CONTEXT;
    expect(checkActivity('inspection', { ...RAW.inspection, visitedUnits: ['09-X'] }, noUnits).fields.visitedUnits).toEqual(['09-X']);
  });
});

describe('checkActivity: every kind of bad field', () => {
  const ALL_AREAS = '(có: nong-thon-moi, dao-thanh-nien, bien-gioi)';
  it.each([
    ['work', { name: '   ' }, 'name', 'Tên công trình, phần việc không được để trống.'],
    ['work', { name: 'x'.repeat(301) }, 'name', 'Tên công trình, phần việc dài 301 ký tự, tối đa 300.'],
    ['work', { value: -5 }, 'value', 'Giá trị (đồng) phải là số không âm.'],
    ['work', { value: '1,5' }, 'value', 'Giá trị (đồng) phải là số nguyên.'],
    ['work', { value: 'mười triệu' }, 'value', 'Giá trị (đồng) "mười triệu" không phải là số.'],
    ['work', { value: 1e15 + 1 }, 'value', 'Giá trị (đồng) quá lớn: tối đa 1.000.000.000.000.000.'],
    ['work', { funding: '' }, 'funding', 'Nguồn kinh phí không được để trống khi giá trị lớn hơn 0.'],
    ['work', { handoverDate: null }, 'handoverDate', 'Ngày bàn giao không được để trống khi công trình đã bàn giao.'],
    ['work', { startDate: '2023-07-05', handoverDate: '01/07/2023' }, 'handoverDate', 'Ngày bàn giao 01/07/2023 sớm hơn ngày bắt đầu 05/07/2023.'],
    ['work', { workKind: 'Công viên' }, 'workKind', 'Loại công trình, phần việc "Công viên" không hợp lệ (dùng: Tuyến phố văn minh; Nhà nhân ái).'],
    ['work', { state: 'xong' }, 'state', 'Trạng thái "xong" không hợp lệ (dùng: đăng ký, chưa triển khai; đang thực hiện; đã bàn giao).'],
    ['work', { focusArea: 'thanh-pho' }, 'focusArea', `Địa bàn trọng tâm "thanh-pho" không có trong danh sách của chiến dịch ${ALL_AREAS}.`],
    ['work', { colour: 'đỏ' }, 'colour',
      'Trường "colour" không có ở công trình, phần việc thanh niên (các trường: name, workKind, place, focusArea, value, funding, startDate, handoverDate, state).'],
    ['team', { members: 0 }, 'members', 'Số thành viên phải từ 1 trở lên.'],
    ['team', { toDate: '2023-06-24' }, 'toDate', 'Ngày kết thúc 24/06/2023 sớm hơn ngày bắt đầu 25/06/2023.'],
    ['team', { fromDate: '04/06/2023' }, 'fromDate', 'Ngày bắt đầu 04/06/2023 nằm ngoài thời gian chiến dịch (05/6 – 31/8/2023).'],
    ['model', { title: { text: 'x' } }, 'title', 'Tên mô hình, gương điển hình phải là văn bản.'],
    ['model', { proposedLevel: 'cấp xã' }, 'proposedLevel', 'Cấp đề xuất khen thưởng "cấp xã" không hợp lệ (dùng: cấp Trung ương; cấp tỉnh; cấp huyện; cấp cơ sở).'],
    ['model', { outcome: 'b'.repeat(501) }, 'outcome', 'Kết quả, hiệu quả dài 501 ký tự, tối đa 500.'],
    ['press', { date: '05/09/2023' }, 'date', 'Ngày đăng 05/09/2023 nằm ngoài thời gian chiến dịch (05/6 – 31/8/2023).'],
    ['press', { date: '31/06/2023' }, 'date', 'Ngày đăng "31/06/2023" không phải là ngày hợp lệ (viết dd/mm/yyyy, như 05/06/2023).'],
    ['press', { url: 'abc' }, 'url', 'Đường dẫn "abc" không phải địa chỉ web (http:// hoặc https://).'],
    ['press', { url: 'ftp://files.doan.vn/a.pdf' }, 'url', 'Đường dẫn "ftp://files.doan.vn/a.pdf" không phải địa chỉ web (http:// hoặc https://).'],
    ['press', { url: 'javascript:alert(1)' }, 'url', 'Đường dẫn "javascript:alert(1)" không phải địa chỉ web (http:// hoặc https://).'],
    ['press', { views: 2.5 }, 'views', 'Lượt xem phải là số nguyên.'],
    ['press', { reach: true }, 'reach', 'Số người tiếp cận phải là số.'],
    ['press', { channel: 'Instagram' }, 'channel',
      'Kênh đăng tải "Instagram" không hợp lệ (dùng: báo điện tử; báo giấy; truyền hình; Facebook; YouTube; TikTok; Zalo; kênh khác).'],
    ['inspection', { visitedUnits: '01-B; 01-B' }, 'visitedUnits', 'Đơn vị được kiểm tra có mã lặp lại: 01-B.'],
    ['inspection', { visitedUnits: ['01-B', '09-X'] }, 'visitedUnits', 'Đơn vị được kiểm tra: không tìm thấy đơn vị có mã 09-X.'],
    ['inspection', { visitedFocusAreas: 'bien-gioi, thanh-pho' }, 'visitedFocusAreas', `Địa bàn được kiểm tra "thanh-pho" không có trong danh sách của chiến dịch ${ALL_AREAS}.`],
    ['inspection', { findings: 'a'.repeat(4001) }, 'findings', 'Kết quả kiểm tra dài 4.001 ký tự, tối đa 4.000.'],
    ['inspection', { followUp: 3 }, 'followUp', 'Tình hình khắc phục "3" không hợp lệ (dùng: chưa khắc phục; đang khắc phục; đã khắc phục).'],
    ['linkage', { partners: ['01-A', '01-B'] }, 'partners', 'Đơn vị liên kết không được gồm chính đơn vị ghi nhận (01-A).'],
    ['linkage', { partners: [] }, 'partners', 'Đơn vị liên kết không được để trống.'],
    ['linkage', { partners: ' ; ' }, 'partners', 'Đơn vị liên kết không được để trống.'],
    ['linkage', { partners: [1, {}] }, 'partners', 'Đơn vị liên kết phải là danh sách mã.'],
  ] as const)('%s %j → %s', (kind, patch, field, message) => {
    expect(refusals(kind, { ...RAW[kind], ...patch })).toEqual([[field, message]]);
  });

  it('says it in English too, on the same field', () => {
    const english = (kind: ActivityKind, patch: Record<string, unknown>) => {
      try {
        checkActivity(kind, { ...RAW[kind], ...patch }, CONTEXT);
      } catch (error) {
        return (error as FieldProblemsError).fields.map((f) => f.messageEn);
      }
      return [];
    };
    expect(english('work', { value: -5 })).toEqual(['Value (đồng) must not be negative.']);
    expect(english('press', { url: 'abc' })).toEqual(['Link "abc" is not a web address (http:// or https://).']);
    expect(english('press', { date: '05/09/2023' })).toEqual(['Publication date 2023-09-05 is outside the campaign (2023-06-05 to 2023-08-31).']);
    expect(english('work', { handoverDate: '' })).toEqual(['Handover date is required when the work is handed over.']);
  });

  it('says when the campaign has no focus areas or no work kinds at all', () => {
    expect(refusals('team', { ...RAW.team, focusArea: 'bien-gioi' }, { ...CONTEXT, focusAreas: [] }))
      .toEqual([['focusArea', 'Địa bàn trọng tâm "bien-gioi" không có trong danh sách của chiến dịch (chiến dịch chưa có địa bàn trọng tâm nào).']]);
    expect(refusals('work', { ...RAW.work, focusArea: null }, { ...CONTEXT, workKinds: [] }))
      .toEqual([['workKind', 'Loại công trình, phần việc "tuyến phố văn minh" không hợp lệ (chiến dịch chưa có loại nào).']]);
  });

  it('reports every problem of a record at once, in the order of the fields, unknown fields last', () => {
    let refused: unknown = null;
    try {
      checkActivity('work', { name: '', value: -1, state: 'xong', startDate: '2023-09-01', colour: 'x' }, CONTEXT);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(FieldProblemsError);
    expect((refused as FieldProblemsError).details.field).toBe('name');
    expect((refused as FieldProblemsError).fields.map((f) => [f.field, f.message])).toEqual([
      ['name', 'Tên công trình, phần việc không được để trống.'],
      ['workKind', 'Loại công trình, phần việc không được để trống.'],
      ['value', 'Giá trị (đồng) phải là số không âm.'],
      ['startDate', 'Ngày bắt đầu 01/09/2023 nằm ngoài thời gian chiến dịch (05/6 – 31/8/2023).'],
      ['state', 'Trạng thái "xong" không hợp lệ (dùng: đăng ký, chưa triển khai; đang thực hiện; đã bàn giao).'],
      ['colour', 'Trường "colour" không có ở công trình, phần việc thanh niên (các trường: name, workKind, place, focusArea, value, funding, startDate, handoverDate, state).'],
    ]);
  });
});

const row = (kind: string, patch: Partial<ActivityGroupRow>): ActivityGroupRow => ({
  kind, workKind: null, state: null, funding: null, channel: null, linkKind: null, modelKind: null, followUp: null,
  count: 0, value: 0, members: 0, reach: 0, views: 0, ...patch,
});

// The whole summer, as the database groups it: 120 works worth 35.412.000.000 đồng, of which
// 20.050.000.000 raised from society; 45 teams; 1.120 press items; 8 inspections; 3 linkages.
const ROWS: ActivityGroupRow[] = [
  row('work', { workKind: 'tuyen-pho', state: 'handed_over', funding: 'social', count: 50, value: 20_050_000_000 }),
  row('work', { workKind: 'tuyen-pho', state: 'in_progress', funding: 'budget', count: 20, value: 5_000_000_000 }),
  row('work', { workKind: 'nha-nhan-ai', state: 'handed_over', funding: 'mixed', count: 35, value: 10_362_000_000 }),
  row('work', { workKind: 'nha-nhan-ai', state: 'planned', count: 15 }),
  row('team', { count: 30, members: 800 }),
  row('team', { count: 15, members: 400 }),
  row('model', { modelKind: 'model', count: 12 }),
  row('model', { modelKind: 'person', count: 5 }),
  row('press', { channel: 'online', count: 790, reach: 500_000, views: 1_200_000 }),
  row('press', { channel: 'print', count: 330 }),
  row('inspection', { followUp: 'done', count: 6 }),
  row('inspection', { followUp: 'open', count: 1 }),
  row('inspection', { followUp: 'in_progress', count: 1 }),
  row('linkage', { linkKind: 'forces', count: 1 }),
  row('linkage', { linkKind: 'locality', count: 2 }),
];
const NO_REACH = { count: 0, reach: 0, views: 0 };

describe('activityTotals', () => {
  it('adds up the grouped rows of the database', () => {
    const expected: ActivityTotals = {
      works: {
        count: 120, value: 35_412_000_000, byState: { planned: 15, in_progress: 20, handed_over: 85 },
        byKind: [
          { code: 'nha-nhan-ai', count: 50, handedOver: 35, value: 10_362_000_000 },
          { code: 'tuyen-pho', count: 70, handedOver: 50, value: 25_050_000_000 },
        ],
        valueByFunding: { budget: 5_000_000_000, social: 20_050_000_000, mixed: 10_362_000_000 },
      },
      teams: { count: 45, members: 1200 },
      models: { count: 17, models: 12, people: 5 },
      press: {
        count: 1120, reach: 500_000, views: 1_200_000,
        byChannel: {
          online: { count: 790, reach: 500_000, views: 1_200_000 }, print: { count: 330, reach: 0, views: 0 },
          television: NO_REACH, facebook: NO_REACH, youtube: NO_REACH, tiktok: NO_REACH, zalo: NO_REACH, other: NO_REACH,
        },
      },
      inspections: { count: 8, openFollowUps: 2 },
      linkages: { count: 3, byKind: { forces: 1, locality: 2, community: 0 } },
      focusAreas: { covered: 4, total: 6 },
    };
    expect(activityTotals(ROWS, { total: 6, covered: 4 })).toEqual(expected);
    expect(activityTotals([...ROWS].reverse(), { total: 6, covered: 4 })).toEqual(expected);
  });

  it('counts rows of unknown codes in their kind only, and leaves out rows of an unknown kind', () => {
    const t = activityTotals([row('work', { workKind: 'cu', state: 'archived', funding: 'grant', count: 2, value: 7 }), row('event', { count: 9 })]);
    expect(t.works).toEqual({
      count: 2, value: 7, byState: { planned: 0, in_progress: 0, handed_over: 0 },
      byKind: [{ code: 'cu', count: 2, handedOver: 0, value: 7 }], valueByFunding: { budget: 0, social: 0, mixed: 0 },
    });
    expect([t.teams.count, t.models.count, t.press.count, t.inspections.count, t.linkages.count, t.focusAreas]).toEqual([0, 0, 0, 0, 0, null]);
  });
});

const work = (f: Partial<ActivityFieldsOf['work']>): ActivityRecord => ({ kind: 'work', fields: {
  name: 'Công trình', workKind: 'tuyen-pho', place: null, focusArea: null, value: 0, funding: null, startDate: null, handoverDate: null, state: 'planned', ...f,
} });
const team = (members: number, focusArea: string | null): ActivityRecord => ({ kind: 'team', fields: {
  name: 'Đội hình', field: 'Môi trường', members, place: null, focusArea, fromDate: '2023-06-05', toDate: null,
} });
const press = (channel: 'online' | 'tiktok', reach: number | null, views: number | null): ActivityRecord => ({ kind: 'press', fields: {
  channel, outlet: 'Báo Thanh Niên', title: 'Tin', url: null, date: '2023-06-05', reach, views,
} });
const inspection = (visitedFocusAreas: string[] | null): ActivityRecord => ({ kind: 'inspection', fields: {
  team: 'Đoàn 1', members: null, date: '2023-07-01', visitedUnits: null, visitedFocusAreas, findings: 'Tốt.', recommendations: null, followUp: 'open',
} });
const PERSON: ActivityRecord = { kind: 'model', fields: { modelKind: 'person', title: 'Chị Hoa', description: null, proposedBy: null, proposedLevel: null, outcome: null } };
const LINK: ActivityRecord = { kind: 'linkage', fields: { linkKind: 'forces', partners: ['01-B'], description: 'Đội hình chung.', fromDate: '2023-06-05', toDate: null } };

const RECORDS: ActivityRecord[] = [
  work({ focusArea: 'nong-thon-moi', value: 2_000_000_000, funding: 'social', state: 'handed_over', handoverDate: '2023-07-27' }),
  LINK,
  work({ workKind: 'nha-nhan-ai' }),
  team(25, null),
  press('online', 1000, null),
  work({ value: 500_000_000, funding: 'social', state: 'handed_over', handoverDate: '2023-08-01' }),
  press('tiktok', 50, 4000),
  team(12, 'dao-thanh-nien'),
  PERSON,
  press('online', null, 300),
  inspection(['bien-gioi']),
];

describe('groupRowsOf', () => {
  it('groups records as the database does, ordered by kind then key', () => {
    expect(groupRowsOf(RECORDS)).toEqual([
      row('work', { workKind: 'nha-nhan-ai', state: 'planned', count: 1 }),
      row('work', { workKind: 'tuyen-pho', state: 'handed_over', funding: 'social', count: 2, value: 2_500_000_000 }),
      row('team', { count: 2, members: 37 }),
      row('model', { modelKind: 'person', count: 1 }),
      row('press', { channel: 'online', count: 2, reach: 1000, views: 300 }),
      row('press', { channel: 'tiktok', count: 1, reach: 50, views: 4000 }),
      row('inspection', { followUp: 'open', count: 1 }),
      row('linkage', { linkKind: 'forces', count: 1 }),
    ]);
  });

  it('gives the totals the database\'s rows give, however those are ordered', () => {
    const fromDatabase = [
      row('press', { channel: 'tiktok', count: 1, reach: 50, views: 4000 }),
      row('linkage', { linkKind: 'forces', count: 1 }),
      row('work', { workKind: 'tuyen-pho', state: 'handed_over', funding: 'social', count: 2, value: 2_500_000_000 }),
      row('team', { count: 2, members: 37 }),
      row('inspection', { followUp: 'open', count: 1 }),
      row('press', { channel: 'online', count: 2, reach: 1000, views: 300 }),
      row('model', { modelKind: 'person', count: 1 }),
      row('work', { workKind: 'nha-nhan-ai', state: 'planned', count: 1 }),
    ];
    const recomputed = activityTotals(groupRowsOf(RECORDS), { total: 3, covered: 3 });
    expect(recomputed).toEqual(activityTotals(fromDatabase, { total: 3, covered: 3 }));
    expect(recomputed.works.byKind).toEqual([
      { code: 'nha-nhan-ai', count: 1, handedOver: 0, value: 0 }, { code: 'tuyen-pho', count: 2, handedOver: 2, value: 2_500_000_000 },
    ]);
    expect(recomputed.press.byChannel.online).toEqual({ count: 2, reach: 1000, views: 300 });
    expect(groupRowsOf([])).toEqual([]);
  });
});

describe('focusCoverage', () => {
  const AREAS = CONTEXT.focusAreas;
  it.each([
    ['a work, a team and an inspection, each at another area', AREAS, RECORDS, { covered: 3, total: 3 }],
    ['records that name no area (a model and a linkage cannot)', AREAS, [work({}), PERSON, LINK, inspection(null)], { covered: 0, total: 3 }],
    ['two records at the same area', AREAS, [team(5, 'bien-gioi'), inspection(['bien-gioi'])], { covered: 1, total: 3 }],
    ['an area that is not the campaign\'s', AREAS, [work({ focusArea: 'cu' }), team(5, 'dao-thanh-nien')], { covered: 1, total: 3 }],
    ['a campaign without focus areas', [], RECORDS, { covered: 0, total: 0 }],
    ['an area listed twice', ['bien-gioi', 'bien-gioi'], [inspection(['bien-gioi'])], { covered: 1, total: 1 }],
  ])('%s', (_case, areas, records, expected) => {
    expect(focusCoverage(areas, records)).toEqual(expected);
  });
});

describe('activitySentences', () => {
  it('writes every sentence of the summer as the documents do', () => {
    expect(activitySentences(activityTotals(ROWS, { total: 6, covered: 4 }), { asOf: '2023-08-31' })).toEqual([
      'Tính đến ngày 31/8, đã có 1.120 tin, bài tuyên truyền về Chiến dịch, bao gồm 790 tin, bài trên báo điện tử; 330 tin, bài trên báo giấy.',
      'Các cấp bộ Đoàn đã triển khai 120 công trình, phần việc thanh niên (đã bàn giao 85 công trình), với tổng giá trị hơn 35,4 tỉ đồng, trong đó xã hội hóa hơn 20 tỉ đồng.',
      'Thành lập 45 đội hình tình nguyện với 1.200 đoàn viên, thanh niên tham gia.',
      'Ban Chỉ đạo đã tổ chức 08 đoàn kiểm tra; còn 02 kiến nghị chưa khắc phục xong.',
      '4/6 địa bàn trọng tâm có hoạt động của Chiến dịch.',
      'Triển khai 03 liên kết (01 liên kết lực lượng, 02 liên kết địa bàn).',
      'Giới thiệu 12 mô hình hay, cách làm hiệu quả và 05 gương điển hình.',
    ]);
  });

  it.each([
    ['one channel: no "bao gồm"', [row('press', { channel: 'facebook', count: 5 })], undefined, '2023-06-05',
      ['Tính đến ngày 5/6, đã có 05 tin, bài tuyên truyền về Chiến dịch trên Facebook.']],
    ['channels by count, ties in the channel order', [row('press', { channel: 'facebook', count: 5 }), row('press', { channel: 'other', count: 7 }), row('press', { channel: 'online', count: 5 })],
      undefined, '2023-07-02',
      ['Tính đến ngày 2/7, đã có 17 tin, bài tuyên truyền về Chiến dịch, bao gồm 07 tin, bài trên các kênh khác; 05 tin, bài trên báo điện tử; 05 tin, bài trên Facebook.']],
    ['works registered, none handed over, no value', [row('work', { workKind: 'tuyen-pho', state: 'planned', count: 3 })], undefined, '2023-08-31',
      ['Các cấp bộ Đoàn đã triển khai 03 công trình, phần việc thanh niên.']],
    ['works on the budget only, under a million', [row('work', { workKind: 'tuyen-pho', state: 'handed_over', funding: 'budget', count: 12, value: 850_000 })], undefined, '2023-08-31',
      ['Các cấp bộ Đoàn đã triển khai 12 công trình, phần việc thanh niên (đã bàn giao 12 công trình), với tổng giá trị 850.000 đồng.']],
    ['works raised from society, a whole 5 tỉ', [row('work', { workKind: 'tuyen-pho', state: 'in_progress', funding: 'social', count: 2, value: 5_000_000_000 })], undefined, '2023-08-31',
      ['Các cấp bộ Đoàn đã triển khai 02 công trình, phần việc thanh niên, với tổng giá trị 05 tỉ đồng, trong đó xã hội hóa 05 tỉ đồng.']],
    ['one small team', [row('team', { count: 1, members: 9 })], undefined, '2023-08-31',
      ['Thành lập 01 đội hình tình nguyện với 09 đoàn viên, thanh niên tham gia.']],
    ['inspections all followed up', [row('inspection', { followUp: 'done', count: 12 })], undefined, '2023-08-31',
      ['Ban Chỉ đạo đã tổ chức 12 đoàn kiểm tra.']],
    ['no focus area covered yet', [], { total: 6, covered: 0 }, '2023-08-31',
      ['Chưa có địa bàn trọng tâm nào có hoạt động của Chiến dịch (0/6).']],
    ['a campaign without focus areas', [], { total: 0, covered: 0 }, '2023-08-31', []],
    ['linkages of one kind', [row('linkage', { linkKind: 'community', count: 4 })], undefined, '2023-08-31',
      ['Triển khai 04 liên kết cộng đồng.']],
    ['exemplary people only', [row('model', { modelKind: 'person', count: 3 })], undefined, '2023-08-31',
      ['Giới thiệu 03 gương điển hình.']],
    ['good models only', [row('model', { modelKind: 'model', count: 10 })], undefined, '2023-08-31',
      ['Giới thiệu 10 mô hình hay, cách làm hiệu quả.']],
    ['nothing recorded', [], undefined, '2023-08-31', []],
  ] as const)('%s', (_case, rows, focus, asOf, expected) => {
    expect(activitySentences(activityTotals(rows, focus), { asOf })).toEqual(expected);
  });
});
