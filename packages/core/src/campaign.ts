import { ValidationError } from './errors.ts';
import { FieldProblems } from './field-problems.ts';
import { formatDate, formatNumber } from './format.ts';
import { CODE_PATTERN } from './hierarchy.ts';
import { DATE_RANGE, MAX_CAMPAIGN_DAYS, daysBetweenInclusive, isValidDate, type IsoDate } from './period.ts';

/**
 * The most phases a campaign has. The sources show two (Đợt 01, Đợt 02); a year-long
 * campaign in monthly phases has twelve.
 *
 * @example
 * MAX_PHASES; // 20
 */
export const MAX_PHASES = 20;

/**
 * A dated slice of a campaign (đợt), numbered from 1.
 *
 * @example
 * const p: Phase = { number: 1, name: 'Đợt 01', startDate: '2023-05-27', endDate: '2023-07-02' };
 */
export interface Phase {
  readonly number: number;
  readonly name: string;
  readonly startDate: IsoDate;
  readonly endDate: IsoDate;
}

/**
 * The national target of one indicator in a campaign.
 *
 * @example
 * const t: CampaignTarget = { indicatorCode: 'tuyen-pho', target: 500 };
 */
export interface CampaignTarget {
  readonly indicatorCode: string;
  readonly target: number;
}

/**
 * A campaign (chiến dịch) as the steering staff define it.
 *
 * @example
 * const c: CampaignDraft = { code: 'mhx-2023', name: 'Chiến dịch Thanh niên tình nguyện hè 2023',
 *   startDate: '2023-05-27', endDate: '2023-08-31', phases: [], targets: [] };
 */
export interface CampaignDraft {
  readonly code: string;
  readonly name: string;
  readonly startDate: IsoDate;
  readonly endDate: IsoDate;
  readonly phases: readonly Phase[];
  readonly targets: readonly CampaignTarget[];
}

function checkDate(field: string, value: string, labelVi: string, labelEn: string): IsoDate {
  const d = value.trim();
  if (!isValidDate(d)) {
    throw new ValidationError(field, `${labelVi} "${value}" không hợp lệ.`, `The ${labelEn} "${value}" is not a valid date.`, {
      value,
    });
  }
  if (d < DATE_RANGE.min || d > DATE_RANGE.max) {
    throw new ValidationError(
      field,
      `${labelVi} (${formatDate(d)}) nằm ngoài khoảng thời gian cho phép (từ ${formatDate(DATE_RANGE.min)} đến ${formatDate(DATE_RANGE.max)}).`,
      `The ${labelEn} (${d}) is outside the allowed range (${DATE_RANGE.min} to ${DATE_RANGE.max}).`,
      { value, min: DATE_RANGE.min, max: DATE_RANGE.max },
    );
  }
  return d;
}

function checkName(field: string, value: string, labelVi: string, labelEn: string): string {
  const name = value.trim();
  if (!name) throw new ValidationError(field, `${labelVi} không được để trống.`, `The ${labelEn} must not be empty.`);
  return name;
}

function checkCode(field: string, value: string, labelVi: string, labelEn: string): string {
  const code = value.trim();
  if (!CODE_PATTERN.test(code)) {
    throw new ValidationError(
      field,
      `${labelVi} "${value}" không hợp lệ: cần từ 1 đến 32 ký tự gồm chữ cái không dấu, chữ số, dấu gạch dưới, dấu chấm hoặc dấu gạch ngang.`,
      `The ${labelEn} "${value}" is invalid: use 1 to 32 letters without diacritics, digits, '_', '.' or '-'.`,
      { value },
    );
  }
  return code;
}

