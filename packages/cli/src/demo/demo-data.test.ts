import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { UnitTree, rollupTotals, type Unit } from '@giaoban/core';
import { buildDemoData } from './demo-data.ts';
import { demoHistory } from './load-demo.ts';
import { DEMO_UNITS_CSV_PATH } from './demo-files.ts';

const csv = readFileSync(DEMO_UNITS_CSV_PATH, 'utf8');
const data = buildDemoData(csv);

const CODES = [
  'so-hoa', 'tuyen-pho', 'nha-nhan-ai', 'tap-huan-khoi-nghiep', 'du-an-khoi-nghiep', 'thieu-nhi-kho-khan',
  'y-tuong', 'cay-xanh', 'ngoai-ngu', 'tinh-nguyen-vien', 'duong-nong-thon',
];

/** National phase-1 totals (W21..W26); km in tenths. */
const PHASE1_TOTALS: Record<string, number> = {
  'tuyen-pho': 698, 'du-an-khoi-nghiep': 820, 'so-hoa': 2_926_049, 'ngoai-ngu': 251_532,
  'thieu-nhi-kho-khan': 244_756, 'nha-nhan-ai': 551, 'cay-xanh': 3_160_115,
  'tap-huan-khoi-nghiep': 131_842, 'y-tuong': 14_276, 'tinh-nguyen-vien': 3_418_530, 'duong-nong-thon': 19_625,
};

const tenths = (v: number): number => Math.round(v * 10);
const inUnits = (code: string, v: number): number => (code === 'duong-nong-thon' ? tenths(v) : v);
/** The 67 units under TW: Hà Nội's and Lào Cai's reports already include the units below them. */
const members = new Set(data.units.filter((u) => u.parentCode === 'TW').map((u) => u.code));
const memberReports = data.reports.filter((r) => members.has(r.unitCode));
const nationalTotal = (code: string): number => memberReports.reduce((sum, r) => sum + inUnits(code, r.values[code] ?? NaN), 0);

/** The demo's tree as core's roll-up sees it (ids in the order of the units). */
const idOf = new Map(data.units.map((u, i) => [u.code, i + 1]));
const tree = UnitTree.build(data.units.map((u): Unit => ({
  id: idOf.get(u.code)!, code: u.code, name: u.name, level: u.level, parentId: u.parentCode === null ? null : idOf.get(u.parentCode)!,
  tags: u.tags, validFrom: null, validTo: null, successorId: null,
})));
/** total(u) of every unit for one indicator and week, as the server's roll-up computes it (km in tenths). */
const totalsOf = (code: string, week: string) => rollupTotals(tree, new Map(data.reports.filter((r) => r.week === week)
  .map((r) => [idOf.get(r.unitCode)!, { consolidated: r.consolidated, value: inUnits(code, r.values[code] ?? NaN) }])));
const WEEKS = ['2023-W21', '2023-W22', '2023-W23', '2023-W24', '2023-W25', '2023-W26'];

