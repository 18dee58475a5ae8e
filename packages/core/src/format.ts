import { ValidationError } from './errors.ts';
import { DATE_RANGE, isValidDate, type IsoDate } from './period.ts';

// Vietnamese writing of numbers (DESIGN.md): '.' groups thousands, ',' marks decimals.

interface DecimalParts {
  readonly negative: boolean;
  readonly int: string;
  readonly frac: string;
}

/**
 * `|n| × 10^shift` as decimal digits, read from the shortest string that round-trips to
 * `n` — the number the person typed — rather than from its binary value, so 1.005 is
 * 1.005 and not 1.00499999….
 */
function decimalParts(n: number, shift: number): DecimalParts {
  if (!Number.isFinite(n)) throw new RangeError(`Cannot format a non-finite number: ${n}`);
  const [mantissa = '0', exponent = '0'] = String(Math.abs(n)).split('e');
  const [intPart = '0', fracPart = ''] = mantissa.split('.');
  const digits = intPart + fracPart;
  const point = intPart.length + Number(exponent) + shift;
  let int: string;
  let frac: string;
  if (point <= 0) {
    int = '0';
    frac = '0'.repeat(-point) + digits;
  } else if (point >= digits.length) {
    int = digits + '0'.repeat(point - digits.length);
    frac = '';
  } else {
    int = digits.slice(0, point);
    frac = digits.slice(point);
  }
  return { negative: n < 0, int: int.replace(/^0+(?=\d)/, ''), frac };
}

/** Adds one to a string of decimal digits. */
function incrementDigits(digits: string): string {
  const out = digits.split('');
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i] !== '9') {
      out[i] = String(Number(out[i]) + 1);
      return out.join('');
    }
    out[i] = '0';
  }
  return '1' + out.join('');
}

/** Rounds half away from zero to exactly `decimals` fraction digits. */
function roundParts(parts: DecimalParts, decimals: number): DecimalParts {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 20) {
    throw new RangeError(`Decimals must be a whole number from 0 to 20, got ${decimals}`);
  }
  let kept = parts.int + parts.frac.slice(0, decimals).padEnd(decimals, '0');
  if ((parts.frac[decimals] ?? '0') >= '5') kept = incrementDigits(kept);
  const int = kept.slice(0, kept.length - decimals) || '0';
  const frac = kept.slice(kept.length - decimals);
  // -0.001 rounded to 2 decimals is written 0, not -0.
  const negative = parts.negative && /[1-9]/.test(kept);
  return { negative, int, frac };
}

function write(parts: DecimalParts): string {
  const int = parts.int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const frac = parts.frac.replace(/0+$/, '');
  return (parts.negative ? '-' : '') + int + (frac ? ',' + frac : '');
}

/**
 * `n` rounded half away from zero to `decimals` places, as a plain decimal string with a
 * '.' point (machine form, not for people). Rounds the decimal the number was written as,
 * so it is exact where `toFixed` is not.
 *
 * @example
 * toFixedDecimal(1.005, 2); // '1.01' (1.005.toFixed(2) gives '1.00')
 */
export function toFixedDecimal(n: number, decimals: number): string {
  const { negative, int, frac } = roundParts(decimalParts(n, 0), decimals);
  return (negative ? '-' : '') + int + (frac ? '.' + frac : '');
}

/**
 * A number written the Vietnamese way, at most `maxDecimals` decimals, no trailing zeros.
 *
 * @example
 * formatNumber(-1234.5); // '-1.234,5'
 */
export function formatNumber(n: number, maxDecimals = 2): string {
  return write(roundParts(decimalParts(n, 0), maxDecimals));
}

/**
 * A ratio written as a Vietnamese percentage, rounded half up at `precision` decimals.
 *
 * @example
 * formatPercent(2926049 / 3000000); // '97,53%'
 */
export function formatPercent(ratio: number, precision = 2): string {
  return write(roundParts(decimalParts(ratio, 2), precision)) + '%';
}

