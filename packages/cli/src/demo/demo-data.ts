/**
 * Demo data for Giao Ban: the 2023 summer volunteer campaign (Chiến dịch Thanh niên tình
 * nguyện Hè năm 2023) with its 11 national targets, the 67 provincial-level units, target
 * allocations and phase-1 weekly reports whose national totals match the phase-1
 * conclusion notice exactly; below Hà Nội and Lào Cai, their districts and grassroots units
 * (demo-children.ts), which the two provinces' consolidated reports already include.
 * Pure and deterministic: the only input is the units CSV text.
 */

import { parseCsv, seededRandom, splitProportionally } from '@giaoban/core';
import { CONSOLIDATED_UNITS, buildDemoChildren } from './demo-children.ts';

export interface DemoUnit { code: string; name: string; level: 'central' | 'province' | 'affiliated' | 'district' | 'grassroots' | 'branch'; parentCode: string | null; tags: string[]; region: string | null }
export interface DemoIndicator { code: string; name: string; unitOfMeasure: string; valueKind: 'integer' | 'decimal' | 'vnd'; reportingMode: 'increment' | 'cumulative'; illustrative: boolean }
export interface DemoCampaign {
  code: string; name: string; startDate: string; endDate: string; phases: { number: number; name: string; startDate: string; endDate: string }[];
  targets: { indicatorCode: string; target: number }[];
  /** How the phase-1 notice words each indicator it names ({target}, {value}: the figures). */
  noticePhrasing: Record<string, { target: string; done: string }>;
}

/** The phase-1 notice's own wording of the seven indicators it reports on. */
const NOTICE_PHRASING: Record<string, { target: string; done: string }> = {
  'tuyen-pho': {
    target: 'xây dựng mới {target} tuyến phố (đường, hẻm) văn minh với các tiêu chí “Sáng - Xanh - Sạch - Đẹp - Văn minh - An toàn”',
    done: 'đã xây dựng và đăng ký hoàn thành {value} tuyến phố',
  },
  'du-an-khoi-nghiep': { target: 'hỗ trợ {target} dự án khởi nghiệp sáng tạo của thanh niên', done: 'đã hỗ trợ {value} dự án' },
  'so-hoa': { target: 'hỗ trợ nâng cao năng lực số cho {target} lượt thanh thiếu nhi và người dân', done: 'đã hỗ trợ {value} lượt' },
  'ngoai-ngu': {
    target: 'tổ chức cho {target} lượt thanh thiếu nhi tham gia các hoạt động hỗ trợ nâng cao năng lực ngoại ngữ và hội nhập quốc tế',
    done: 'đã tổ chức cho {value} lượt thanh thiếu nhi',
  },
  'thieu-nhi-kho-khan': { target: 'hỗ trợ cho {target} thiếu nhi có hoàn cảnh khó khăn', done: 'đã hỗ trợ cho {value} thiếu nhi' },
  'nha-nhan-ai': { target: 'xây mới {target} nhà nhân ái, nhà tình nghĩa, nhà khăn quàng đỏ, nhà bán trú', done: 'đã xây dựng {value} nhà' },
  'cay-xanh': { target: 'trồng mới {target} cây xanh', done: 'đã trồng được {value} cây' },
};
/** A target allocated from TW to one of the 67 units. */
export interface DemoAllocation { unitCode: string; indicatorCode: string; target: number }
export interface DemoReport {
  unitCode: string;
  /** ISO week, e.g. '2023-W21'. */
  week: string;
  consolidated: boolean;
  /** indicatorCode → the week's increment. */
  values: Record<string, number>;
  highlights: string;
  difficulties: string;
  proposals: string;
  /** When the unit submitted it (ISO instant): on time, or after the Monday 10:00 deadline. */
  submittedAt: string;
  /** A first submission with a mistake, replaced later by `values` (a correction or a resubmission). */
  mistake?: { indicatorCode: string; value: number };
}
/** The reviewer (a manager of the unit's parent) approving or returning a report, at a moment. */
export interface DemoReview {
  unitCode: string; week: string; action: 'approve' | 'return'; at: string; reason?: string;
  /** Username of the reviewer; TW's (`DemoData.reviewer`) when absent. */
  reviewer?: string;
}
/**
 * After a review: the unit fixes its mistake — resubmitting a returned report or correcting
 * an approved one, with a reason — and the reviewer approves again when `reapprove`.
 */
