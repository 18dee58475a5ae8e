/**
 * Stable error codes of the domain. The server maps each code to an HTTP status and a
 * public id; the CLI maps it to an exit code. Core never knows about either.
 *
 * @example
 * const code: ErrorCode = 'invalid_period';
 */
export type ErrorCode =
  | 'validation'
  | 'not_found'
  | 'conflict'
  | 'forbidden'
  | 'unauthenticated'
  | 'invalid_period'
  | 'invalid_value'
  | 'invalid_campaign'
  | 'invalid_allocation'
  | 'unknown_indicator'
  | 'unknown_unit'
  | 'rate_limited'
  | 'invalid_credentials'
  | 'password_change_required';

/**
 * The single error type of the domain. `message` is the Vietnamese text shown to users;
 * `details` may carry `field` (a path such as `values.tuyen-pho`), `messageEn` (the English
 * text) and the offending values.
 *
 * @example
 * throw new DomainError('conflict', 'Báo cáo đã được duyệt.', { messageEn: 'The report is already approved.' });
 */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.details = Object.freeze({ ...details });
  }

  /** The English text (`details.messageEn`), or the Vietnamese one when none was given. */
  get messageEn(): string {
    return typeof this.details.messageEn === 'string' ? this.details.messageEn : this.message;
  }

  /** The path of the field at fault (`details.field`), if one is. */
  get field(): string | undefined {
    return typeof this.details.field === 'string' ? this.details.field : undefined;
  }
}

/**
 * Bad input in one field; `details.field` is the path of the field, `details.messageEn`
 * the English message.
 *
 * @example
 * throw new ValidationError('code', 'Mã không được để trống.', 'The code must not be empty.');
 */
export class ValidationError extends DomainError {
  constructor(field: string, messageVi: string, messageEn: string, details: Record<string, unknown> = {}) {
    super('validation', messageVi, { ...details, field, messageEn });
  }
}

/**
 * Something looked up by a key does not exist. `what` is the Vietnamese noun; the
 * optional `whatEn` gives the English one for `details.messageEn`.
 *
 * @example
 * new NotFoundError('đơn vị', '01', 'unit').message; // 'Không tìm thấy đơn vị "01".'
 */
export class NotFoundError extends DomainError {
  constructor(what: string, key: string, whatEn?: string) {
    super('not_found', `Không tìm thấy ${what} "${key}".`, {
      what,
      key,
      messageEn: whatEn === undefined ? `Not found: "${key}".` : `No ${whatEn} "${key}" was found.`,
    });
  }
}

/**
 * One bad field of a form: `field` is its path (`values.<code>`, `reason`), `message`
 * Vietnamese, `messageEn` English. `kind: 'outlier'` marks a figure that is accepted once
 * confirmed with an explanation, so the form asks for one rather than for a new figure.
 *
 * @example
 * const p: FieldProblem = { field: 'values.tuyen-pho', message: 'Sai.', messageEn: 'Wrong.' };
 */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
  readonly messageEn: string;
  readonly kind?: 'outlier' | undefined;
}

/**
 * Every bad field of one request, refused together so the user sees all of them at once.
 * `details` carries what the HTTP answer reads: `field` and `messageEn` of the first
 * problem, and `fields`, the whole list. At least one problem.
 *
 * @example
 * new FieldProblemsError([{ field: 'reason', message: 'Cần ghi lý do.', messageEn: 'A reason is required.' }]).details.field; // 'reason'
 */
export class FieldProblemsError extends DomainError {
  readonly fields: readonly FieldProblem[];

  constructor(fields: readonly FieldProblem[]) {
    const list = Object.freeze(fields.map((f) => Object.freeze({ field: f.field, message: f.message, messageEn: f.messageEn, ...(f.kind ? { kind: f.kind } : {}) })));
    const [first] = list;
    if (!first) throw new RangeError('A FieldProblemsError needs at least one problem');
    super('validation', first.message, { field: first.field, messageEn: first.messageEn, fields: list });
    this.fields = list;
  }
}

/**
 * One bad cell of an imported file: its 1-based `line` (the header is line 1) and `column`.
 *
 * @example
 * const r: RowProblem = { line: 2, column: 'value', message: 'Sai.', messageEn: 'Wrong.' };
 */
export interface RowProblem {
  readonly line: number;
  readonly column: string;
  readonly message: string;
  readonly messageEn: string;
}

/**
 * An imported file refused as a whole, with every bad row (`details.rows`, read by the
 * HTTP answer): nothing of it was written.
 *
 * @example
 * new RowProblemsError([{ line: 1, column: 'header', message: 'Sai.', messageEn: 'Wrong.' }]).message;
 * // 'Tệp có 1 lỗi; chưa có dữ liệu nào được ghi.'
 */
export class RowProblemsError extends DomainError {
  readonly rows: readonly RowProblem[];

  constructor(rows: readonly RowProblem[]) {
    const list = Object.freeze(rows.map((r) => Object.freeze({ line: r.line, column: r.column, message: r.message, messageEn: r.messageEn })));
    super('validation', `Tệp có ${list.length} lỗi; chưa có dữ liệu nào được ghi.`, {
      messageEn: `The file has ${list.length} error(s); nothing was written.`, rows: list,
    });
    this.rows = list;
  }
}

/**
 * A write to a report made against an older version than the stored one (someone else
 * saved in between): the user reloads before saving. `currentVersion` is the stored one.
 *
 * @example
 * new VersionConflictError(4).details.currentVersion; // 4
 */
export class VersionConflictError extends DomainError {
  readonly currentVersion: number;

  constructor(currentVersion: number) {
    super('conflict', 'Báo cáo đã được người khác cập nhật. Vui lòng tải lại trước khi lưu.', {
      messageEn: 'The report was changed by someone else. Reload it before saving.', currentVersion,
    });
    this.currentVersion = currentVersion;
  }
}

/**
 * Too many attempts (sign-ins, imports at once): `retryAfterSeconds` is how long to wait,
 * sent as the Retry-After header.
 *
 * @example
 * new RateLimitedError('Vui lòng đợi.', 'Please wait.', 30).retryAfterSeconds; // 30
 */
export class RateLimitedError extends DomainError {
  readonly retryAfterSeconds: number;

  constructor(message: string, messageEn: string, retryAfterSeconds: number, details: Record<string, unknown> = {}) {
    super('rate_limited', message, { ...details, messageEn, retryAfterSeconds });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