function checkPhase(p: Phase, index: number, campaign: { startDate: IsoDate; endDate: IsoDate }): Phase {
  const at = `phases.${index}`;
  const name = checkName(`${at}.name`, p.name, `Tên đợt ${p.number}`, `name of phase ${p.number}`);
  const startDate = checkDate(`${at}.startDate`, p.startDate, `Ngày bắt đầu đợt ${p.number}`, `start date of phase ${p.number}`);
  const endDate = checkDate(`${at}.endDate`, p.endDate, `Ngày kết thúc đợt ${p.number}`, `end date of phase ${p.number}`);
  if (endDate < startDate) {
    throw new ValidationError(
      `${at}.endDate`,
      `Đợt ${p.number} kết thúc (${formatDate(endDate)}) trước khi bắt đầu (${formatDate(startDate)}).`,
      `Phase ${p.number} ends (${endDate}) before it starts (${startDate}).`,
      { startDate, endDate },
    );
  }
  if (startDate < campaign.startDate) {
    throw new ValidationError(
      `${at}.startDate`,
      `Đợt ${p.number} bắt đầu (${formatDate(startDate)}) trước ngày bắt đầu chiến dịch (${formatDate(campaign.startDate)}).`,
      `Phase ${p.number} starts (${startDate}) before the campaign (${campaign.startDate}).`,
      { startDate, campaignStartDate: campaign.startDate },
    );
  }
  if (endDate > campaign.endDate) {
    throw new ValidationError(
      `${at}.endDate`,
      `Đợt ${p.number} kết thúc (${formatDate(endDate)}) sau ngày kết thúc chiến dịch (${formatDate(campaign.endDate)}).`,
      `Phase ${p.number} ends (${endDate}) after the campaign (${campaign.endDate}).`,
      { endDate, campaignEndDate: campaign.endDate },
    );
  }
  return Object.freeze({ number: p.number, name, startDate, endDate });
}

function checkPhases(phases: readonly Phase[], campaign: { startDate: IsoDate; endDate: IsoDate }): readonly Phase[] {
  if (phases.length > MAX_PHASES) {
    throw new ValidationError(
      'phases',
      `Chiến dịch có ${phases.length} đợt, nhiều nhất được ${MAX_PHASES} đợt.`,
      `The campaign has ${phases.length} phases; at most ${MAX_PHASES} are allowed.`,
      { count: phases.length, max: MAX_PHASES },
    );
  }
  // Field paths point at the phase as given, hence the original index travels with it.
  const byNumber = phases.map((phase, index) => ({ phase, index })).sort((a, b) => a.phase.number - b.phase.number);
  const checked: Phase[] = [];
  byNumber.forEach(({ phase, index }, position) => {
    if (phase.number !== position + 1) {
      throw new ValidationError(
        `phases.${index}.number`,
        `Các đợt phải được đánh số liên tiếp từ 1 đến ${phases.length}; đợt số ${phase.number} không hợp lệ.`,
        `Phases must be numbered 1 to ${phases.length} without gaps; phase number ${phase.number} is invalid.`,
        { value: phase.number },
      );
    }
    const p = checkPhase(phase, index, campaign);
    const previous = checked[checked.length - 1];
    // Phases follow each other in number order and never share a day.
    if (previous && p.startDate <= previous.endDate) {
      throw new ValidationError(
        `phases.${index}.startDate`,
        `Đợt ${p.number} phải bắt đầu sau khi đợt ${previous.number} kết thúc (${formatDate(previous.endDate)}).`,
        `Phase ${p.number} must start after phase ${previous.number} ends (${previous.endDate}).`,
        { startDate: p.startDate, previousEndDate: previous.endDate },
      );
    }
    checked.push(p);
  });
  return Object.freeze(checked);
}

function checkTargets(targets: readonly CampaignTarget[], problems: FieldProblems): readonly CampaignTarget[] {
  const seen = new Set<string>();
  return Object.freeze(
    targets.flatMap((t, i) => problems.capture(null, () => {
      const indicatorCode = checkCode(`targets.${i}.indicatorCode`, t.indicatorCode, 'Mã chỉ tiêu', 'indicator code');
      if (seen.has(indicatorCode)) {
        throw new ValidationError(
          `targets.${i}.indicatorCode`,
          `Chỉ tiêu "${indicatorCode}" được giao hai lần.`,
          `Indicator "${indicatorCode}" has two targets.`,
          { value: indicatorCode },
        );
      }
      seen.add(indicatorCode);
      if (!Number.isFinite(t.target) || t.target < 0) {
        throw new ValidationError(
          `targets.${i}.target`,
          `Mức chỉ tiêu của "${indicatorCode}" phải là số không âm.`,
          `The target of "${indicatorCode}" must be a number of at least 0.`,
          { value: t.target },
        );
      }
      return Object.freeze({ indicatorCode, target: t.target });
    }) ?? []),
  );
}