export interface DemoFix {
  unitCode: string; week: string; action: 'submit' | 'correct'; at: string; reason?: string; reapprove: boolean;
  /** Username of the reviewer who approves again; TW's when absent. */
  reviewer?: string;
}
export interface DemoAccount { username: string; password: string; role: 'admin' | 'steering' | 'manager' | 'reporter' | 'viewer'; unitCode: string; displayName: string }
export interface DemoData {
  units: DemoUnit[]; indicators: DemoIndicator[]; campaign: DemoCampaign; allocations: DemoAllocation[]; reports: DemoReport[];
  reviews: DemoReview[]; fixes: DemoFix[]; accounts: DemoAccount[];
  /** The account that reviews the provinces' reports (a manager-level account of TW). */
  reviewer: string;
}

type Level = DemoUnit['level'];
const LEVELS: readonly Level[] = ['central', 'province', 'affiliated', 'district', 'grassroots', 'branch'];

interface IndicatorSpec extends DemoIndicator {
  target: number;
  /** National total over phase 1 (W21..W26), in the indicator's unit (km may have one decimal). */
  phase1Total: number;
}

function ind(
  code: string, name: string, unitOfMeasure: string, target: number, phase1Total: number,
  opts: Partial<Pick<DemoIndicator, 'valueKind' | 'reportingMode' | 'illustrative'>> = {},
): IndicatorSpec {
  return { code, name, unitOfMeasure, valueKind: 'integer', reportingMode: 'increment', illustrative: false, ...opts, target, phase1Total };
}

/** The 11 national targets; phase-1 totals from the notice, invented (45–90 % of target) for the illustrative ones. */
const INDICATORS: readonly IndicatorSpec[] = [
  ind('so-hoa', 'Hỗ trợ nâng cao năng lực số cho thanh thiếu nhi và người dân', 'lượt', 3_000_000, 2_926_049),
  ind('tuyen-pho', 'Xây dựng mới tuyến phố (đường, hẻm) văn minh', 'tuyến', 500, 698),
  ind('nha-nhan-ai', 'Xây mới nhà nhân ái, nhà tình nghĩa, nhà khăn quàng đỏ, nhà bán trú', 'nhà', 1_000, 551),
  ind('tap-huan-khoi-nghiep', 'Tập huấn khởi nghiệp cho thanh niên', 'lượt', 200_000, 131_842, { illustrative: true }),
  ind('du-an-khoi-nghiep', 'Hỗ trợ dự án khởi nghiệp sáng tạo của thanh niên', 'dự án', 700, 820),
  ind('thieu-nhi-kho-khan', 'Hỗ trợ thiếu nhi có hoàn cảnh khó khăn', 'thiếu nhi', 350_000, 244_756),
  ind('y-tuong', 'Ý tưởng, sáng kiến của thanh niên', 'ý tưởng', 25_000, 14_276, { illustrative: true }),
  ind('cay-xanh', 'Trồng mới cây xanh', 'cây', 6_000_000, 3_160_115, { reportingMode: 'cumulative' }),
  ind('ngoai-ngu', 'Hoạt động nâng cao năng lực ngoại ngữ và hội nhập quốc tế cho thanh thiếu nhi', 'lượt', 400_000, 251_532),
  ind('tinh-nguyen-vien', 'Đoàn viên, thanh niên tham gia tình nguyện', 'lượt', 5_000_000, 3_418_530, { illustrative: true }),
  ind('duong-nong-thon', 'Làm mới, sửa chữa đường giao thông nông thôn', 'km', 3_000, 1_962.5, { valueKind: 'decimal', illustrative: true }),
];

