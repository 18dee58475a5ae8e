/**
 * An app on a real test database with a small world and one account per role:
 * central steering/viewer/admin, a province manager and reporter, a reporter of another
 * province, and a district reporter.
 */
import type { Role } from '@giaoban/db';
import { buildApp } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { createUser } from '../../src/accounts/index.ts';
import type { ServiceContext } from '../../src/infra/index.ts';
import { createWorld, openTestContext, type IndicatorSpec, type World } from '../factories.ts';

export const PASSWORD = 'mat-khau-thu-nghiem';

export interface TestApp {
  readonly app: Awaited<ReturnType<typeof buildApp>>;
  readonly ctx: ServiceContext;
  readonly world: World;
  signIn(username: string): Promise<Session>;
  close(): Promise<void>;
}

export interface Session {
  readonly cookie: string;
  readonly csrf: string;
  /** Headers for a request made with this session (CSRF token included). */
  readonly headers: Record<string, string>;
}

export const ACCOUNTS: readonly { username: string; role: Role; unit: (w: World) => string }[] = [
  { username: 'tw.admin', role: 'admin', unit: (w) => w.root.code },
  { username: 'tw.chidao', role: 'steering', unit: (w) => w.root.code },
  { username: 'tw.xem', role: 'viewer', unit: (w) => w.root.code },
  { username: 'p1.quanly', role: 'manager', unit: (w) => w.provinces[0]!.code },
  { username: 'p1.baocao', role: 'reporter', unit: (w) => w.provinces[0]!.code },
  { username: 'p2.baocao', role: 'reporter', unit: (w) => w.provinces[1]!.code },
  { username: 'p1d1.baocao', role: 'reporter', unit: (w) => w.districts[0]!.code },
];

/** `ctx`: a context on a database of the caller's (the replica test); `close` closes it too. */
export async function openTestApp(
  options: { loginMax?: number; config?: Partial<Config>; ctx?: ServiceContext; indicators?: readonly IndicatorSpec[] } = {},
): Promise<TestApp> {
  const ctx = options.ctx ?? await openTestContext();
  const world = await createWorld(ctx, { provinces: 2, districts: 2, grassroots: 2, ...(options.indicators ? { indicators: options.indicators } : {}) });
  for (const a of ACCOUNTS) {
    await createUser(ctx, { username: a.username, password: PASSWORD, displayName: a.username, role: a.role, unitCode: a.unit(world) });
  }
  const config = loadConfig({}, { loginRateLimit: { max: options.loginMax ?? 1000, addressMax: 10_000, windowMs: 60_000 }, ...options.config });
  const app = await buildApp({ ctx, config });
  return {
    app,
    ctx,
    world,
    async signIn(username) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { username, password: PASSWORD } });
      if (res.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      const csrf = res.json().csrfToken as string;
      return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
    },
    async close() {
      await app.close();
      await ctx.database.close();
    },
  };
}