describe('buildDemoData', () => {
  it('has TW and the 67 units under it, every parent existing and listed before its children', () => {
    const codes = new Set(data.units.map((u) => u.code));
    expect(codes.size).toBe(data.units.length);
    data.units.forEach((u, i) => {
      if (u.parentCode !== null) expect(data.units.findIndex((p) => p.code === u.parentCode), u.code).toBeLessThan(i);
    });
    expect(data.units.filter((u) => u.parentCode === 'TW')).toHaveLength(67);
    expect(data.units.find((u) => u.code === '10')?.name).toBe('Tỉnh Đoàn Lào Cai');
    expect(data.units.filter((u) => u.parentCode === 'TW' && u.tags.includes('urban')).map((u) => u.code)).toEqual(['01', '31', '48', '79', '92']);
  });

  it('gives Hà Nội districts (Ba Đình with grassroots units) and Lào Cai districts and grassroots units, tagged as what they are', () => {
    const below = (code: string) => data.units.filter((u) => u.parentCode === code);
    expect(below('01').map((u) => u.code)).toEqual(['01-BD', '01-HK', '01-DD', '01-CG', '01-HD', '01-SS', '01-BV']);
    expect(below('01').every((u) => u.level === 'district' && u.region === 'Đồng bằng sông Hồng')).toBe(true);
    expect(below('01').find((u) => u.code === '01-SS')).toMatchObject({ name: 'Huyện Đoàn Sóc Sơn', tags: ['rural'] });
    expect(below('01-BD').map((u) => u.level)).toEqual(Array(6).fill('grassroots'));
    expect(below('01-BD').find((u) => u.code === '01-BD-PDP')).toMatchObject({ name: 'Đoàn trường THPT Phan Đình Phùng', tags: ['school'] });
    expect(below('10').map((u) => `${u.code} ${u.level}`)).toEqual([
      '10-TP district', '10-SP district', '10-BX district', '10-BT district', '10-CD grassroots', '10-BV grassroots',
    ]);
    const known = new Set(['urban', 'rural', 'public-administration', 'enterprise', 'school']);
    for (const u of data.units) expect(u.tags.every((t) => known.has(t)), u.code).toBe(true);
    // No other unit has anything below it.
    expect(new Set(data.units.filter((u) => u.parentCode !== null && u.parentCode !== 'TW').map((u) => u.parentCode))).toEqual(new Set(['01', '01-BD', '10']));
  });

  it('has the 11 indicators with their fixed codes, each with a national target', () => {
    expect(data.indicators.map((i) => i.code)).toEqual(CODES);
    expect(data.campaign.targets.map((t) => t.indicatorCode)).toEqual(CODES);
  });

  it('allocates every national target exactly', () => {
    for (const { indicatorCode, target } of data.campaign.targets) {
      const allocs = data.allocations.filter((a) => a.indicatorCode === indicatorCode && members.has(a.unitCode));
      expect(allocs).toHaveLength(67);
      expect(allocs.every((a) => Number.isInteger(a.target) && a.target >= 0)).toBe(true);
      expect(allocs.reduce((s, a) => s + a.target, 0)).toBe(target);
    }
  });

  it('hands 80–95 % of each target of Hà Nội, Ba Đình and Lào Cai down to their children', () => {
    const targetOf = new Map(data.allocations.map((a) => [`${a.unitCode}|${a.indicatorCode}`, a.target]));
    for (const parent of ['01', '01-BD', '10']) {
      const children = data.units.filter((u) => u.parentCode === parent).map((u) => u.code);
      for (const code of CODES) {
        const own = targetOf.get(`${parent}|${code}`)!;
        const handed = children.reduce((s, c) => s + targetOf.get(`${c}|${code}`)!, 0);
        expect(handed, `${parent} ${code}`).toBeLessThanOrEqual(Math.round(own * 0.95));
        expect(handed, `${parent} ${code}`).toBeGreaterThanOrEqual(Math.round(own * 0.8));
      }
    }
  });

  it('reproduces the phase-1 national totals exactly', () => {
    for (const code of CODES) expect(nationalTotal(code), code).toBe(PHASE1_TOTALS[code]);
  });

  it('rolls the units below Hà Nội and Lào Cai up under their consolidated reports: the national totals stay the notice\'s', () => {
    const consolidated = [...new Set(data.reports.filter((r) => r.consolidated).map((r) => r.unitCode))].sort();
    expect(consolidated).toEqual(['01', '01-BD', '10']);
    for (const code of CODES) {
      let national = 0;
      for (const week of WEEKS) {
        const totals = totalsOf(code, week);
        national += totals.get(idOf.get('TW')!)!;
        for (const parent of ['01', '01-BD', '10']) {
          const own = data.reports.find((r) => r.unitCode === parent && r.week === week)!;
          const children = data.units.filter((u) => u.parentCode === parent).map((u) => totals.get(idOf.get(u.code)!)!);
          const below = children.reduce((s, v) => s + v, 0);
          // The parent's figure is its own report's, whatever its children report; they report 60–95 % of it.
          expect(totals.get(idOf.get(parent)!), `${parent} ${code} ${week}`).toBe(inUnits(code, own.values[code]!));
          expect(below, `${parent} ${code} ${week}`).toBeLessThanOrEqual(inUnits(code, own.values[code]!));
          expect(below, `${parent} ${code} ${week}`).toBeGreaterThanOrEqual(Math.floor(inUnits(code, own.values[code]!) * 0.6) - 1);
        }
      }
      expect(national, code).toBe(PHASE1_TOTALS[code]);
    }
  });

  it('puts the illustrative indicators ahead of schedule but not yet met (45–90 %)', () => {
    for (const i of data.indicators.filter((x) => x.illustrative)) {
      const target = data.campaign.targets.find((t) => t.indicatorCode === i.code)!.target;
      const actual = i.valueKind === 'decimal' ? nationalTotal(i.code) / 10 : nationalTotal(i.code);
      expect(actual / target).toBeGreaterThan(0.45);
      expect(actual / target).toBeLessThan(0.9);
    }
  });

  it('has only non-negative integer values (km: at most one decimal)', () => {
    for (const r of data.reports) {
      expect(Object.keys(r.values)).toEqual(CODES);
      for (const [code, v] of Object.entries(r.values)) {
        expect(v).toBeGreaterThanOrEqual(0);
        if (code === 'duong-nong-thon') expect(tenths(v) / 10).toBe(v);
        else expect(Number.isInteger(v)).toBe(true);
      }
    }
  });

  it('has one report per unit and week, with some units missing in W26', () => {
    const keys = new Set(data.reports.map((r) => `${r.unitCode}/${r.week}`));
    expect(keys.size).toBe(data.reports.length);
    for (const week of ['2023-W21', '2023-W22', '2023-W23', '2023-W24', '2023-W25']) {
      expect(memberReports.filter((r) => r.week === week)).toHaveLength(67);
      expect(data.reports.filter((r) => r.week === week)).toHaveLength(data.units.length - 1);
    }
    // Below the provinces only ward Đội Cấn of Ba Đình sent nothing for the last week.
    expect(data.reports.filter((r) => r.week === '2023-W26' && !members.has(r.unitCode))).toHaveLength(data.units.length - 1 - 67 - 1);
    expect(data.reports.find((r) => r.week === '2023-W26' && r.unitCode === '01-BD-DC')).toBeUndefined();
    const w26 = memberReports.filter((r) => r.week === '2023-W26').length;
    expect(w26).toBeLessThan(67);
    expect(w26).toBeGreaterThan(60);
  });

  describe('reporting history', () => {
    // The provinces' deadline: Monday 10:00 (Hà Nội) after the reported week.
    const deadline = (week: string) => Date.parse('2023-05-29T10:00:00+07:00') + (Number(week.slice(-2)) - 21) * 7 * 86_400_000;
    const lateIn = (week: string) => memberReports.filter((r) => r.week === week && Date.parse(r.submittedAt) > deadline(week)).map((r) => r.unitCode);

    it('has some late reports every week, and the notice\'s late provinces in the last week', () => {
      for (const week of ['2023-W21', '2023-W22', '2023-W23', '2023-W24', '2023-W25']) {
        expect(lateIn(week).length, week).toBeGreaterThan(0);
        expect(lateIn(week).length, week).toBeLessThan(12);
      }
      expect(lateIn('2023-W26').sort()).toEqual(['06', '10', '45', '94']);
    });

    it('reviews every report it can after its submission: some returned with a reason, most approved', () => {
      const submitted = new Map(data.reports.map((r) => [`${r.unitCode}|${r.week}`, r.submittedAt]));
      for (const v of data.reviews) {
        expect(Date.parse(v.at)).toBeGreaterThan(Date.parse(submitted.get(`${v.unitCode}|${v.week}`)!));
        if (v.action === 'return') expect(v.reason).toMatch(/^[A-ZĐÁÀẢÃẠ].{20,}\.$/u);
      }
      const byTw = data.reviews.filter((v) => v.reviewer === undefined);
      expect(byTw.every((v) => members.has(v.unitCode))).toBe(true);
      expect(byTw.filter((v) => v.action === 'return').map((v) => v.unitCode)).toEqual(['24', '38', '89']);
      expect(byTw.filter((v) => v.action === 'approve').length).toBeGreaterThan(300);
      expect(data.reviewer).toBe('tw.chidao');
      expect(data.accounts.find((a) => a.username === data.reviewer)?.unitCode).toBe('TW');
    });

    it('has the units below the provinces reviewed by a manager of their parent, the last week partly still waiting', () => {
      const parentOf = new Map(data.units.map((u) => [u.code, u.parentCode]));
      const account = new Map(data.accounts.map((a) => [a.username, a]));
      const below = data.reviews.filter((v) => v.reviewer !== undefined);
      for (const v of below) {
        expect(account.get(v.reviewer!), v.reviewer).toMatchObject({ role: 'manager', unitCode: parentOf.get(v.unitCode) });
      }
      expect(new Set(below.map((v) => v.reviewer))).toEqual(new Set(['hanoi.quanly', 'badinh.quanly', 'laocai.quanly']));
      expect(below.filter((v) => v.action === 'return').map((v) => `${v.unitCode} ${v.week}`)).toEqual(['01-DD 2023-W24', '01-SS 2023-W26']);
      // Hà Nội's manager has the last week of five districts still to review.
      const reviewed = new Set(data.reviews.map((v) => `${v.unitCode}|${v.week}`));
      const waiting = data.reports.filter((r) => r.week === '2023-W26' && parentOf.get(r.unitCode) === '01' && !reviewed.has(`${r.unitCode}|${r.week}`));
      expect(waiting.map((r) => r.unitCode)).toEqual(['01-HK', '01-DD', '01-CG', '01-HD', '01-BV']);
      // Reported to the levels' own deadlines (grassroots Friday 17:00, districts Saturday 12:00), late by less than a day.
      const due = (level: string, week: string) => Date.parse('2023-06-02T17:00:00+07:00') + (Number(week.slice(-2)) - 22) * 7 * 86_400_000 + (level === 'district' ? 19 * 3_600_000 : 0);
      for (const r of data.reports.filter((x) => !members.has(x.unitCode) && x.week !== '2023-W21')) {
        const level = data.units.find((u) => u.code === r.unitCode)!.level;
        expect(Date.parse(r.submittedAt) - due(level, r.week), `${r.unitCode} ${r.week}`).toBeLessThan(86_400_000);
      }
    });

    it('fixes every mistake it makes: a returned report resubmitted, an approved one corrected with a reason', () => {
      const mistaken = data.reports.filter((r) => r.mistake).map((r) => `${r.unitCode}|${r.week}`).sort();
      expect(data.fixes.map((f) => `${f.unitCode}|${f.week}`).sort()).toEqual(mistaken);
      expect(data.fixes.find((f) => f.action === 'correct')).toMatchObject({ unitCode: '79', week: '2023-W24', reapprove: true, reason: expect.stringContaining('đính chính') });
      for (const r of data.reports.filter((x) => x.mistake)) expect(r.mistake!.value).not.toBe(r.values[r.mistake!.indicatorCode]);
    });
  });

  it('is deterministic', () => {
    expect(buildDemoData(csv)).toEqual(data);
  });
});

