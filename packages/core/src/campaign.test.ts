import { describe, expect, it } from 'vitest';
import { FieldProblemsError } from './errors.ts';
import { MAX_PHASES, phaseOn, validateCampaign, validatePrecision, type CampaignDraft } from './campaign.ts';
import { ValidationError } from './errors.ts';

const summer: CampaignDraft = {
  code: 'mhx-2023',
  name: 'Chiến dịch Thanh niên tình nguyện hè 2023',
  startDate: '2023-05-27',
  endDate: '2023-08-31',
  phases: [
    { number: 1, name: 'Đợt 01', startDate: '2023-05-27', endDate: '2023-07-02' },
    { number: 2, name: 'Đợt 02', startDate: '2023-07-03', endDate: '2023-08-31' },
  ],
  targets: [
    { indicatorCode: 'tuyen-pho', target: 500 },
    { indicatorCode: 'ky-nang-so', target: 3_000_000 },
  ],
};

const [phase1, phase2] = summer.phases as [CampaignDraft['phases'][number], CampaignDraft['phases'][number]];

describe('validateCampaign', () => {
  it('returns a frozen copy of a valid campaign', () => {
    const checked = validateCampaign(summer);
    expect(checked).toEqual(summer);
    expect(checked).not.toBe(summer);
    expect(Object.isFrozen(checked)).toBe(true);
    expect(Object.isFrozen(checked.phases)).toBe(true);
    expect(Object.isFrozen(checked.phases[0])).toBe(true);
    expect(Object.isFrozen(checked.targets[0])).toBe(true);
  });

  it('trims strings and sorts phases by number', () => {
    const checked = validateCampaign({
      ...summer,
      code: ' mhx-2023 ',
      name: '  Hè 2023 ',
      phases: [
        { ...phase2, name: ' Đợt 02 ' },
        { ...phase1, startDate: ' 2023-05-27' },
      ],
      targets: [{ indicatorCode: ' tuyen-pho ', target: 0 }],
    });
    expect(checked.code).toBe('mhx-2023');
    expect(checked.name).toBe('Hè 2023');
    expect(checked.phases).toEqual([phase1, phase2]);
    expect(checked.targets).toEqual([{ indicatorCode: 'tuyen-pho', target: 0 }]);
  });

  it.each([
    ['a one-day campaign without phases', { startDate: '2023-07-27', endDate: '2023-07-27', phases: [] }],
    ['no targets', { targets: [] }],
    ['uppercase and dotted codes', { code: 'MHX.2023_he' }],
    ['a single phase covering everything', { phases: [{ number: 1, name: 'Cả chiến dịch', startDate: '2023-05-27', endDate: '2023-08-31' }] }],
    ['a gap between phases', { phases: [phase1, { ...phase2, startDate: '2023-07-10' }] }],
  ])('accepts %s', (_, patch) => {
    expect(() => validateCampaign({ ...summer, ...patch })).not.toThrow();
  });

  it.each([
    ['an empty code', { code: '' }, 'code'],
    ['a code with spaces', { code: 'mhx 2023' }, 'code'],
    ['a code with diacritics', { code: 'hè-2023' }, 'code'],
    ['a blank name', { name: '   ' }, 'name'],
    ['an invalid start date', { startDate: '2023-02-30' }, 'startDate'],
    ['a dd/mm/yyyy end date', { endDate: '31/08/2023' }, 'endDate'],
    ['an end before the start', { endDate: '2023-05-26', phases: [] }, 'endDate'],
    ['phases numbered from 0', { phases: [{ ...phase1, number: 0 }, { ...phase2, number: 1 }] }, 'phases.0.number'],
    ['a missing phase number', { phases: [phase1, { ...phase2, number: 3 }] }, 'phases.1.number'],
    ['a duplicate phase number', { phases: [phase1, { ...phase2, number: 1 }] }, 'phases.1.number'],
    ['a blank phase name', { phases: [phase1, { ...phase2, name: '' }] }, 'phases.1.name'],
    ['a phase ending before it starts', { phases: [phase1, { ...phase2, endDate: '2023-07-01' }] }, 'phases.1.endDate'],
    ['a phase ending after the campaign', { phases: [phase1, { ...phase2, endDate: '2023-09-01' }] }, 'phases.1.endDate'],
    ['a phase starting before the campaign', { phases: [{ ...phase1, startDate: '2023-05-26' }, phase2] }, 'phases.0.startDate'],
    ['an invalid phase date', { phases: [phase1, { ...phase2, endDate: '2023-06-31' }] }, 'phases.1.endDate'],
    ['overlapping phases', { phases: [phase1, { ...phase2, startDate: '2023-07-02' }] }, 'phases.1.startDate'],
    ['phases out of chronological order', { phases: [{ ...phase2, number: 1 }, { ...phase1, number: 2 }] }, 'phases.1.startDate'],
    ['a negative target', { targets: [{ indicatorCode: 'tuyen-pho', target: -1 }] }, 'targets.0.target'],
    ['a NaN target', { targets: [{ indicatorCode: 'tuyen-pho', target: NaN }] }, 'targets.0.target'],
    ['a duplicate indicator', { targets: [{ indicatorCode: 'a', target: 1 }, { indicatorCode: 'a', target: 2 }] }, 'targets.1.indicatorCode'],
    ['an empty indicator code', { targets: [{ indicatorCode: ' ', target: 1 }] }, 'targets.0.indicatorCode'],
  ])('refuses %s at %s', (_, patch, field) => {
    expect(() => validateCampaign({ ...summer, ...patch })).toThrow(
      expect.objectContaining({
        code: 'validation',
        details: expect.objectContaining({ field, messageEn: expect.any(String) }),
      }),
    );
  });

  it('lists every bad field at once: a blank name, an end before the start and two bad targets', () => {
    const refused = (() => {
      try {
        validateCampaign({
          ...summer, name: '  ', startDate: '2023-08-31', endDate: '2023-05-27',
          targets: [{ indicatorCode: 'a', target: -1 }, { indicatorCode: 'b', target: 1 }, { indicatorCode: 'a', target: 2 }],
        });
      } catch (error) {
        return error;
      }
      return null;
    })();
    expect(refused).toBeInstanceOf(FieldProblemsError);
    expect((refused as FieldProblemsError).fields.map((f) => f.field)).toEqual(['name', 'endDate', 'targets.0.target', 'targets.2.indicatorCode']);
  });

  /** `n` one-day phases from 1/6/2023 on, inside the summer campaign. */
  const dailyPhases = (n: number) => Array.from({ length: n }, (_, i) => {
    const day = `2023-06-${String(i + 1).padStart(2, '0')}`;
    return { number: i + 1, name: `Đợt ${i + 1}`, startDate: day, endDate: day };
  });

  it.each([
    ['a whole leap year (366 days)', { startDate: '2024-01-01', endDate: '2024-12-31', phases: [] }],
    ['365 days and one (366)', { startDate: '2023-01-01', endDate: '2024-01-01', phases: [] }],
    ['the first allowed day', { startDate: '2000-01-01', endDate: '2000-01-01', phases: [] }],
    ['the last allowed day', { startDate: '2100-12-31', endDate: '2100-12-31', phases: [] }],
    [`${MAX_PHASES} phases`, { phases: dailyPhases(20) }],
  ])('accepts, at the bounds, %s', (_, patch) => {
    expect(() => validateCampaign({ ...summer, ...patch })).not.toThrow();
  });

  it.each([
    ['a start in year 0001', { startDate: '0001-01-01', endDate: '9999-12-31', phases: [] }, 'startDate',
      'Ngày bắt đầu (01/01/0001) nằm ngoài khoảng thời gian cho phép (từ 01/01/2000 đến 31/12/2100).'],
    ['the day before 2000', { startDate: '1999-12-31', phases: [] }, 'startDate',
      'Ngày bắt đầu (31/12/1999) nằm ngoài khoảng thời gian cho phép (từ 01/01/2000 đến 31/12/2100).'],
    ['an end in year 9999', { endDate: '9999-12-31', phases: [] }, 'endDate',
      'Ngày kết thúc (31/12/9999) nằm ngoài khoảng thời gian cho phép (từ 01/01/2000 đến 31/12/2100).'],
    ['the day after 2100', { startDate: '2100-12-31', endDate: '2101-01-01', phases: [] }, 'endDate',
      'Ngày kết thúc (01/01/2101) nằm ngoài khoảng thời gian cho phép (từ 01/01/2000 đến 31/12/2100).'],
    ['367 days', { startDate: '2023-01-01', endDate: '2024-01-02', phases: [] }, 'endDate',
      'Chiến dịch kéo dài 367 ngày (từ 01/01/2023 đến 02/01/2024), quá thời gian tối đa 366 ngày: một chiến dịch dài nhiều nhất một năm.'],
    // 2000-01-01 to 2100-12-31: 101 years of 365 days (36.865) and 25 leap days (2000 … 2096; 2100 is none).
    ['the whole range', { startDate: '2000-01-01', endDate: '2100-12-31', phases: [] }, 'endDate',
      'Chiến dịch kéo dài 36.890 ngày (từ 01/01/2000 đến 31/12/2100), quá thời gian tối đa 366 ngày: một chiến dịch dài nhiều nhất một năm.'],
    ['a phase in year 0001', { phases: [{ ...phase1, startDate: '0001-01-01' }, phase2] }, 'phases.0.startDate',
      'Ngày bắt đầu đợt 1 (01/01/0001) nằm ngoài khoảng thời gian cho phép (từ 01/01/2000 đến 31/12/2100).'],
    [`${MAX_PHASES + 1} phases`, { phases: dailyPhases(21) }, 'phases', 'Chiến dịch có 21 đợt, nhiều nhất được 20 đợt.'],
  ])('refuses %s', (_, patch, field, message) => {
    expect(() => validateCampaign({ ...summer, ...patch })).toThrow(
      expect.objectContaining({ code: 'validation', message, details: expect.objectContaining({ field, messageEn: expect.any(String) }) }),
    );
  });

  it('writes dates the Vietnamese way in its messages', () => {
    expect(() => validateCampaign({ ...summer, phases: [phase1, { ...phase2, endDate: '2023-09-01' }] })).toThrow(
      'Đợt 2 kết thúc (01/09/2023) sau ngày kết thúc chiến dịch (31/08/2023).',
    );
  });
});

