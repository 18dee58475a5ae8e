/**
 * The web app (packages/web, built by `npm install` into its dist/): hashed assets as
 * static files, and index.html for every other non-API path so the app's own router can
 * answer deep links (/dashboard/..., /report/...).
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import { languageOf } from './language.ts';

const NOT_BUILT = readFileSync(new URL('./not-built.html', import.meta.url));
const CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:",
  "connect-src 'self'", "frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'",
].join('; ');

/** Unhashed files the build puts beside index.html (from packages/web/public), by type. */
const ROOT_FILE_TYPES: Readonly<Record<string, string>> = {
  js: 'text/javascript; charset=utf-8', webmanifest: 'application/manifest+json', json: 'application/json',
  png: 'image/png', svg: 'image/svg+xml', ico: 'image/x-icon', txt: 'text/plain; charset=utf-8',
};
const ROOT_FILE = new RegExp(`^/([\\w-]+(?:\\.[\\w-]+)*\\.(${Object.keys(ROOT_FILE_TYPES).join('|')}))(?:\\?.*)?$`);

/** Where the built app's hashed files are served (public, cached for a year). */
export const WEB_ASSETS_PREFIX = '/assets/';

export async function webRoutes(app: FastifyInstance, { webDir }: { webDir: string }): Promise<void> {
  const indexFile = join(webDir, 'index.html');
  await app.register(fastifyStatic, {
    root: join(webDir, 'assets'),
    prefix: WEB_ASSETS_PREFIX,
    index: false,
    // The build writes a .br and a .gz beside each asset (vite.config.ts): sent as they are.
    preCompressed: true,
    setHeaders(res) {
      res.header('cache-control', 'public, max-age=31536000, immutable');
    },
  });
  const sendPage = { config: { access: { permission: 'public' as const } }, schema: { hide: true } };
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.url.startsWith('/api/')) {
      const en = languageOf(request) === 'en';
      return reply.status(404).send({ error: { id: 'not_found', message: en ? 'No such address.' : 'Không tìm thấy địa chỉ này.' } });
    }
    const rootFile = ROOT_FILE.exec(request.url);
    if (rootFile) {
      // Files at the app's root keep their names across builds (the service worker, the web
      // manifest, icons): never cached without asking, or a new build would not be seen.
      const body = await readFile(join(webDir, rootFile[1]!)).catch(() => null);
      if (body) return reply.type(ROOT_FILE_TYPES[rootFile[2]!]!).header('cache-control', 'no-cache').header('x-content-type-options', 'nosniff').send(body);
    }
    // Read on each request (it is tiny): a rebuilt app is served without a restart.
    const page = await readFile(indexFile).catch(() => NOT_BUILT);
    return reply.type('text/html; charset=utf-8').header('content-security-policy', CSP).header('cache-control', 'no-cache')
      .header('x-content-type-options', 'nosniff').send(page);
  };
  app.get('/', sendPage, handler);
  app.get('/*', sendPage, handler);
}
