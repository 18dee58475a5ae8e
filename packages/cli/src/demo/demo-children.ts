/**
 * The units below two provinces of the demo: Hà Nội's districts (Ba Đình with its wards, a
 * school and the district's offices below it) and Lào Cai's districts and grassroots units,
 * with their accounts, targets, weekly reports and the reviews of those reports by the
 * managers of their parents (hanoi.quanly, badinh.quanly, laocai.quanly).
 *
 * The two provinces report consolidated (DESIGN.md "The numbers must be right"): their figures
 * already include everything below them, so the national figures — the phase-1 notice's —
 * are exactly what they were. Each week the children of a parent report 60–95 % of the
 * parent's figure between them (the rest the parent organised itself); Ba Đình reports
 * consolidated in turn over its grassroots units.
 *
 * Pure and deterministic, with its own random stream: the provinces' figures and history
 * never change because of it.
 */
import { DEFAULT_DEADLINES, campaignWeeks, dueAt, seededRandom, splitProportionally, type CampaignWeek } from '@giaoban/core';
import type { DemoAccount, DemoAllocation, DemoFix, DemoReport, DemoReview, DemoUnit } from './demo-data.ts';

interface ChildSpec {
  readonly code: string;
  readonly name: string;
  readonly level: 'district' | 'grassroots';
  readonly tags: readonly string[];
  /** Relative size: how the parent's targets and figures are shared among its children. */
  readonly size: number;
}

/** A parent and the children it reviews, listed parents first (Ba Đình after Hà Nội). */
interface ChildGroup {
  readonly parentCode: string;
  /** The manager of the parent unit who approves or returns the children's reports. */
  readonly reviewer: string;
  readonly children: readonly ChildSpec[];
}

const district = (code: string, name: string, tags: string[], size: number): ChildSpec => ({ code, name, level: 'district', tags, size });
const grassroots = (code: string, name: string, tags: string[], size: number): ChildSpec => ({ code, name, level: 'grassroots', tags, size });

/** Sizes are rough youth populations; Hà Nội's districts and Lào Cai's as they were in 2023. */
const GROUPS: readonly ChildGroup[] = [
  {
    parentCode: '01', reviewer: 'hanoi.quanly', children: [
      district('01-BD', 'Quận Đoàn Ba Đình', ['urban'], 5),
      district('01-HK', 'Quận Đoàn Hoàn Kiếm', ['urban'], 3),
      district('01-DD', 'Quận Đoàn Đống Đa', ['urban'], 8),
      district('01-CG', 'Quận Đoàn Cầu Giấy', ['urban'], 6),
      district('01-HD', 'Quận Đoàn Hà Đông', ['urban'], 7),
      district('01-SS', 'Huyện Đoàn Sóc Sơn', ['rural'], 6),
      district('01-BV', 'Huyện Đoàn Ba Vì', ['rural'], 5),
    ],
  },
  {
    parentCode: '01-BD', reviewer: 'badinh.quanly', children: [
      grassroots('01-BD-PX', 'Đoàn phường Phúc Xá', ['urban'], 2),
      grassroots('01-BD-DC', 'Đoàn phường Đội Cấn', ['urban'], 2),
      grassroots('01-BD-KM', 'Đoàn phường Kim Mã', ['urban'], 2),
      grassroots('01-BD-NK', 'Đoàn phường Ngọc Khánh', ['urban'], 3),
      grassroots('01-BD-PDP', 'Đoàn trường THPT Phan Đình Phùng', ['school'], 2),
      grassroots('01-BD-CQ', 'Đoàn Khối cơ quan quận Ba Đình', ['public-administration'], 1),
    ],
  },
  {
    parentCode: '10', reviewer: 'laocai.quanly', children: [
      district('10-TP', 'Thành Đoàn Lào Cai', ['urban'], 3),
      district('10-SP', 'Thị Đoàn Sa Pa', ['urban'], 2),
      district('10-BX', 'Huyện Đoàn Bát Xát', ['rural'], 2),
      district('10-BT', 'Huyện Đoàn Bảo Thắng', ['rural'], 3),
      grassroots('10-CD', 'Đoàn trường Cao đẳng Lào Cai', ['school'], 1),
      grassroots('10-BV', 'Đoàn Bệnh viện Đa khoa tỉnh Lào Cai', ['public-administration'], 1),
    ],
  },
];

