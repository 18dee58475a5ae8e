import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { changeOwnPassword, login, logout, signInWithLink, signOutEverywhere, type NewSession } from './accounts.service.ts';
import type { ServiceContext } from '../infra/index.ts';
import { SESSION_COOKIE } from './auth.plugin.ts';
import type { Config } from '../config.ts';
import { presentUnit } from '../http/index.ts';
import { changePasswordBody, linkSignInBody, sessionResponse, signInBody } from './session.schemas.ts';
import { permissionsOf } from './access.ts';
import type { UserRow } from '@giaoban/db';
import { getUnitById } from '../organisation/index.ts';
import { limitSignIn, type AttemptCounter } from './rate-limits.service.ts';

export async function sessionRoutes(
  app: FastifyInstance, { ctx, config, attempts }: { ctx: ServiceContext; config: Config; attempts: AttemptCounter },
): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  const present = async (user: UserRow, csrfToken: string) => {
    const unit = await getUnitById(ctx, user.unitId);
    return {
      user: presentUser(user), unit: presentUnit(unit), permissions: [...permissionsOf(user.role)], csrfToken,
      mustChangePassword: user.mustChangePassword,
    };
  };
  const start = async (reply: FastifyReply, session: NewSession) => {
    reply.setCookie(SESSION_COOKIE, session.token, {
      path: '/', httpOnly: true, sameSite: 'strict', secure: config.cookieSecure, expires: session.expiresAt,
    });
    return present(session.user, session.csrfToken);
  };
  const clearCookie = (reply: FastifyReply) => reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: config.cookieSecure });

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
    return start(reply, session);
  });

  r.post('/api/v1/session/link', {
    // A wrong or used link counts as a failed sign-in of the address (the same limits).
    config: { access: { permission: 'public' } },
    schema: {
      tags: ['session'],
      summary: 'Đăng nhập bằng đường dẫn dùng một lần (sign in with a one-time link); phiên phải đặt mật khẩu trước',
      body: linkSignInBody,
      response: { 200: sessionResponse },
    },
  }, async (request, reply) => {
    const session = await limitSignIn(attempts, config.loginRateLimit, { ip: request.ip, username: '(link)' }, () =>
      signInWithLink(ctx, { token: request.body.token, ip: request.ip, ttlHours: config.sessionHours }));
    return start(reply, session);
  });

  r.get('/api/v1/session', {
    config: { access: { permission: 'signed-in' }, passwordChange: 'allowed' },
    schema: { tags: ['session'], summary: 'Phiên đăng nhập hiện tại (current session)', response: { 200: sessionResponse } },
  }, async (request) => {
    const auth = request.auth!;
    return present(auth.user, auth.csrfToken);
  });

  r.post('/api/v1/session/password', {
    config: { access: { permission: 'signed-in' }, passwordChange: 'allowed' },
    schema: {
      tags: ['session'],
      summary: 'Đổi mật khẩu của mình (change one\'s own password); các phiên khác của tài khoản kết thúc',
      body: changePasswordBody,
      response: { 200: sessionResponse },
    },
  }, async (request) => {
    const auth = request.auth!;
    const user = await changeOwnPassword(ctx, { token: request.sessionToken!, user: auth.user }, request.actor, request.body);
    return present(user, auth.csrfToken);
  });

  r.post('/api/v1/session/sign-out-everywhere', {
    // Allowed before a forced password change too: signing out can only make an account safer.
    config: { access: { permission: 'signed-in' }, passwordChange: 'allowed' },
    schema: { tags: ['session'], summary: 'Đăng xuất mọi nơi (every session of the account ends, this one too)' },
  }, async (request, reply) => {
    await signOutEverywhere(ctx, request.auth!.user, request.actor);
    clearCookie(reply);
    return reply.status(204).send();
  });

  r.delete('/api/v1/session', {
    config: { access: { permission: 'signed-in' }, passwordChange: 'allowed' },
    schema: { tags: ['session'], summary: 'Đăng xuất (sign out)' },
  }, async (request, reply) => {
    if (request.sessionToken) await logout(ctx, request.sessionToken);
    clearCookie(reply);
    return reply.status(204).send();
  });
}

function presentUser(u: Pick<UserRow, 'username' | 'displayName' | 'role' | 'language'>) {
  return { username: u.username, displayName: u.displayName, role: u.role, language: u.language };
}