const COMPACT_SCALES = [
  { shift: 0, suffix: '', below: 1e6 },
  { shift: -6, suffix: ' triệu', below: 1e9 },
  // No 'nghìn tỉ': the documents write 1.200 tỉ.
  { shift: -9, suffix: ' tỉ', below: Infinity },
] as const;

/**
 * A large number shortened with 'triệu' (10⁶) or 'tỉ' (10⁹); below a million it is
 * written in full.
 *
 * @example
 * formatCompact(17_500_000_000); // '17,5 tỉ'
 */
export function formatCompact(n: number, maxDecimals = 1): string {
  let i = COMPACT_SCALES.findIndex((s) => Math.abs(n) < s.below);
  for (;;) {
    const scale = COMPACT_SCALES[i];
    if (!scale) throw new RangeError(`Cannot format ${n}`);
    const rounded = roundParts(decimalParts(n, scale.shift), maxDecimals);
    // Rounding may reach the next scale: 999.950.000 is '1 tỉ', not '1.000 triệu'.
    const next = COMPACT_SCALES[i + 1];
    if (next && Number(rounded.int) * 10 ** -scale.shift >= scale.below) {
      i++;
      continue;
    }
    return write(rounded) + scale.suffix;
  }
}

/**
 * An amount of Vietnamese đồng, shortened like `formatCompact`.
 *
 * @example
 * formatVnd(6_500_000); // '6,5 triệu đồng'
 */
export function formatVnd(n: number): string {
  return `${formatCompact(n)} đồng`;
}

/**
 * An amount of đồng as the Union's documents write it in prose: below a million in full
 * ("850.000 đồng"), else in triệu or tỉ with at most one decimal, **rounded down** and then
 * preceded by "hơn" when something was cut ("hơn 35,4 tỉ đồng"; the documents never
 * overstate a total); a whole amount under ten keeps the leading zero the Union writes for
 * small counts ("05 tỉ đồng").
 *
 * @example
 * moneyInWords(35_412_000_000); // 'hơn 35,4 tỉ đồng'
 * moneyInWords(2_500_000_000);  // '2,5 tỉ đồng'
 * moneyInWords(5_000_000_000);  // '05 tỉ đồng'
 */
export function moneyInWords(dong: number): string {
  if (!Number.isFinite(dong) || dong < 0) throw new RangeError(`An amount of money must be zero or more, got ${dong}`);
  if (dong < 1e6) return `${formatNumber(Math.floor(dong), 0)} đồng`;
  const scale = dong < 1e9 ? { shift: -6, suffix: 'triệu' } : { shift: -9, suffix: 'tỉ' };
  const parts = decimalParts(dong, scale.shift);
  // Cut, not rounded: one decimal kept.
  const kept = { negative: false, int: parts.int, frac: parts.frac.slice(0, 1) };
  const cut = /[1-9]/.test(parts.frac.slice(1));
  const written = write(kept);
  const padded = /^\d$/.test(written) ? `0${written}` : written;
  return `${cut ? 'hơn ' : ''}${padded} ${scale.suffix} đồng`;
}

function invalidDate(text: string, field = 'date'): ValidationError {
  return new ValidationError(
    field,
    `Ngày "${text}" không hợp lệ, cần dạng dd/mm/yyyy.`,
    `Invalid date "${text}", expected dd/mm/yyyy.`,
    { value: text },
  );
}

/**
 * A date written dd/mm/yyyy.
 *
 * @example
 * formatDate('2023-07-02'); // '02/07/2023'
 */
export function formatDate(isoDate: IsoDate): string {
  if (!isValidDate(isoDate)) throw invalidDate(isoDate);
  return isoDate.split('-').reverse().join('/');
}

