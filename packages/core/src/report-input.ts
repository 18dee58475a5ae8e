import type { FieldProblem } from './errors.ts';
import { FieldProblems } from './field-problems.ts';
import type { OnBehalfInput } from './on-behalf.ts';
import { readIndicatorFigure, type Indicator } from './indicator.ts';

/**
 * Indicator code → short explanation of a flagged figure, as sent with a submission.
 *
 * @example
 * const e: Explanations = { 'tinh-nguyen-vien': 'Ra quân cao điểm ngày 26/3' };
 */
export type Explanations = Readonly<Record<string, string | null | undefined>>;

/**
 * A weekly report as the user sent it (form, API): nothing checked yet.
 *
 * @example
 * const input: ReportInput = { values: { 'tuyen-pho': '1.791', 'km-duong': 12.5, 'ky-nang-so': null }, version: 3 };
 */
export interface ReportInput {
  /** indicator code → figure as entered (in the indicator's reporting mode); null or '' = not reported. */
  readonly values: Readonly<Record<string, number | string | null>>;
  readonly consolidated?: boolean | undefined;
  readonly highlights?: string | undefined;
  readonly difficulties?: string | undefined;
  readonly proposals?: string | undefined;
  /** The version the user loaded: a save against a newer version is refused. */
  readonly version?: number | undefined;
  /** Indicator code → explanation confirming a figure flagged as unusual. */
  readonly explanations?: Explanations | undefined;
  /** Why an approved report is corrected. */
  readonly reason?: string | undefined;
  /** nhập thay: a manager above enters the report for the unit, with why and when it really arrived (on-behalf.ts). */
  readonly onBehalf?: OnBehalfInput | null | undefined;
}

/**
 * The narrative of a report (what went well, difficulties, proposals), trimmed.
 *
 * @example
 * const n: ReportNarrative = { highlights: 'Ra quân đồng loạt.', difficulties: '', proposals: '' };
 */
export interface ReportNarrative {
  readonly highlights: string;
  readonly difficulties: string;
  readonly proposals: string;
}

/**
 * A `ReportInput` read: the figures that could be read, by indicator id, and every field
 * that could not (`problems`, empty when the input is good). A figure that fails is left
 * out of `entered`.
 *
 * @example
 * const parsed: ParsedReportInput = { entered: new Map([[1, 1791]]), consolidated: false,
 *   highlights: '', difficulties: '', proposals: '', problems: [] };
 */
export interface ParsedReportInput extends ReportNarrative {
  readonly entered: ReadonlyMap<number, number>;
  readonly consolidated: boolean;
  readonly problems: readonly FieldProblem[];
}

/**
 * The longest narrative text a report takes, in characters.
 *
 * @example
 * 'Ra quân đồng loạt.'.length <= MAX_REPORT_TEXT; // true
 */
export const MAX_REPORT_TEXT = 10_000;

/**
 * Reads every field of a report before anything is written: each figure (a number, or
 * text written the Vietnamese way) checked against its indicator, codes not of the
 * campaign refused, narrative texts trimmed and bounded. All problems at once, each on its
 * field (`values.<code>`, `highlights`, …).
 *
 * @example
 * parseReportInput({ indicators: [streets] }, { values: { 'tuyen-pho': '1.791' } }).entered.get(streets.id); // 1791
 */
export function parseReportInput(campaign: { readonly indicators: readonly Indicator[] }, input: ReportInput): ParsedReportInput {
  const problems = new FieldProblems();
  const byCode = new Map(campaign.indicators.map((i) => [i.code, i]));
  const entered = new Map<number, number>();
  for (const [code, raw] of Object.entries(input.values)) {
    const field = `values.${code}`;
    const indicator = byCode.get(code);
    if (!indicator) {
      problems.add(field, `Chỉ tiêu "${code}" không thuộc chiến dịch này.`, `Indicator "${code}" is not part of this campaign.`);
      continue;
    }
    if (raw === null || (typeof raw === 'string' && raw.trim() === '')) continue;
    const value = problems.capture(field, () => readIndicatorFigure(indicator, raw, field));
    if (value !== undefined) entered.set(indicator.id, value);
  }
  const text = (field: keyof ReportNarrative): string => {
    const value = (input[field] ?? '').trim();
    if (value.length > MAX_REPORT_TEXT) {
      problems.add(field, `Nội dung quá dài (tối đa ${MAX_REPORT_TEXT} ký tự).`, `Text too long (at most ${MAX_REPORT_TEXT} characters).`);
    }
    return value;
  };
  return Object.freeze({
    entered,
    consolidated: input.consolidated ?? false,
    highlights: text('highlights'),
    difficulties: text('difficulties'),
    proposals: text('proposals'),
    problems: problems.list(),
  });
}
