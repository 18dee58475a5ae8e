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
  | 'invalid_credentials';

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
