import type { FastifyRequest } from 'fastify';

export type Language = 'vi' | 'en';

/** ?lang= first, then the signed-in user's choice, then Accept-Language; Vietnamese by default. */
export function languageOf(request: FastifyRequest): Language {
  const query = (request.query ?? {}) as Record<string, unknown>;
  if (query.lang === 'en' || query.lang === 'vi') return query.lang;
  const userLanguage = request.auth?.user.language;
  if (userLanguage) return userLanguage;
  return /^en\b/i.test(request.headers['accept-language'] ?? '') ? 'en' : 'vi';
}