describe('buildDemo2025', () => {
  const { demo, y2025 } = demoHistory();
  const members = new Set(y2025.members.map((m) => m.code));

  it('reorganises the 2023 tree into the 34 provinces of 2025 and abolishes the district level, as one operation of 01/07/2025', () => {
    expect(y2025.reorganisation.date).toBe('2025-07-01');
    expect(y2025.reorganisation.steps.filter((s) => s.kind === 'merge')).toHaveLength(23);
    expect(y2025.reorganisation.steps.at(-1)).toEqual({ kind: 'abolish-level', level: 'district' });
    expect(y2025.members.filter((m) => m.level === 'province')).toHaveLength(34);
    expect(y2025.members.filter((m) => m.level === 'affiliated').map((m) => m.code)).toEqual(['KCQ', 'KDN', 'QD', 'CA']);
    // A merged province takes the new name, its first predecessor's region and only the groups all share.
    expect(y2025.members.find((m) => m.code === '15')).toEqual({ code: '15', name: 'Tỉnh Đoàn Lào Cai', level: 'province', parentCode: 'TW', tags: [], region: 'Trung du và miền núi phía Bắc' });
    expect(y2025.members.find((m) => m.code === '79')).toMatchObject({ name: 'Thành Đoàn TP. Hồ Chí Minh', tags: [] });
    expect(y2025.members.find((m) => m.code === '01')).toMatchObject({ name: 'Thành Đoàn Hà Nội', tags: ['urban'] });
  });

  it('allocates each national target to the 38 units in full, in proportion to the size of their predecessors', () => {
    for (const t of y2025.campaign.targets) {
      const parts = y2025.allocations.filter((a) => a.indicatorCode === t.indicatorCode);
      expect(parts.map((a) => a.unitCode).sort()).toEqual([...members].sort());
      expect(parts.reduce((sum, a) => sum + a.target, 0), t.indicatorCode).toBe(t.target);
    }
    const target = (code: string) => y2025.allocations.find((a) => a.unitCode === code && a.indicatorCode === 'nha-nhan-ai')!.target;
    // Hồ Chí Minh (79 + 74 + 77 of 2023: 94 + 28 + 12) is larger than Hà Nội (84).
    expect(target('79')).toBeGreaterThan(target('01'));
  });

  it('has one report per unit and week of July 2025 from the 38 units only, two missing the last week, every one reviewed but five', () => {
    const weeks = ['2025-W28', '2025-W29', '2025-W30', '2025-W31'];
    expect(new Set(y2025.reports.map((r) => r.week))).toEqual(new Set(weeks));
    expect(y2025.reports.every((r) => members.has(r.unitCode) && !r.consolidated)).toBe(true);
    expect(new Set(y2025.reports.map((r) => `${r.unitCode}|${r.week}`)).size).toBe(y2025.reports.length);
    expect(y2025.reports).toHaveLength(38 * 4 - 2);
    expect([...members].filter((m) => !y2025.reports.some((r) => r.unitCode === m && r.week === '2025-W31'))).toEqual(['11', 'QD']);
    expect(y2025.reviews).toHaveLength(y2025.reports.length - 5);
    expect(y2025.reviews.filter((v) => v.action === 'return')).toEqual([expect.objectContaining({ unitCode: '08', week: '2025-W31' })]);
    for (const v of y2025.reviews) {
      const r = y2025.reports.find((x) => x.unitCode === v.unitCode && x.week === v.week)!;
      expect(Date.parse(v.at)).toBeGreaterThan(Date.parse(r.submittedAt));
    }
    // Submitted after the campaign is set up (03/07/2025), after the week they report on.
    expect(y2025.reports.every((r) => r.submittedAt > '2025-07-12')).toBe(true);
    // Only the provincial level reports this campaign; its indicators are the demo's.
    expect(y2025.reportingLevels).toEqual(['province', 'affiliated']);
    const codes = new Set(demo.indicators.map((i) => i.code));
    expect(y2025.campaign.targets.every((t) => codes.has(t.indicatorCode))).toBe(true);
  });

  it('gives Tuyên Quang of 2025 a manager and a reporter', () => {
    expect(y2025.accounts.map((a) => `${a.username} ${a.role} ${a.unitCode}`)).toEqual(['tuyenquang.quanly manager 08', 'tuyenquang.baocao reporter 08']);
  });

  it('is deterministic', () => {
    expect(demoHistory().y2025).toEqual(y2025);
  });
});
