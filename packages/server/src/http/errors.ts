/**
 * One table from error code to HTTP status and stable id, and one handler that answers
 * `{ error: { id, message, field?, fields? } }` in the user's language.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import en from 'zod/v4/locales/en.js';
import vi from 'zod/v4/locales/vi.js';
import { DomainError, FieldProblemsError, RateLimitedError, RowProblemsError, type ErrorCode } from '@giaoban/core';
import { languageOf, type Language } from './language.ts';

/** A PostgreSQL unique violation (SQLSTATE 23505), raised directly or wrapped by the query builder. */
function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

export const ERROR_TABLE: Readonly<Record<ErrorCode | 'internal', { status: number; id: string }>> = {
  validation: { status: 400, id: 'validation' },
  invalid_value: { status: 400, id: 'invalid_value' },
  invalid_period: { status: 400, id: 'invalid_period' },
  invalid_campaign: { status: 400, id: 'invalid_campaign' },
  invalid_allocation: { status: 400, id: 'invalid_allocation' },
  unknown_indicator: { status: 400, id: 'unknown_indicator' },
  unknown_unit: { status: 400, id: 'unknown_unit' },
  unauthenticated: { status: 401, id: 'unauthenticated' },
  invalid_credentials: { status: 401, id: 'invalid_credentials' },
  forbidden: { status: 403, id: 'forbidden' },
  password_change_required: { status: 403, id: 'password_change_required' },
  not_found: { status: 404, id: 'not_found' },
  conflict: { status: 409, id: 'conflict' },
  rate_limited: { status: 429, id: 'rate_limited' },
  internal: { status: 500, id: 'internal' },
};


const LOCALES = { vi: vi(), en: en() } as const;
const FIELD_WORD = { vi: 'Trường', en: 'Field' } as const;

function localize(lang: Language, vi: string, en: unknown): string {
  return lang === 'en' && typeof en === 'string' ? en : vi;
}

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const lang = languageOf(request);
  if (hasZodFastifySchemaValidationErrors(error)) {
    const fields = error.validation.map((v) => {
      // The type provider strips code, path and message from the zod issue; put them back.
      const segments = v.instancePath.split('/').filter(Boolean);
      const issue = { ...v.params, code: v.keyword, path: segments, message: v.message };
      const context = error.validationContext === 'body' ? [] : [error.validationContext ?? ''];
      const path = [...context, ...segments].filter(Boolean).join('.');
      const text = (LOCALES[lang].localeError as (i: unknown) => string | { message: string } | undefined)(issue);
      const message = typeof text === 'string' ? text : text?.message ?? issue.message;
      return { field: path, message: `${FIELD_WORD[lang]} "${path}": ${message}` };
    });
    return reply.status(400).send({ error: { id: 'validation', message: fields[0]?.message ?? 'Dữ liệu không hợp lệ.', field: fields[0]?.field, fields } });
  }
  if (error instanceof DomainError) {
    const { status, id } = ERROR_TABLE[error.code] ?? ERROR_TABLE.internal;
    const fields = error instanceof FieldProblemsError
      ? error.fields.map((f) => ({ field: f.field, message: localize(lang, f.message, f.messageEn), ...(f.kind ? { kind: f.kind } : {}) }))
      : undefined;
    const rows = error instanceof RowProblemsError
      ? error.rows.map((r) => ({ line: r.line, column: r.column, row: r.line, field: r.column, message: localize(lang, r.message, r.messageEn) }))
      : undefined;
    if (error instanceof RateLimitedError) reply.header('retry-after', String(error.retryAfterSeconds));
    return reply.status(status).send({
      error: { id, message: localize(lang, error.message, error.messageEn), field: error.field, fields, rows },
    });
  }
  if (error.statusCode === 429) {
    return reply.status(429).send({ error: { id: 'rate_limited', message: localize(lang, 'Bạn đã thử quá nhiều lần. Vui lòng đợi rồi thử lại.', 'Too many attempts. Please wait and try again.') } });
  }
  if (error.statusCode === 413) {
    return reply.status(413).send({ error: { id: 'too_large', message: localize(lang, 'Tệp hoặc dữ liệu gửi lên vượt giới hạn dung lượng cho phép.', 'The upload is larger than allowed.') } });
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    // Malformed JSON, wrong content type, body too large: the client's fault, said plainly.
    return reply.status(error.statusCode).send({ error: { id: 'bad_request', message: localize(lang, 'Yêu cầu không hợp lệ (sai định dạng dữ liệu).', 'Malformed request.') } });
  }
  if (isUniqueViolation(error)) {
    // Two writes raced past the same check (a code or a username taken in between): the second is refused whole.
    return reply.status(409).send({
      error: {
        id: 'conflict',
        message: localize(lang, 'Mã hoặc tên này vừa được dùng cho một bản ghi khác (có người ghi cùng lúc). Không có gì được ghi; hãy tải lại trang và thử lại.',
          'This code or name was just taken by another record (someone saved at the same time). Nothing was saved; reload and try again.'),
      },
    });
  }
  request.log.error({ err: error }, 'unhandled error');
  return reply.status(500).send({ error: { id: 'internal', message: localize(lang, 'Đã có lỗi ở máy chủ. Vui lòng thử lại sau.', 'Server error. Please try again later.') } });
}

/**
 * Fastify's own refusals made before any route runs (a malformed percent-encoding in the
 * address, a parameter longer than allowed), answered in the app's shape, not Fastify's.
 */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const lang = languageOf(request);
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  return reply.status(status).send({ error: { id: 'bad_request', message: localize(lang, 'Địa chỉ yêu cầu không hợp lệ.', 'Malformed address.') } });
}

/** Raises a 401/403 the same way services raise their errors. */
export function deny(code: 'unauthenticated' | 'forbidden' | 'csrf'): DomainError {
  const text = {
    unauthenticated: ['Bạn cần đăng nhập.', 'Please sign in.'],
    forbidden: ['Bạn không có quyền thực hiện thao tác này với đơn vị này.', 'You may not do this for this unit.'],
    csrf: ['Phiên làm việc không hợp lệ (thiếu mã chống giả mạo). Vui lòng tải lại trang.', 'Missing or wrong anti-forgery token. Reload the page.'],
  }[code];
  return new DomainError(code === 'csrf' ? 'forbidden' : code, text[0] ?? '', { messageEn: text[1], reason: code });
}
