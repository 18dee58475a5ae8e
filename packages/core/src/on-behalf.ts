import { MAX_REASON_LENGTH, REVIEWER_ROLES } from './approval.ts';
import { DomainError } from './errors.ts';
import type { FieldProblems } from './field-problems.ts';
import { formatDate } from './format.ts';
import { isValidDate, weekStart, type Week } from './period.ts';

// nhập thay (entry on behalf, DESIGN.md glossary): a unit's report reaches the level above by
// phone or on paper, and a manager there enters it for the unit. The report is judged on
// when it really arrived (`receivedAt`), so the manager says when that was and why they
// enter it; both are audited and shown. Pure: the service passes its clock as `now`.

/** Hà Nội is UTC+7 all year (no daylight saving). */
const LOCAL_OFFSET_MS = 7 * 3_600_000;

/** An ISO 8601 instant that names its offset: 2023-07-05T14:30+07:00, 2023-07-05T07:30:00.000Z. */
const INSTANT = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * What a form or an import sends to enter a report on the unit's behalf: nothing checked yet.
 *
 * @example
 * const input: OnBehalfInput = { reason: 'Đơn vị báo qua điện thoại', receivedAt: '2023-07-05T14:30:00+07:00' };
 */
export interface OnBehalfInput {
  readonly reason?: string | null | undefined;
  readonly receivedAt?: string | null | undefined;
}

/**
 * An entry on behalf, checked: the reason trimmed, the received time as a UTC ISO instant.
 *
 * @example
 * const entry: OnBehalfEntry = { reason: 'Đơn vị báo qua điện thoại', receivedAt: '2023-07-05T07:30:00.000Z' };
 */
export interface OnBehalfEntry {
  readonly reason: string;
  readonly receivedAt: string;
}

/**
 * A received time as people read it in Hà Nội: "14:30 ngày 05/07/2023" (English "14:30 on 05/07/2023").
 *
 * @example
 * receivedAtText('2023-07-05T07:30:00.000Z'); // { vi: '14:30 ngày 05/07/2023', en: '14:30 on 05/07/2023' }
 */
export function receivedAtText(instant: string | Date): { readonly vi: string; readonly en: string } {
  const local = new Date(new Date(instant).getTime() + LOCAL_OFFSET_MS).toISOString();
  const time = local.slice(11, 16);
  const date = formatDate(local.slice(0, 10));
  return Object.freeze({ vi: `${time} ngày ${date}`, en: `${time} on ${date}` });
}

/**
 * Why `actor` may not enter `unit`'s report on its behalf, or null when they may: a manager
 * (`REVIEWER_ROLES`) of a unit above it (`unitsAbove`: every unit above `unit`, the campaign's
 * root included). Not for one's own unit (it sends its report itself), not for a reporter or
 * a viewer. The system (null: CLI, demo loader) may.
 *
 * @example
 * onBehalfRefusal({ unitId: 2, role: 'manager' }, { id: 5 }, [3, 2, 1]); // null
 * onBehalfRefusal({ unitId: 5, role: 'reporter' }, { id: 5 }, [3, 2, 1])?.code; // 'forbidden'
 */
export function onBehalfRefusal(
  actor: { readonly unitId: number; readonly role: string } | null,
  unit: { readonly id: number },
  unitsAbove: readonly number[],
): DomainError | null {
  if (actor === null) return null;
  if (actor.unitId === unit.id) {
    return new DomainError('forbidden', 'Không nhập thay cho chính đơn vị của mình; hãy gửi báo cáo như thường.', {
      messageEn: "A report is not entered on behalf of one's own unit; submit it as usual.", field: 'onBehalf',
    });
  }
  if (!REVIEWER_ROLES.has(actor.role)) {
    return new DomainError('forbidden', 'Chỉ cán bộ quản lý của đơn vị cấp trên mới được nhập thay báo cáo.', {
      messageEn: 'Only a manager of a unit above may enter a report on its behalf.', field: 'onBehalf',
    });
  }
  if (!unitsAbove.includes(actor.unitId)) {
    return new DomainError('forbidden', 'Chỉ được nhập thay báo cáo của đơn vị cấp dưới của mình.', {
      messageEn: 'Only the reports of units below yours may be entered on their behalf.', field: 'onBehalf',
    });
  }
  return null;
}