const URBAN = new Set(['01', '31', '48', '79', '92']);

/** Size factor per province: approximate 2023 population in hundred thousands. */
const PROVINCE_SIZE: Record<string, number> = {
  '01': 84, '02': 9, '04': 5, '06': 3, '08': 8, '10': 8, '11': 6, '12': 5, '14': 13, '15': 8,
  '17': 9, '19': 13, '20': 8, '22': 14, '24': 19, '25': 15, '26': 12, '27': 15, '30': 19, '31': 21,
  '33': 13, '34': 19, '35': 9, '36': 19, '37': 10, '38': 37, '40': 34, '42': 13, '44': 9, '45': 6,
  '46': 12, '48': 12, '49': 15, '51': 12, '52': 15, '54': 9, '56': 12, '58': 6, '60': 13, '62': 6,
  '64': 16, '66': 19, '67': 7, '68': 13, '70': 10, '72': 12, '74': 28, '75': 33, '77': 12, '79': 94,
  '80': 17, '82': 18, '83': 13, '84': 10, '86': 10, '87': 16, '89': 19, '91': 18, '92': 12, '93': 7,
  '94': 12, '95': 9, '96': 12,
};
const AFFILIATED_SIZE = 6;

/** Phase-1 ISO weeks; W21 covers only Sat 27 – Sun 28 May, hence its small ramp weight. */
const WEEKS = ['2023-W21', '2023-W22', '2023-W23', '2023-W24', '2023-W25', '2023-W26'] as const;
const WEEK_RAMP = [4, 14, 17, 20, 23, 26] as const;
/** Units that sent no report for the last week of phase 1. */
const MISSING_LAST_WEEK = new Set(['12', '58', 'KDN']);
/** Units that sent the last week's report after the deadline (the notice names Lào Cai, Bắc Kạn). */
const LATE_LAST_WEEK = ['10', '06', '45', '94'];
/** Reports sent back at the end of phase 1, and why; the first two are fixed and resubmitted. */
const RETURNED_LAST_WEEK: readonly { unitCode: string; reason: string; fixed: boolean }[] = [
  { unitCode: '38', reason: 'Số tuyến phố văn minh tăng bất thường so với các tuần trước, đề nghị rà soát lại biên bản nghiệm thu.', fixed: true },
  { unitCode: '89', reason: 'Số nhà nhân ái chưa khớp với danh sách bàn giao gửi kèm, đề nghị kiểm tra lại.', fixed: true },
  { unitCode: '24', reason: 'Báo cáo chưa nêu khó khăn, vướng mắc và đề xuất; đề nghị bổ sung nội dung.', fixed: false },
];
/** An approved report corrected afterwards: a figure typed with one digit too many. */
const CORRECTED = { unitCode: '79', week: '2023-W24', indicatorCode: 'tuyen-pho', reason: 'Nhập nhầm số tuyến phố văn minh (thừa một chữ số 0); đính chính theo biên bản nghiệm thu.' };

/** Monday 10:00 of the week after `week` in Hà Nội, as epoch ms (the provinces' deadline). */
function provinceDeadlineMs(weekIndex: number): number {
  // WEEKS[0] is 2023-W21; its deadline is Monday 29/05/2023 10:00 (+07:00).
  return Date.parse('2023-05-29T10:00:00+07:00') + weekIndex * 7 * 86_400_000;
}
const HOUR = 3_600_000;

