import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

const PAGE = readFileSync(new URL('./index.html', import.meta.url), 'utf8');

/** The first page: sign in and the progress of the user's unit (the full web app is packages/web). */
export async function webRoutes(app: FastifyInstance): Promise<void> {
  app.get('/', { config: { access: { permission: 'public' } }, schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').header('content-security-policy', "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'").send(PAGE));
}
