import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { login, logout } from './accounts.service.ts';
import type { ServiceContext } from '../infra/index.ts';
import { SESSION_COOKIE } from './auth.plugin.ts';
import type { Config } from '../config.ts';
import { presentUnit } from '../http/index.ts';
import { sessionResponse, signInBody } from './session.schemas.ts';
import { permissionsOf } from './access.ts';
import type { Role } from '@giaoban/db';
import { getUnitById } from '../organisation/index.ts';
import { limitSignIn, type AttemptCounter } from './rate-limits.service.ts';

export async function sessionRoutes(
  app: FastifyInstance, { ctx, config, attempts }: { ctx: ServiceContext; config: Config; attempts: AttemptCounter },
): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/v1/session', {
    // Failed attempts are limited per address and username and per address (rate-limits.service.ts).
    config: { access: { permission: 'public' } },
    schema: {
      tags: ['session'],
      summary: 'Đăng nhập (sign in)',
      body: signInBody,
      response: { 200: sessionResponse },
    },
  }, async (request, reply) => {
    const session = await limitSignIn(attempts, config.loginRateLimit, { ip: request.ip, username: request.body.username }, () =>
      login(ctx, { ...request.body, ip: request.ip, ttlHours: config.sessionHours }));
    reply.setCookie(SESSION_COOKIE, session.token, {
      path: '/', httpOnly: true, sameSite: 'strict', secure: config.cookieSecure, expires: session.expiresAt,
    });
    const unit = await getUnitById(ctx, session.user.unitId);
    return { user: presentUser(session.user), unit: presentUnit(unit), permissions: [...permissionsOf(session.user.role)], csrfToken: session.csrfToken };
  });

  r.get('/api/v1/session', {
    config: { access: { permission: 'signed-in' } },
    schema: { tags: ['session'], summary: 'Phiên đăng nhập hiện tại (current session)', response: { 200: sessionResponse } },
  }, async (request) => {
    const auth = request.auth!;
    const unit = await getUnitById(ctx, auth.user.unitId);
    return { user: presentUser(auth.user), unit: presentUnit(unit), permissions: [...permissionsOf(auth.user.role)], csrfToken: auth.csrfToken };
  });

  r.delete('/api/v1/session', {
    config: { access: { permission: 'signed-in' } },
    schema: { tags: ['session'], summary: 'Đăng xuất (sign out)' },
  }, async (request, reply) => {
    if (request.sessionToken) await logout(ctx, request.sessionToken);
    reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: config.cookieSecure });
    return reply.status(204).send();
  });
}

function presentUser(u: { username: string; displayName: string; role: Role; language: 'vi' | 'en' }) {
  return { username: u.username, displayName: u.displayName, role: u.role, language: u.language };
}