const HIGHLIGHTS = [
  'Ra quân các đội hình thanh niên tình nguyện tại các địa bàn trọng tâm.',
  'Khánh thành, bàn giao công trình thanh niên tại xã nông thôn mới.',
  'Hướng dẫn kỹ năng số, cài đặt ứng dụng dịch vụ công cho người dân.',
  'Ra mắt tuyến phố văn minh "Sáng - Xanh - Sạch - Đẹp - Văn minh - An toàn".',
  'Trao quà, học bổng cho thiếu nhi có hoàn cảnh khó khăn.',
  'Tổ chức ngày hội trồng cây xanh với đông đảo đoàn viên, thanh niên tham gia.',
  'Mở lớp tiếng Anh miễn phí cho thiếu nhi trong dịp hè.',
  'Tổ chức diễn đàn, tập huấn khởi nghiệp cho thanh niên nông thôn.',
] as const;
const DIFFICULTIES = [
  'Mưa lớn kéo dài ảnh hưởng đến tiến độ thi công các công trình.',
  'Nguồn kinh phí xã hội hóa còn hạn chế.',
  'Một số cơ sở Đoàn báo cáo số liệu chưa kịp thời.',
  'Sinh viên tình nguyện về địa phương còn ít do trùng lịch thi.',
  'Địa bàn rộng, giao thông đi lại khó khăn.',
  'Chưa có nhiều đơn vị đồng hành hỗ trợ nguồn lực.',
] as const;
const PROPOSALS = [
  '',
  '',
  'Đề nghị Trung ương Đoàn sớm hướng dẫn tiêu chí công nhận tuyến phố văn minh.',
  'Đề nghị hỗ trợ thêm nguồn lực cho các địa bàn trọng tâm.',
  'Đề nghị tổ chức tập huấn sử dụng phần mềm báo cáo cho cán bộ cơ sở.',
  'Đề nghị kết nối thêm đội hình sinh viên tình nguyện về địa phương.',
] as const;

/** Every demo account's password. */
export const DEMO_PASSWORD = 'giaoban2023';
const PASSWORD = DEMO_PASSWORD;

function parseUnits(unitsCsv: string): DemoUnit[] {
  const [header = [], ...rows] = parseCsv(unitsCsv);
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`units CSV: missing column ${name}`);
    return i;
  };
  const cCode = col('code'), cLevel = col('level'), cUnion = col('union_name'), cRegion = col('region'), cParent = col('parent');
  const units: DemoUnit[] = [{ code: 'TW', name: 'Trung ương Đoàn', level: 'central', parentCode: null, tags: [], region: null }];
  for (const r of rows) {
    const get = (i: number): string => (r[i] ?? '').trim();
    const code = get(cCode);
    if (code === 'TW') continue;
    const level = get(cLevel) as Level;
    if (!LEVELS.includes(level)) throw new Error(`units CSV: unit ${code} has unknown level ${level}`);
    units.push({
      code,
      name: get(cUnion),
      level,
      parentCode: get(cParent) || 'TW',
      tags: URBAN.has(code) ? ['urban'] : [],
      region: get(cRegion) || null,
    });
  }
  if (units.length !== 68) throw new Error(`units CSV: expected 67 units under TW, got ${units.length - 1}`);
  return units;
}

/** How large a provincial-level unit of 2023 is (its share of targets and figures). */
export function sizeOf(unit: DemoUnit): number {
  if (unit.level === 'affiliated') return AFFILIATED_SIZE;
  const size = PROVINCE_SIZE[unit.code];
  if (size === undefined) throw new Error(`no size factor for unit ${unit.code}`);
  return size;
}

