/**
 * The demo's 2025: the Union's own reorganisation (the 63 provinces of 2023 merged into 34
 * from 01/07/2025 as `provinces-vn-2025.csv` says, and the district level abolished: its
 * grassroots units go up to their province, its accounts are closed), then a short campaign
 * run under the new structure — four weeks of July 2025 with reports from the 34 provinces
 * and the 4 directly affiliated units, reviewed by TW — so the dashboard can show both the
 * 2023 campaign by the units of 2023 and by those of today, and a 2025 campaign that never had
 * the old ones.
 *
 * Pure and deterministic, with its own random streams: the 2023 demo never changes because of it.
 */
import { reorganisationFromProvinces, seededRandom, splitProportionally, unionNameOf, type ProvinceFormation, type Reorganisation } from '@giaoban/core';
import type { DemoAccount, DemoAllocation, DemoCampaign, DemoIndicator, DemoReport, DemoReview, DemoUnit } from './demo-data.ts';

/** When TW records the reorganisation (a week ahead of its date; accounts move on the date itself). */
export const REORGANISATION_RECORDED_AT = '2025-06-24T09:00:00+07:00';
/** When TW sets up the 2025 campaign and hands its targets down. */
export const CAMPAIGN_2025_CREATED_AT = '2025-07-03T09:00:00+07:00';

export interface Demo2025 {
  readonly reorganisation: Reorganisation;
  /** The units under TW once it is applied (the 34 provinces, then the 4 affiliated units). */
  readonly members: readonly DemoUnit[];
  readonly campaign: DemoCampaign;
  /** Only the provinces and the affiliated units report this campaign (its deadline rules). */
  readonly reportingLevels: readonly DemoUnit['level'][];
  readonly allocations: readonly DemoAllocation[];
  readonly reports: readonly DemoReport[];
  readonly reviews: readonly DemoReview[];
  /** Accounts of two 2025 provinces (Tuyên Quang, formed from Tuyên Quang and Hà Giang). */
  readonly accounts: readonly DemoAccount[];
}

/** The campaign's indicators (the 2023 ones, by code) and their national targets. */
const TARGETS: readonly { indicatorCode: string; target: number; achieved: [number, number] }[] = [
  { indicatorCode: 'tuyen-pho', target: 300, achieved: [95, 125] },
  { indicatorCode: 'nha-nhan-ai', target: 600, achieved: [70, 90] },
  { indicatorCode: 'so-hoa', target: 1_500_000, achieved: [85, 105] },
  { indicatorCode: 'thieu-nhi-kho-khan', target: 150_000, achieved: [80, 100] },
  { indicatorCode: 'cay-xanh', target: 2_000_000, achieved: [60, 80] },
  { indicatorCode: 'tinh-nguyen-vien', target: 2_500_000, achieved: [90, 110] },
];

const WEEKS = ['2025-W28', '2025-W29', '2025-W30', '2025-W31'] as const;
const WEEK_RAMP = [20, 25, 27, 28] as const;
/** Monday 10:00 (Hà Nội) after the first week: the provinces' deadline. */
const FIRST_DEADLINE = Date.parse('2025-07-14T10:00:00+07:00');
const HOUR = 3_600_000;
/** No report for the last week. */
const MISSING_LAST_WEEK = new Set(['11', 'QD']);
/** The last week's reports TW sent back, and why. */
const RETURNED_LAST_WEEK: Readonly<Record<string, string>> = {
  '08': 'Số nhà nhân ái tăng gấp đôi so với tuần trước nhưng chưa có danh sách bàn giao, đề nghị bổ sung.',
};
/** The last week's reports TW has not reviewed yet. */
const UNREVIEWED_LAST_WEEK = new Set(['33', '52', '86', '96', 'KDN']);

const HIGHLIGHTS = [
  'Ra mắt các đội hình thanh niên tình nguyện của tỉnh mới sau sắp xếp.',
  'Hỗ trợ người dân thực hiện thủ tục hành chính tại trung tâm phục vụ hành chính công cấp xã.',
  'Bàn giao công trình thanh niên tại các xã mới thành lập.',
  'Tổ chức lớp "Bình dân học vụ số" cho cán bộ, người dân.',
  'Trao quà, học bổng cho thiếu nhi có hoàn cảnh khó khăn.',
  'Ra quân trồng cây xanh tại các khu dân cư.',
] as const;
const DIFFICULTIES = [
  'Tổ chức bộ máy sau sắp xếp đang kiện toàn, một số cơ sở Đoàn chưa ổn định nhân sự.',
  'Địa bàn tỉnh mới rộng, việc đi lại giữa các xã còn khó khăn.',
  'Mưa lớn kéo dài ảnh hưởng đến tiến độ các công trình.',
  'Nguồn kinh phí xã hội hóa còn hạn chế.',
] as const;
const PROPOSALS = [
  '',
  'Đề nghị Trung ương Đoàn hướng dẫn việc thống nhất số liệu của các đơn vị trước sắp xếp.',
  'Đề nghị hỗ trợ tập huấn cán bộ Đoàn cấp xã mới.',
] as const;

/**
 * The 2025 part of the demo, from the table of the 2025 provinces and the 2023 demo's units
 * (the provincial-level ones, with their `size`: a 2025 province is as large as its predecessors).
 */