/**
 * Checks a campaign and returns a frozen, normalised copy: strings trimmed, phases in
 * number order. The domain's bounds: every date within `DATE_RANGE` (01/01/2000 –
 * 31/12/2100), at most `MAX_CAMPAIGN_DAYS` (366) days from start to end, at most
 * `MAX_PHASES` (20) phases, each inside the campaign. Throws one FieldProblemsError listing every
 * bad field by its path, such as `phases.1.endDate` or `targets.0.target` (indexes as given).
 *
 * @example
 * validateCampaign({ code: 'mhx-2023', name: ' Hè 2023 ', startDate: '2023-05-27', endDate: '2023-08-31',
 *   phases: [], targets: [] }).name; // 'Hè 2023'
 */
export function validateCampaign(c: CampaignDraft): CampaignDraft {
  // Every field is checked, so a form learns all its problems at once; the phases need both
  // dates, so they wait for them.
  const problems = new FieldProblems();
  const code = problems.capture(null, () => checkCode('code', c.code, 'Mã chiến dịch', 'campaign code'));
  const name = problems.capture(null, () => checkName('name', c.name, 'Tên chiến dịch', 'campaign name'));
  const startDate = problems.capture(null, () => checkDate('startDate', c.startDate, 'Ngày bắt đầu', 'start date'));
  const endDate = problems.capture(null, () => checkDate('endDate', c.endDate, 'Ngày kết thúc', 'end date'));
  const span = startDate !== undefined && endDate !== undefined
    ? problems.capture(null, () => checkSpan(startDate, endDate))
    : undefined;
  const phases = span ? problems.capture(null, () => checkPhases(c.phases, span)) : undefined;
  const targets = checkTargets(c.targets, problems);
  problems.throwIfAny();
  if (code === undefined || name === undefined || !span || !phases) throw new RangeError('unreachable: every refusal is listed');
  return Object.freeze({ code, name, startDate: span.startDate, endDate: span.endDate, phases, targets });
}

/** The end on or after the start, at most `MAX_CAMPAIGN_DAYS` days in all. */
function checkSpan(startDate: IsoDate, endDate: IsoDate): { startDate: IsoDate; endDate: IsoDate } {
  if (endDate < startDate) {
    throw new ValidationError(
      'endDate',
      `Ngày kết thúc (${formatDate(endDate)}) không được trước ngày bắt đầu (${formatDate(startDate)}).`,
      `The end date (${endDate}) must not be before the start date (${startDate}).`,
      { startDate, endDate },
    );
  }
  const days = daysBetweenInclusive(startDate, endDate);
  if (days > MAX_CAMPAIGN_DAYS) {
    throw new ValidationError(
      'endDate',
      `Chiến dịch kéo dài ${formatNumber(days)} ngày (từ ${formatDate(startDate)} đến ${formatDate(endDate)}), quá thời gian tối đa ${MAX_CAMPAIGN_DAYS} ngày: một chiến dịch dài nhiều nhất một năm.`,
      `The campaign lasts ${days} days (${startDate} to ${endDate}), more than the ${MAX_CAMPAIGN_DAYS} allowed: a campaign lasts a year at most.`,
      { startDate, endDate, days, max: MAX_CAMPAIGN_DAYS },
    );
  }
  return { startDate, endDate };
}

/**
 * The phase that contains `date`, or null between or outside phases.
 *
 * @example
 * phaseOn(campaign, '2023-06-15')?.number; // 1
 */
export function phaseOn(c: Pick<CampaignDraft, 'phases'>, date: IsoDate): Phase | null {
  return c.phases.find((p) => p.startDate <= date && date <= p.endDate) ?? null;
}

/**
 * The decimals a campaign's percentages may be written with (DESIGN.md: the notices use 1 or 2).
 *
 * @example
 * CAMPAIGN_PRECISIONS; // [1, 2]
 */
export const CAMPAIGN_PRECISIONS = Object.freeze([1, 2] as const);

/**
 * Checks a campaign's precision setting: 1 or 2 decimals, nothing else.
 *
 * @example
 * validatePrecision(1); // 1
 * validatePrecision(3); // throws ValidationError on 'precision'
 */
export function validatePrecision(value: unknown, field = 'precision'): 1 | 2 {
  if (value === 1 || value === 2) return value;
  const shown = (vi: boolean) => (typeof value === 'number' && Number.isFinite(value)
    ? (vi ? formatNumber(value, 20) : String(value))
    : JSON.stringify(value) ?? String(value));
  throw new ValidationError(
    field,
    `Số chữ số thập phân của tỷ lệ phần trăm là 1 hoặc 2, không nhận ${shown(true)}.`,
    `The decimals of the percentages are 1 or 2, not ${shown(false)}.`,
    { value },
  );
}