/** Units that report everything below them: their children's figures are already in theirs. */
export const CONSOLIDATED_UNITS: ReadonlySet<string> = new Set(GROUPS.map((g) => g.parentCode));

/** Ward Đội Cấn sent nothing for the last week: Ba Đình's manager, then Hà Nội's, were told. */
const MISSING = new Set(['01-BD-DC|2023-W26']);
/**
 * The last week's reports their parents had got to by the history's end; the others wait
 * for review (hanoi.quanly has several), Sóc Sơn's was returned and is still to be fixed.
 */
const LAST_WEEK_APPROVED = new Set(['01-BD', '01-BD-PX', '01-BD-KM', '10-TP', '10-BX']);
const LAST_WEEK_RETURNED = {
  unitCode: '01-SS',
  reason: 'Báo cáo chưa nêu các công trình thanh niên khởi công trong tuần và địa điểm trồng cây xanh; đề nghị bổ sung vào phần kết quả nổi bật.',
};
/** Reports of the week before that nobody reviewed yet. */
const UNREVIEWED = new Set(['01-HD|2023-W25', '10-SP|2023-W25']);
/** A report returned for a figure typed ten times too big, fixed and resubmitted, then approved. */
const RETURNED_AND_FIXED = {
  unitCode: '01-DD', week: '2023-W24', indicatorCode: 'thieu-nhi-kho-khan',
  reason: 'Số thiếu nhi có hoàn cảnh khó khăn được hỗ trợ cao gấp nhiều lần các tuần trước, đề nghị rà soát lại danh sách trao quà.',
};

const HOUR = 3_600_000;
const PASSWORD = 'giaoban2023';

const HIGHLIGHTS = [
  'Ra quân tổng vệ sinh, chỉnh trang tuyến phố văn minh trên địa bàn.',
  'Hướng dẫn người dân cài đặt, sử dụng ứng dụng VNeID và dịch vụ công trực tuyến.',
  'Trao quà cho thiếu nhi có hoàn cảnh khó khăn trên địa bàn.',
  'Trồng cây xanh tại khu dân cư và trường học.',
  'Mở lớp tiếng Anh hè miễn phí cho thiếu nhi tại nhà văn hóa.',
  'Đội hình thanh niên tình nguyện tiếp sức thí sinh trong kỳ thi tốt nghiệp THPT.',
  'Khởi công công trình thanh niên thắp sáng đường quê.',
] as const;
const DIFFICULTIES = [
  'Mưa lớn kéo dài ảnh hưởng đến tiến độ các hoạt động ngoài trời.',
  'Nguồn kinh phí xã hội hóa còn hạn chế.',
  'Đoàn viên là học sinh, sinh viên nghỉ hè về quê nên lực lượng tham gia còn mỏng.',
  'Cán bộ Đoàn kiêm nhiệm nhiều việc, thời gian dành cho chiến dịch chưa nhiều.',
] as const;
const PROPOSALS = [
  '',
  '',
  'Đề nghị {parent} hỗ trợ thêm nguồn lực cho các công trình thanh niên.',
  'Đề nghị {parent} tổ chức tập huấn nhập báo cáo trên phần mềm cho cán bộ cơ sở.',
] as const;

export interface DemoChildren {
  readonly units: DemoUnit[];
  readonly allocations: DemoAllocation[];
  readonly reports: DemoReport[];
  readonly reviews: DemoReview[];
  readonly fixes: DemoFix[];
  readonly accounts: DemoAccount[];
}

/**
 * The children of the consolidating units, from the provinces' own units, targets and
 * reports (the weeks of phase 1); `campaign` gives the weeks their deadlines.
 */
