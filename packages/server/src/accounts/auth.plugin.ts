/**
 * Authentication and scope, applied from each route's declared `config.access`:
 * onRequest resolves the session (401 when a route needs one, CSRF token on writes);
 * preValidation resolves the unit the request names and checks the role and subtree (403),
 * so an out-of-scope request is refused before its body is even validated.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { NamedUnit, SessionRow, UnitRow } from '@giaoban/db';
import { resolveSession, resolveSessionNaming } from './accounts.service.ts';
import { findUnitById, findUnitUnder } from './scope.service.ts';
import { DomainError } from '@giaoban/core';
import { actorOf, type Actor, type ServiceContext } from '../infra/index.ts';
import { deny } from '../http/index.ts';
import { UNIT_SCOPED, isAllowed, type RouteAccess } from './access.ts';

export const SESSION_COOKIE = 'gb_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    /** 'allowed': the route answers a session that must first change its password (the session's own routes). */
    passwordChange?: 'allowed';
  }
  interface FastifyRequest {
    auth: SessionRow | null;
    sessionToken: string | null;
    /** The unit named by the request, once its scope was checked. */
    scopedUnit: UnitRow | null;
    /** The unit named in the address, read with the session (code → unit, null when unknown). */
    namedUnit: { code: string; found: NamedUnit | null } | null;
    /** Who makes the request, for the use cases (throws on a request without a session; every such route declares access). */
    readonly actor: Actor;
  }
}

/** Managing permissions: a refusal names the units the user does manage. */
const MANAGING: ReadonlySet<string> = new Set(['units.manage', 'accounts.manage']);

/** "Bạn chỉ quản lý được …": what a manager is told for a unit outside their own (named, so the refusal says where the line runs). */
async function denyOutside(ctx: ServiceContext, ownUnitId: number): Promise<DomainError> {
  const own = await findUnitById(ctx, ownUnitId);
  const name = own?.name ?? '';
  return new DomainError('forbidden', `Bạn chỉ quản lý được ${name} và các đơn vị trực thuộc.`, {
    messageEn: `You manage only ${name} and the units below it.`, reason: 'forbidden',
  });
}

export function routeAccess(request: FastifyRequest): RouteAccess | undefined {
  return request.routeOptions.config.access;
}

async function authPlugin(app: FastifyInstance, opts: { ctx: ServiceContext }): Promise<void> {
  app.decorateRequest('auth', null);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('scopedUnit', null);
  app.decorateRequest('namedUnit', null);
  app.decorateRequest('actor', {
    getter(this: FastifyRequest): Actor {
      if (!this.auth) throw new DomainError('unauthenticated', 'Vui lòng đăng nhập.', { messageEn: 'Please sign in.' });
      return actorOf(this.auth.user, this.ip);
    },
  });

  app.addHook('onRequest', async (request) => {
    const access = routeAccess(request);
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      // A unit named in the address is read with the session: one round trip instead of two.
      const code = access?.unit?.from === 'params' && UNIT_SCOPED.has(access.permission)
        ? (request.params as Record<string, unknown> | undefined)?.[access.unit.key] : undefined;
      if (typeof code === 'string') {
        const found = await resolveSessionNaming(opts.ctx, token, code);
        request.auth = found?.session ?? null;
        request.namedUnit = found ? { code, found: found.named } : null;
      } else {
        request.auth = (await resolveSession(opts.ctx, token)) ?? null;
      }
      request.sessionToken = request.auth ? token : null;
    }
    // A route without a declaration is refused outright (fail closed); 404s have no route.
    if (!access) {
      if (request.routeOptions.url === undefined) return;
      throw deny('forbidden');
    }
    if (access.permission === 'public') return;
    if (!request.auth) throw deny('unauthenticated');
    if (!SAFE_METHODS.has(request.method) && request.headers[CSRF_HEADER] !== request.auth.csrfToken) throw deny('csrf');
    // A temporary password or a sign-in link: nothing but the session's routes until a password is set.
    if (request.auth.user.mustChangePassword && request.routeOptions.config.passwordChange !== 'allowed') {
      throw new DomainError('password_change_required', 'Bạn cần đổi mật khẩu tạm trước khi tiếp tục.', {
        messageEn: 'Change your temporary password before you go on.',
      });
    }
  });

  app.addHook('preValidation', async (request) => {
    const access = routeAccess(request);
    if (!access || access.permission === 'public' || !request.auth) return;
    const user = request.auth.user;
    if (!UNIT_SCOPED.has(access.permission)) {
      if (!isAllowed(user, access.permission)) throw deny('forbidden');
      return;
    }
    if (!access.unit) throw deny('forbidden');
    const source = (request[access.unit.from] ?? {}) as Record<string, unknown>;
    const code = source[access.unit.key];
    // A missing or malformed unit is the schema's to report (400), not a scope question.
    if (typeof code !== 'string') {
      if (!isAllowed(user, access.permission, { unitId: user.unitId, inSubtree: true })) throw deny('forbidden');
      return;
    }
    const found = request.namedUnit?.code === code ? request.namedUnit.found : await findUnitUnder(opts.ctx, code, user.unitId);
    const unit = found?.unit;
    const inSubtree = found?.inSubtree ?? false;
    // An unknown unit is answered like a forbidden one, so codes outside one's scope do not leak.
    if (!unit || !isAllowed(user, access.permission, { unitId: unit.id, inSubtree })) {
      throw isAllowed(user, access.permission, { unitId: user.unitId, inSubtree: true }) && MANAGING.has(access.permission)
        ? await denyOutside(opts.ctx, user.unitId)
        : deny('forbidden');
    }
    request.scopedUnit = unit;
  });
}

export default fp(authPlugin, { name: 'giaoban-auth' });
