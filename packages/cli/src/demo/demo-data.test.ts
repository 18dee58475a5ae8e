import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { buildDemoData } from './demo-data.ts';
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
const nationalTotal = (code: string): number =>
  data.reports.reduce((sum, r) => sum + (code === 'duong-nong-thon' ? tenths(r.values[code] ?? NaN) : (r.values[code] ?? NaN)), 0);

describe('buildDemoData', () => {
  it('has TW and the 67 units under it, every parent existing', () => {
    expect(data.units).toHaveLength(68);
    const codes = new Set(data.units.map((u) => u.code));
    expect(codes.size).toBe(68);
    for (const u of data.units) if (u.parentCode !== null) expect(codes.has(u.parentCode)).toBe(true);
    expect(data.units.filter((u) => u.parentCode === 'TW')).toHaveLength(67);
    expect(data.units.find((u) => u.code === '10')?.name).toBe('Tỉnh Đoàn Lào Cai');
    expect(data.units.filter((u) => u.tags.includes('urban')).map((u) => u.code)).toEqual(['01', '31', '48', '79', '92']);
  });

  it('has the 11 indicators with their fixed codes, each with a national target', () => {
    expect(data.indicators.map((i) => i.code)).toEqual(CODES);
    expect(data.campaign.targets.map((t) => t.indicatorCode)).toEqual(CODES);
  });

  it('allocates every national target exactly', () => {
    for (const { indicatorCode, target } of data.campaign.targets) {
      const allocs = data.allocations.filter((a) => a.indicatorCode === indicatorCode);
      expect(allocs).toHaveLength(67);
      expect(allocs.every((a) => Number.isInteger(a.target) && a.target >= 0)).toBe(true);
      expect(allocs.reduce((s, a) => s + a.target, 0)).toBe(target);
    }
  });

  it('reproduces the phase-1 national totals exactly', () => {
    for (const code of CODES) expect(nationalTotal(code), code).toBe(PHASE1_TOTALS[code]);
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
      expect(data.reports.filter((r) => r.week === week)).toHaveLength(67);
    }
    const w26 = data.reports.filter((r) => r.week === '2023-W26').length;
    expect(w26).toBeLessThan(67);
    expect(w26).toBeGreaterThan(60);
  });

  describe('reporting history', () => {
    // The provinces' deadline: Monday 10:00 (Hà Nội) after the reported week.
    const deadline = (week: string) => Date.parse('2023-05-29T10:00:00+07:00') + (Number(week.slice(-2)) - 21) * 7 * 86_400_000;
    const lateIn = (week: string) => data.reports.filter((r) => r.week === week && Date.parse(r.submittedAt) > deadline(week)).map((r) => r.unitCode);

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
      expect(data.reviews.filter((v) => v.action === 'return').map((v) => v.unitCode)).toEqual(['24', '38', '89']);
      expect(data.reviews.filter((v) => v.action === 'approve').length).toBeGreaterThan(300);
      expect(data.reviewer).toBe('tw.chidao');
      expect(data.accounts.find((a) => a.username === data.reviewer)?.unitCode).toBe('TW');
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
