/**
 * The web app (packages/web, built by `npm install` into its dist/): hashed assets as
 * static files, and index.html for every other non-API path so the app's own router can
 * answer deep links (/dashboard/..., /report/...).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { languageOf } from '../../language.ts';

const NOT_BUILT = readFileSync(new URL('./not-built.html', import.meta.url));
const CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:",
  "connect-src 'self'", "frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'",
].join('; ');

export async function webRoutes(app: FastifyInstance, { webDir }: { webDir: string }): Promise<void> {
  const indexFile = join(webDir, 'index.html');
  const built = existsSync(indexFile);
  if (built) {
    await app.register(fastifyStatic, {
      root: webDir,
      prefix: '/',
      wildcard: false,
      index: false,
      setHeaders(res, path) {
        res.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  const page = built ? readFileSync(indexFile) : NOT_BUILT;
  const sendPage = { config: { access: { permission: 'public' as const } }, schema: { hide: true } };
  const handler = async (request: import('fastify').FastifyRequest, reply: import('fastify').FastifyReply) => {
    if (request.url.startsWith('/api/')) {
      const en = languageOf(request) === 'en';
      return reply.status(404).send({ error: { id: 'not_found', message: en ? 'No such address.' : 'Không tìm thấy địa chỉ này.' } });
    }
    return reply.type('text/html; charset=utf-8').header('content-security-policy', CSP).header('cache-control', 'no-cache')
      .header('x-content-type-options', 'nosniff').send(page);
  };
  app.get('/', sendPage, handler);
  app.get('/*', sendPage, handler);
}