export function buildDemo2025(input: {
  readonly provinces: readonly ProvinceFormation[];
  readonly units2023: readonly DemoUnit[];
  readonly indicators: readonly DemoIndicator[];
  readonly sizeOf: (unit: DemoUnit) => number;
  readonly password: string;
}): Demo2025 {
  const rng = seededRandom(20250701);
  const randInt = (min: number, max: number): number => min + Math.floor(rng() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;
  const between = (fromMs: number, toMs: number): string =>
    new Date(fromMs + Math.floor(rng() * ((toMs - fromMs) / 60_000)) * 60_000).toISOString();

  const reorganisation = reorganisationFromProvinces(input.provinces, {
    name: 'Sắp xếp tổ chức Đoàn theo đơn vị hành chính mới từ ngày 01/07/2025', abolishLevel: 'district',
  });
  const byCode = new Map(input.units2023.map((u) => [u.code, u]));
  const old = (code: string): DemoUnit => {
    const unit = byCode.get(code);
    if (!unit) throw new Error(`demo 2025: no 2023 unit ${code}`);
    return unit;
  };
  const provinces = input.provinces.map((p) => {
    const from = p.formedFrom.map(old);
    const unit: DemoUnit = {
      code: p.code,
      // A province formed from one keeps its union's name; a merged one takes the new name.
      name: from.length === 1 ? from[0]!.name : unionNameOf(p.name),
      level: 'province', parentCode: 'TW',
      tags: from[0]!.tags.filter((t) => from.every((f) => f.tags.includes(t))),
      region: from[0]!.region,
    };
    return { unit, size: from.reduce((sum, f) => sum + input.sizeOf(f), 0) };
  });
  const affiliated = input.units2023.filter((u) => u.parentCode === 'TW' && u.level === 'affiliated').map((unit) => ({ unit, size: input.sizeOf(unit) }));
  const members = [...provinces, ...affiliated];
  const sizes = members.map((m) => m.size);

  const known = new Set(input.indicators.map((i) => i.code));
  for (const t of TARGETS) if (!known.has(t.indicatorCode)) throw new Error(`demo 2025: unknown indicator ${t.indicatorCode}`);
  const campaign: DemoCampaign = {
    code: 'tntn-he-2025',
    name: 'Chiến dịch Thanh niên tình nguyện Hè năm 2025 (đợt tháng 7)',
    startDate: '2025-07-07',
    endDate: '2025-08-03',
    phases: [{ number: 1, name: 'Đợt tháng 7', startDate: '2025-07-07', endDate: '2025-08-03' }],
    targets: TARGETS.map((t) => ({ indicatorCode: t.indicatorCode, target: t.target })),
    noticePhrasing: {},
  };
  const allocations: DemoAllocation[] = TARGETS.flatMap((t) =>
    splitProportionally(t.target, sizes).map((target, i) => ({ unitCode: members[i]!.unit.code, indicatorCode: t.indicatorCode, target })));

  // values[indicator][week][member]: weekly increments whose four-week total is the indicator's share achieved.
  const lastWeek = WEEKS.length - 1;
  const values = TARGETS.map((t) => {
    const total = randInt(Math.round((t.target * t.achieved[0]) / 100), Math.round((t.target * t.achieved[1]) / 100));
    const performance = sizes.map((size) => size * randInt(50, 150));
    const weekTotals = splitProportionally(total, WEEK_RAMP.map((w) => w * randInt(90, 110)));
    return WEEKS.map((_, w) => splitProportionally(weekTotals[w]!, members.map((m, u) =>
      (w === lastWeek && MISSING_LAST_WEEK.has(m.unit.code) ? 0 : performance[u]! * randInt(60, 140)))));
  });

  const reports: DemoReport[] = [];
  const reviews: DemoReview[] = [];
  WEEKS.forEach((week, w) => {
    const due = FIRST_DEADLINE + w * 7 * 24 * HOUR;
    const late = new Set(members.filter(() => rng() < 0.08).map((m) => m.unit.code));
    members.forEach((m, u) => {
      const code = m.unit.code;
      if (w === lastWeek && MISSING_LAST_WEEK.has(code)) return;
      const submittedAt = late.has(code) ? between(due + 20 * 60_000, due + 30 * HOUR) : between(due - 48 * HOUR, due - 5 * 60_000);
      reports.push({
        unitCode: code, week, consolidated: false,
        values: Object.fromEntries(TARGETS.map((t, k) => [t.indicatorCode, values[k]![w]![u]!])),
        highlights: w === 0 ? 'Ra quân Chiến dịch Thanh niên tình nguyện Hè năm 2025 tại các xã, phường mới sau sắp xếp.' : pick(HIGHLIGHTS),
        difficulties: pick(DIFFICULTIES),
        proposals: pick(PROPOSALS),
        submittedAt,
      });
      // TW goes through the week's reports on the Tuesday and Wednesday after the deadline.
      const at = new Date(Math.max(Date.parse(submittedAt) + HOUR, due + 24 * HOUR + randInt(0, 30) * HOUR)).toISOString();
      if (w === lastWeek && UNREVIEWED_LAST_WEEK.has(code)) return;
      const reason = w === lastWeek ? RETURNED_LAST_WEEK[code] : undefined;
      reviews.push(reason ? { unitCode: code, week, action: 'return', at, reason } : { unitCode: code, week, action: 'approve', at });
    });
  });

  const account = (username: string, role: DemoAccount['role'], unitCode: string, displayName: string): DemoAccount =>
    ({ username, password: input.password, role, unitCode, displayName });
  const accounts: DemoAccount[] = [
    account('tuyenquang.quanly', 'manager', '08', 'Quản lý Tỉnh Đoàn Tuyên Quang'),
    // Its last report was returned by TW with a reason: the bell shows the return.
    account('tuyenquang.baocao', 'reporter', '08', 'Báo cáo viên Tỉnh Đoàn Tuyên Quang'),
  ];
  return {
    reorganisation, members: members.map((m) => m.unit), campaign, reportingLevels: ['province', 'affiliated'], allocations, reports, reviews, accounts,
  };
}
