/**
 * The HTTP half of read-your-writes (infra/read-your-writes.ts): every successful write
 * answers with the primary's WAL position in the gb_lsn cookie, and dashboard routes read
 * through `readContextOf(ctx, request)`, which sends them to the replica unless it has not yet
 * replayed the reader's last write. Without DATABASE_READ_URL nothing is set and reads stay
 * on the one database.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { type ServiceContext, readContext } from '../infra/index.ts';

export const WRITE_POSITION_COOKIE = 'gb_lsn';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/**
 * A replica further behind than this is broken, not lagging; until then the cookie keeps the
 * writer on the primary. Once the replica has replayed past it the cookie costs a comparison.
 */
const WRITE_POSITION_MAX_AGE_S = 15 * 60;

/** The context a dashboard read of this request runs in (replica or primary). */
export function readContextOf(ctx: ServiceContext, request: FastifyRequest): Promise<ServiceContext> {
  return readContext(ctx, request.cookies[WRITE_POSITION_COOKIE]);
}

async function readYourWritesPlugin(app: FastifyInstance, opts: { ctx: ServiceContext; cookieSecure: boolean }): Promise<void> {
  if (!opts.ctx.replica.configured) return;
  // onSend: the handler's transaction has committed, and the reply can still carry a cookie.
  app.addHook('onSend', async (request, reply, payload) => {
    if (SAFE_METHODS.has(request.method) || reply.statusCode >= 400) return payload;
    const position = await opts.ctx.replica.writePosition();
    if (position) {
      reply.setCookie(WRITE_POSITION_COOKIE, position, {
        path: '/', httpOnly: true, sameSite: 'lax', secure: opts.cookieSecure, maxAge: WRITE_POSITION_MAX_AGE_S,
      });
    }
    return payload;
  });
}

export default fp(readYourWritesPlugin, { name: 'giaoban-read-your-writes', dependencies: ['@fastify/cookie'] });