describe('phaseOn', () => {
  it.each([
    ['2023-05-27', 1],
    ['2023-07-02', 1],
    ['2023-07-03', 2],
    ['2023-08-31', 2],
    ['2023-05-26', null],
    ['2023-09-01', null],
  ])('on %s the phase is %s', (date, expected) => {
    expect(phaseOn(summer, date)?.number ?? null).toBe(expected);
  });

  it('is null between phases', () => {
    expect(phaseOn({ phases: [phase1, { ...phase2, startDate: '2023-07-10' }] }, '2023-07-05')).toBeNull();
  });
});

describe('validatePrecision', () => {
  it.each([1, 2] as const)('takes %s', (value) => {
    expect(validatePrecision(value)).toBe(value);
  });

  it.each([
    [0, 'Số chữ số thập phân của tỷ lệ phần trăm là 1 hoặc 2, không nhận 0.'],
    [3, 'Số chữ số thập phân của tỷ lệ phần trăm là 1 hoặc 2, không nhận 3.'],
    [1.5, 'Số chữ số thập phân của tỷ lệ phần trăm là 1 hoặc 2, không nhận 1,5.'],
    ['2', 'Số chữ số thập phân của tỷ lệ phần trăm là 1 hoặc 2, không nhận "2".'],
    [null, 'Số chữ số thập phân của tỷ lệ phần trăm là 1 hoặc 2, không nhận null.'],
  ] as const)('refuses %j on its field', (value, message) => {
    const error = (() => { try { validatePrecision(value, 'rules.precision'); } catch (e) { return e; } return null; })();
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ message, details: { field: 'rules.precision' } });
  });
});