/**
 * Reads a date typed as dd/mm/yyyy (d/m/yyyy too) or yyyy-mm-dd, within `DATE_RANGE`
 * (a year 0001 or 9999 is a typing mistake, and would take date computations out of
 * range). Errors are ValidationErrors on `field`.
 *
 * @example
 * parseDate('2/7/2023'); // '2023-07-02'
 * parseDate('31/12/9999', 'asOf'); // throws ValidationError on 'asOf'
 */
export function parseDate(text: string, field = 'date'): IsoDate {
  const trimmed = text.trim();
  const dmy = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(trimmed);
  const iso = dmy ? `${dmy[3]}-${dmy[2]?.padStart(2, '0')}-${dmy[1]?.padStart(2, '0')}` : trimmed;
  if (!isValidDate(iso)) throw invalidDate(text, field);
  if (iso < DATE_RANGE.min || iso > DATE_RANGE.max) {
    throw new ValidationError(
      field,
      `Ngày ${formatDate(iso)} nằm ngoài khoảng thời gian cho phép (từ ${formatDate(DATE_RANGE.min)} đến ${formatDate(DATE_RANGE.max)}).`,
      `The date ${iso} is outside the allowed range (${DATE_RANGE.min} to ${DATE_RANGE.max}).`,
      { value: text },
    );
  }
  return iso;
}

// '.' (or a space) always groups thousands by exactly three digits and ',' is always the
// decimal mark, so '1.79' and '1,791.5' are refused rather than guessed at.
const NUMBER_PATTERN = /^(-?)(\d{1,3}(?:\.\d{3})+|\d{1,3}(?: \d{3})+|\d+)(?:,(\d+))?$/;
// A decimal written with a dot ('1.5', '0.25', '1.791.5', '1,791.5'): what the writer
// meant is plain, but '.' groups thousands here, so the message says how to write it.
const DOT_DECIMAL_PATTERN = /^(-?(?:\d{1,3}(?:[.,]\d{3})+|\d+))\.(\d+)$/;

/**
 * Reads a number typed the Vietnamese way: '.' or a space (also a non-breaking one) groups
 * thousands, ',' marks the decimals. A decimal written with a dot ('1.5') is refused with a
 * message that shows how to write it ('1,5'); every message quotes the text exactly as it
 * was typed, however long.
 *
 * @example
 * parseNumber('1.791,5'); // 1791.5
 * parseNumber('1.500'); // 1500
 * parseNumber('1.5', 'values.km-duong'); // throws ValidationError on that field: … hãy viết 1,5 …
 */
export function parseNumber(text: string, field = 'value'): number {
  const trimmed = text.trim().replace(/[\u00a0\u202f]/g, ' ');
  const m = NUMBER_PATTERN.exec(trimmed);
  if (!m) {
    const dot = DOT_DECIMAL_PATTERN.exec(trimmed);
    if (dot) {
      const written = `${dot[1]?.replace(/,/g, '.')},${dot[2]}`;
      throw new ValidationError(
        field,
        `Giá trị "${text}" không đọc được: số thập phân viết với dấu phẩy, hãy viết ${written} (dấu chấm chỉ để tách hàng nghìn, như 1.500).`,
        `Value "${text}" cannot be read: decimals follow a comma, write ${written} (a dot only separates thousands, as in 1.500).`,
        { value: text },
      );
    }
    throw new ValidationError(field, `Giá trị "${text}" không phải là số.`, `Value "${text}" is not a number.`, { value: text });
  }
  const value = Number(`${m[1]}${m[2]?.replace(/[. ]/g, '')}.${m[3] ?? '0'}`);
  if (!Number.isFinite(value)) {
    throw new ValidationError(field, `Giá trị "${text}" quá lớn.`, `Value "${text}" is too large.`, { value: text });
  }
  return value === 0 ? 0 : value;
}

/**
 * A count as official documents write it: zero-padded to two digits.
 *
 * @example
 * formatCount(4); // '04' as in "04 chiến dịch"
 */
export function formatCount(n: number): string {
  return Number.isInteger(n) && n >= 0 && n < 10 ? `0${n}` : formatNumber(n);
}
