/**
 * Text that PostgreSQL cannot store is refused at the edge, before any hook or handler reads
 * it: a NUL character (text columns refuse it) and a lone UTF-16 surrogate (jsonb refuses
 * `\ud800`, and UTF-8 has no encoding for it). The address's parameters and query and the
 * session cookie are checked on request, the parsed body before validation, all with a 400
 * that names the field. Bodies nested deeper than any of the API's schemas are refused the
 * same way, walked without recursion so a deep body cannot exhaust the stack.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { DomainError } from '@giaoban/core';

/** No request schema nests deeper than this (a report's values: body → values → code). */
export const MAX_BODY_DEPTH = 32;

// A NUL, a high surrogate not followed by a low one, or a low one not preceded by a high one.
// Without the u flag the pattern sees UTF-16 code units, so it can find a half of a pair.
const UNSTORABLE_TEXT = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSTORABLE_TEXT_GLOBAL = new RegExp(UNSTORABLE_TEXT.source, 'g');

/** Whether `text` holds a character PostgreSQL cannot store. */
export function isUnstorable(text: string): boolean {
  return UNSTORABLE_TEXT.test(text);
}

export type InputProblem = { field: string; kind: 'text' | 'depth' };

/**
 * The first string (value or key) in `value` that cannot be stored, or the first place deeper
 * than `maxDepth`, with its path ("values.tuyen-pho", "phases.0.name"); null when all is well.
 * @example findInputProblem({ a: ['x', 'y\u0000'] }) // { field: 'a.1', kind: 'text' }
 */
export function findInputProblem(value: unknown, maxDepth = MAX_BODY_DEPTH, prefix: readonly string[] = []): InputProblem | null {
  const stack: { value: unknown; path: readonly string[] }[] = [{ value, path: prefix }];
  while (stack.length > 0) {
    const { value: v, path } = stack.pop()!;
    if (typeof v === 'string') {
      if (isUnstorable(v)) return { field: path.join('.'), kind: 'text' };
      continue;
    }
    if (v === null || typeof v !== 'object' || Buffer.isBuffer(v)) continue;
    if (path.length - prefix.length >= maxDepth) return { field: path.join('.'), kind: 'depth' };
    const entries = Array.isArray(v) ? v.map((item, i) => [String(i), item] as const) : Object.entries(v);
    for (const [key, item] of entries) {
      if (isUnstorable(key)) return { field: [...path, key].join('.'), kind: 'text' };
      stack.push({ value: item, path: [...path, key] });
    }
  }
  return null;
}

function refuse(problem: InputProblem): DomainError {
  const field = problem.field.replace(UNSTORABLE_TEXT_GLOBAL, '�');
  if (problem.kind === 'depth') {
    return new DomainError('validation', `Dữ liệu gửi lên lồng nhau quá sâu (quá ${MAX_BODY_DEPTH} cấp) ở trường "${field}".`, {
      field, messageEn: `The request is nested too deeply (over ${MAX_BODY_DEPTH} levels) at "${field}".`,
      fields: [{ field, message: `Dữ liệu lồng nhau quá sâu (quá ${MAX_BODY_DEPTH} cấp).`, messageEn: `Nested over ${MAX_BODY_DEPTH} levels.` }],
    });
  }
  return new DomainError('validation', `Trường "${field}" chứa ký tự không hợp lệ (ký tự NUL hoặc ký tự Unicode không hoàn chỉnh). Vui lòng xóa ký tự đó rồi gửi lại.`, {
    field, messageEn: `Field "${field}" contains a character that cannot be stored (NUL or an unpaired surrogate). Remove it and send again.`,
    fields: [{ field, message: 'Chứa ký tự không hợp lệ (NUL hoặc ký tự Unicode không hoàn chỉnh).', messageEn: 'Contains a NUL or an unpaired surrogate.' }],
  });
}

function checkAddress(request: FastifyRequest): void {
  const problem = findInputProblem(request.params, 2, ['params']) ?? findInputProblem(request.query, 4, ['query']);
  if (problem) throw refuse(problem);
  // A session cookie that cannot be stored cannot name a session: treat it as none.
  for (const [name, value] of Object.entries(request.cookies ?? {})) {
    if (typeof value === 'string' && isUnstorable(value)) delete request.cookies[name];
  }
}

async function inputGuard(app: FastifyInstance): Promise<void> {
  // Registered before the auth plugin, so these run before its hooks read the same values.
  app.addHook('onRequest', async (request) => checkAddress(request));
  app.addHook('preValidation', async (request) => {
    const problem = findInputProblem(request.body);
    if (problem) throw refuse(problem);
  });
}

export default fp(inputGuard, { name: 'giaoban-input-guard' });