/**
 * Reads an entry on behalf of the report of `period`: a reason is required (at most
 * `MAX_REASON_LENGTH` characters), and the received time must be an instant with its offset,
 * not after `now` (the report cannot have reached anyone yet) and not before the week began
 * (Monday 00:00 in Hà Nội). Problems go to `problems` on `onBehalf.reason` and
 * `onBehalf.receivedAt`; returns the entry when both are good, else null.
 *
 * @example
 * readOnBehalf({ reason: 'Báo qua điện thoại', receivedAt: '2023-07-05T14:30:00+07:00' }, '2023-W27',
 *   new Date('2023-07-06T03:00:00Z'), new FieldProblems()); // { reason: 'Báo qua điện thoại', receivedAt: '2023-07-05T07:30:00.000Z' }
 */
export function readOnBehalf(input: OnBehalfInput, period: Week, now: Date, problems: FieldProblems): OnBehalfEntry | null {
  const before = problems.size;
  const reason = (input.reason ?? '').trim();
  if (!reason) {
    problems.add('onBehalf.reason', 'Cần ghi lý do nhập thay (ví dụ: đơn vị báo qua điện thoại, gửi bản giấy).',
      'A reason is required to enter a report on its behalf (e.g. the unit phoned it in, sent it on paper).');
  } else if (reason.length > MAX_REASON_LENGTH) {
    problems.add('onBehalf.reason', `Lý do nhập thay quá dài (tối đa ${MAX_REASON_LENGTH} ký tự).`,
      `The reason is too long (at most ${MAX_REASON_LENGTH} characters).`);
  }
  const text = (input.receivedAt ?? '').trim();
  const match = INSTANT.exec(text);
  const ms = match ? Date.parse(text) : Number.NaN;
  let receivedAt: string | null = null;
  if (!text) {
    problems.add('onBehalf.receivedAt', 'Cần ghi thời điểm nhận được báo cáo (giờ và ngày).', 'The time the report was received is required (time and date).');
  } else if (!match || !isValidDate(match[1] ?? '') || !Number.isFinite(ms)) {
    problems.add('onBehalf.receivedAt', `Thời điểm nhận báo cáo "${text}" không hợp lệ.`, `The received time "${text}" is not valid.`);
  } else {
    const at = receivedAtText(new Date(ms));
    const start = weekStart(period);
    const startMs = Date.parse(`${start}T00:00:00+07:00`);
    if (ms > now.getTime()) {
      problems.add('onBehalf.receivedAt', `Thời điểm nhận báo cáo (${at.vi}) không thể ở tương lai.`, `The received time (${at.en}) cannot be in the future.`);
    } else if (ms < startMs) {
      problems.add('onBehalf.receivedAt', `Thời điểm nhận báo cáo (${at.vi}) không thể trước khi tuần bắt đầu (00:00 ngày ${formatDate(start)}).`,
        `The received time (${at.en}) cannot be before the week began (00:00 on ${formatDate(start)}).`);
    } else {
      receivedAt = new Date(ms).toISOString();
    }
  }
  if (problems.size > before || receivedAt === null) return null;
  return Object.freeze({ reason, receivedAt });
}

/**
 * When a report entered on behalf counts as first submitted (what timeliness is judged on):
 * the received time, or the report's earlier first submission when it already had one.
 *
 * @example
 * firstSubmittedOnBehalf(null, '2023-07-05T07:30:00.000Z'); // '2023-07-05T07:30:00.000Z'
 * firstSubmittedOnBehalf('2023-07-04T01:00:00Z', '2023-07-05T07:30:00.000Z'); // '2023-07-04T01:00:00Z'
 */
export function firstSubmittedOnBehalf(first: Date | string | null, receivedAt: string): Date | string {
  if (first === null) return receivedAt;
  return new Date(first).getTime() <= Date.parse(receivedAt) ? first : receivedAt;
}