/** Builds the whole demo data set; identical output on every call. */
export function buildDemoData(unitsCsv: string): DemoData {
  const rng = seededRandom(20230527);
  const randInt = (min: number, max: number): number => min + Math.floor(rng() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;

  const units = parseUnits(unitsCsv);
  const members = units.filter((u) => u.parentCode === 'TW');
  const sizes = members.map(sizeOf);

  const indicators: DemoIndicator[] = INDICATORS.map((s) => ({
    code: s.code, name: s.name, unitOfMeasure: s.unitOfMeasure, valueKind: s.valueKind, reportingMode: s.reportingMode, illustrative: s.illustrative,
  }));
  const campaign: DemoCampaign = {
    code: 'tntn-he-2023',
    name: 'Chiến dịch Thanh niên tình nguyện Hè năm 2023',
    startDate: '2023-05-27',
    endDate: '2023-08-31',
    phases: [
      { number: 1, name: 'Đợt 01', startDate: '2023-05-27', endDate: '2023-07-02' },
      { number: 2, name: 'Đợt 02', startDate: '2023-07-03', endDate: '2023-08-31' },
    ],
    targets: INDICATORS.map((s) => ({ indicatorCode: s.code, target: s.target })),
    noticePhrasing: NOTICE_PHRASING,
  };

  const allocations: DemoAllocation[] = INDICATORS.flatMap((s) =>
    splitProportionally(s.target, sizes).map((target, i) => ({ unitCode: members[i]!.code, indicatorCode: s.code, target })));

  // values[indicator][week][unit], in whole units (tenths of a km for decimal indicators).
  const values = INDICATORS.map((s) => {
    const scale = s.valueKind === 'decimal' ? 10 : 1;
    const performance = sizes.map((size) => size * randInt(30, 180)); // some units far ahead, some far behind
    const weekTotals = splitProportionally(Math.round(s.phase1Total * scale), WEEK_RAMP.map((w) => w * randInt(95, 105)));
    return WEEKS.map((week, w) => {
      const last = w === WEEKS.length - 1;
      const weights = members.map((m, u) => (last && MISSING_LAST_WEEK.has(m.code) ? 0 : performance[u]! * randInt(60, 140)));
      return splitProportionally(weekTotals[w]!, weights).map((v) => v / scale);
    });
  });

  // The reporting history has its own random stream, so the figures above never change.
  const timing = seededRandom(20230703);
  const between = (fromMs: number, toMs: number): string =>
    new Date(fromMs + Math.floor(timing() * ((toMs - fromMs) / 60_000)) * 60_000).toISOString();
  const lastWeek = WEEKS.length - 1;
  const reports: DemoReport[] = [];
  WEEKS.forEach((week, w) => {
    const due = provinceDeadlineMs(w);
    // A few units each week report after the deadline; the last week's are the notice's.
    const late = new Set(w === lastWeek ? LATE_LAST_WEEK : members.filter(() => timing() < 0.06).map((m) => m.code));
    members.forEach((m, u) => {
      if (w === lastWeek && MISSING_LAST_WEEK.has(m.code)) return;
      const report: DemoReport = {
        unitCode: m.code,
        week,
        // Hà Nội's and Lào Cai's figures already include their districts and grassroots units.
        consolidated: CONSOLIDATED_UNITS.has(m.code),
        values: Object.fromEntries(INDICATORS.map((s, k) => [s.code, values[k]![w]![u]!])),
        highlights: w === 0 ? 'Tổ chức lễ ra quân Chiến dịch Thanh niên tình nguyện Hè năm 2023.' : pick(HIGHLIGHTS),
        difficulties: pick(DIFFICULTIES),
        proposals: pick(PROPOSALS),
        // On time: from Saturday morning to a few minutes before Monday 10:00; late: up to Tuesday evening.
        submittedAt: late.has(m.code) ? between(due + 15 * 60_000, due + 31 * HOUR) : between(due - 49 * HOUR, due - 5 * 60_000),
      };
      const returned = w === lastWeek && RETURNED_LAST_WEEK.find((r) => r.unitCode === m.code);
      if (returned && returned.fixed) {
        const code = returned.unitCode === '38' ? 'tuyen-pho' : 'nha-nhan-ai';
        report.mistake = { indicatorCode: code, value: (report.values[code] ?? 0) * 10 + 7 };
      }
      if (m.code === CORRECTED.unitCode && week === CORRECTED.week) {
        report.mistake = { indicatorCode: CORRECTED.indicatorCode, value: (report.values[CORRECTED.indicatorCode] ?? 0) * 10 };
      }
      reports.push(report);
    });
  });

  // TW reviews each week's reports on the Tuesday and Wednesday after the deadline: phase 1's
  // last week is still under review (a few returned, the rest waiting), a few earlier ones
  // were never got to.
  const reviews: DemoReview[] = [];
  const fixes: DemoFix[] = [];
  for (const r of reports) {
    const w = WEEKS.indexOf(r.week as (typeof WEEKS)[number]);
    const due = provinceDeadlineMs(w);
    const at = new Date(Math.max(Date.parse(r.submittedAt) + HOUR, due + 26 * HOUR + Math.floor(timing() * 30) * HOUR)).toISOString();
    if (w === lastWeek) {
      const returned = RETURNED_LAST_WEEK.find((x) => x.unitCode === r.unitCode);
      if (!returned) continue;
      reviews.push({ unitCode: r.unitCode, week: r.week, action: 'return', at, reason: returned.reason });
      if (returned.fixed) fixes.push({ unitCode: r.unitCode, week: r.week, action: 'submit', at: new Date(Date.parse(at) + 5 * HOUR).toISOString(), reapprove: false });
      continue;
    }
    if (w === lastWeek - 1 && timing() < 0.1) continue;
    reviews.push({ unitCode: r.unitCode, week: r.week, action: 'approve', at });
    if (r.unitCode === CORRECTED.unitCode && r.week === CORRECTED.week) {
      fixes.push({ unitCode: r.unitCode, week: r.week, action: 'correct', at: new Date(Date.parse(at) + 50 * HOUR).toISOString(), reason: CORRECTED.reason, reapprove: true });
    }
  }

  const account = (username: string, role: DemoAccount['role'], unitCode: string, displayName: string): DemoAccount =>
    ({ username, password: PASSWORD, role, unitCode, displayName });
  const accounts: DemoAccount[] = [
    account('admin', 'admin', 'TW', 'Quản trị hệ thống'),
    account('tw.chidao', 'steering', 'TW', 'Ban Chỉ đạo Trung ương'),
    account('tw.xem', 'viewer', 'TW', 'Cán bộ theo dõi Trung ương Đoàn'),
    account('hanoi.quanly', 'manager', '01', 'Quản lý Thành Đoàn Hà Nội'),
    account('hanoi.baocao', 'reporter', '01', 'Báo cáo viên Thành Đoàn Hà Nội'),
    account('laocai.baocao', 'reporter', '10', 'Báo cáo viên Tỉnh Đoàn Lào Cai'),
    // Its last report was returned with a reason and is still to be fixed: the bell shows the return.
    account('bacgiang.baocao', 'reporter', '24', 'Báo cáo viên Tỉnh Đoàn Bắc Giang'),
    account('hcm.quanly', 'manager', '79', 'Quản lý Thành Đoàn TP. Hồ Chí Minh'),
    account('hcm.baocao', 'reporter', '79', 'Báo cáo viên Thành Đoàn TP. Hồ Chí Minh'),
  ];

  // Below Hà Nội and Lào Cai: after everything above, from its own random stream.
  const children = buildDemoChildren({
    provinces: units, allocations, reports, weeks: [...WEEKS], campaign,
    decimal: new Set(INDICATORS.filter((s) => s.valueKind === 'decimal').map((s) => s.code)),
  });

  return {
    units: [...units, ...children.units],
    indicators,
    campaign,
    allocations: [...allocations, ...children.allocations],
    reports: [...reports, ...children.reports],
    reviews: [...reviews, ...children.reviews],
    fixes: [...fixes, ...children.fixes],
    accounts: [...accounts, ...children.accounts],
    reviewer: 'tw.chidao',
  };
}