export function buildDemoChildren(input: {
  readonly provinces: readonly DemoUnit[];
  readonly allocations: readonly DemoAllocation[];
  readonly reports: readonly DemoReport[];
  readonly weeks: readonly string[];
  readonly campaign: { readonly startDate: string; readonly endDate: string };
  /** Indicator code → whether it has one decimal (km); its figures are split in tenths. */
  readonly decimal: ReadonlySet<string>;
}): DemoChildren {
  const rng = seededRandom(20230610);
  const randInt = (min: number, max: number): number => min + Math.floor(rng() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;
  const between = (fromMs: number, toMs: number): string =>
    new Date(fromMs + Math.floor(rng() * ((toMs - fromMs) / 60_000)) * 60_000).toISOString();
  const calendar = new Map<string, CampaignWeek>(campaignWeeks(input.campaign.startDate, input.campaign.endDate).map((w) => [w.week, w]));
  const lastWeek = input.weeks[input.weeks.length - 1]!;

  const units: DemoUnit[] = [];
  const unitByCode = new Map(input.provinces.map((u) => [u.code, u]));
  for (const g of GROUPS) {
    const parent = unitByCode.get(g.parentCode);
    if (!parent) throw new Error(`demo children: no parent unit ${g.parentCode}`);
    for (const c of g.children) {
      const unit: DemoUnit = { code: c.code, name: c.name, level: c.level, parentCode: g.parentCode, tags: [...c.tags], region: parent.region };
      units.push(unit);
      unitByCode.set(c.code, unit);
    }
  }

  // Each parent hands 80–95 % of each of its targets down (the rest it keeps for its own work).
  const allocations: DemoAllocation[] = [];
  const targetOf = new Map(input.allocations.map((a) => [`${a.unitCode}|${a.indicatorCode}`, a.target]));
  const indicatorCodes = [...new Set(input.allocations.map((a) => a.indicatorCode))];
  for (const g of GROUPS) {
    for (const code of indicatorCodes) {
      const target = targetOf.get(`${g.parentCode}|${code}`);
      if (target === undefined) throw new Error(`demo children: ${g.parentCode} has no target for ${code}`);
      const parts = splitProportionally(Math.round((target * randInt(80, 95)) / 100), g.children.map((c) => c.size));
      g.children.forEach((c, i) => {
        allocations.push({ unitCode: c.code, indicatorCode: code, target: parts[i]! });
        targetOf.set(`${c.code}|${code}`, parts[i]!);
      });
    }
  }

  const reportOf = new Map(input.reports.map((r) => [`${r.unitCode}|${r.week}`, r]));
  const reports: DemoReport[] = [];
  const reviews: DemoReview[] = [];
  const fixes: DemoFix[] = [];
  for (const g of GROUPS) {
    const parentName = unitByCode.get(g.parentCode)!.name;
    const parentTitle = parentName.split(' ').slice(0, 2).join(' '); // "Thành Đoàn", "Tỉnh Đoàn", "Quận Đoàn"
    for (const week of input.weeks) {
      const parentReport = reportOf.get(`${g.parentCode}|${week}`);
      if (!parentReport) throw new Error(`demo children: ${g.parentCode} has no report for ${week}`);
      const reporting = g.children.filter((c) => !MISSING.has(`${c.code}|${week}`));
      const weights = reporting.map((c) => c.size * randInt(60, 140));
      const values = new Map<string, Record<string, number>>(reporting.map((c) => [c.code, {}]));
      for (const [code, parentValue] of Object.entries(parentReport.values)) {
        const scale = input.decimal.has(code) ? 10 : 1;
        // The children's share of the parent's week: 60–95 %, the rest the parent's own work.
        const total = Math.floor((Math.round(parentValue * scale) * randInt(60, 95)) / 100);
        splitProportionally(total, weights).forEach((v, i) => { values.get(reporting[i]!.code)![code] = v / scale; });
      }
      const campaignWeek = calendar.get(week);
      if (!campaignWeek) throw new Error(`demo children: ${week} is not a campaign week`);
      const dueOf = (c: ChildSpec) => Date.parse(dueAt(DEFAULT_DEADLINES[c.level]!, campaignWeek));
      // The parent's manager goes through the week's list within two days of the children's
      // deadline and approves what has come in, several at once; a report sent later is
      // reviewed when it comes.
      const listAt = Math.max(...g.children.map(dueOf)) + randInt(2, 40) * HOUR;
      for (const c of reporting) {
        const due = dueOf(c);
        // Most on time (from the day before to a few minutes before the deadline); a few late,
        // within the day, before the level above the parent would be told.
        const late = rng() < 0.07;
        const report: DemoReport = {
          unitCode: c.code,
          week,
          consolidated: CONSOLIDATED_UNITS.has(c.code),
          values: values.get(c.code)!,
          highlights: pick(HIGHLIGHTS),
          difficulties: pick(DIFFICULTIES),
          proposals: pick(PROPOSALS).replace('{parent}', parentTitle),
          submittedAt: late ? between(due + 20 * 60_000, due + 20 * HOUR) : between(due - 30 * HOUR, due - 5 * 60_000),
        };
        const mistaken = c.code === RETURNED_AND_FIXED.unitCode && week === RETURNED_AND_FIXED.week;
        if (mistaken) {
          const code = RETURNED_AND_FIXED.indicatorCode;
          report.mistake = { indicatorCode: code, value: (report.values[code] ?? 0) * 10 + 3 };
        }
        reports.push(report);
        reportOf.set(`${c.code}|${week}`, report); // Ba Đình's figures are its wards' to share

        const at = new Date(Math.max(Date.parse(report.submittedAt) + HOUR, listAt)).toISOString();
        if (UNREVIEWED.has(`${c.code}|${week}`)) continue;
        if (week === lastWeek) {
          if (c.code === LAST_WEEK_RETURNED.unitCode) reviews.push({ unitCode: c.code, week, action: 'return', at, reason: LAST_WEEK_RETURNED.reason, reviewer: g.reviewer });
          else if (LAST_WEEK_APPROVED.has(c.code)) reviews.push({ unitCode: c.code, week, action: 'approve', at, reviewer: g.reviewer });
          continue;
        }
        if (mistaken) {
          reviews.push({ unitCode: c.code, week, action: 'return', at, reason: RETURNED_AND_FIXED.reason, reviewer: g.reviewer });
          fixes.push({ unitCode: c.code, week, action: 'submit', at: new Date(Date.parse(at) + 5 * HOUR).toISOString(), reapprove: true, reviewer: g.reviewer });
          continue;
        }
        reviews.push({ unitCode: c.code, week, action: 'approve', at, reviewer: g.reviewer });
      }
    }
  }

  const account = (username: string, role: DemoAccount['role'], unitCode: string, displayName: string): DemoAccount =>
    ({ username, password: PASSWORD, role, unitCode, displayName });
  const accounts: DemoAccount[] = [
    account('laocai.quanly', 'manager', '10', 'Quản lý Tỉnh Đoàn Lào Cai'),
    account('badinh.quanly', 'manager', '01-BD', 'Quản lý Quận Đoàn Ba Đình'),
    account('badinh.baocao', 'reporter', '01-BD', 'Báo cáo viên Quận Đoàn Ba Đình'),
    account('hoankiem.baocao', 'reporter', '01-HK', 'Báo cáo viên Quận Đoàn Hoàn Kiếm'),
    // Its last report was returned by Hà Nội with a reason: the bell shows the return.
    account('socson.baocao', 'reporter', '01-SS', 'Báo cáo viên Huyện Đoàn Sóc Sơn'),
    account('kimma.baocao', 'reporter', '01-BD-KM', 'Báo cáo viên Đoàn phường Kim Mã'),
    account('thptpdp.baocao', 'reporter', '01-BD-PDP', 'Báo cáo viên Đoàn trường THPT Phan Đình Phùng'),
    account('tplaocai.baocao', 'reporter', '10-TP', 'Báo cáo viên Thành Đoàn Lào Cai'),
    account('sapa.baocao', 'reporter', '10-SP', 'Báo cáo viên Thị Đoàn Sa Pa'),
    account('cdlaocai.baocao', 'reporter', '10-CD', 'Báo cáo viên Đoàn trường Cao đẳng Lào Cai'),
  ];
  return { units, allocations, reports, reviews, fixes, accounts };
}
