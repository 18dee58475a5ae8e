/**
 * The fault suite's bad inputs: hundreds of requests generated from the route table's own
 * schemas (lib/inputs.ts), sent signed in as an administrator so they pass the access checks
 * and reach validation, on PGlite and on PostgreSQL. None may answer 5xx, and the database
 * must be exactly as before (every table's rows hashed, but for the tables a refused sign-in
 * or a read legitimately touches). A few are answered 2xx without being errors — an upload is
 * taken as a job that then fails on the file, a rules body of unknown fields sets nothing — and
 * are printed; what they may not do is change anything.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql, type Database } from '@giaoban/db';
import { createServiceContext } from '../../src/infra/index.ts';
import { FIXED_NOW } from '../factories.ts';
import { openTestApp, type Session, type TestApp } from '../http/setup.ts';
import { generateBadInputs, type BadInput } from './lib/inputs.ts';
import { faultTarget, type FaultTarget, type TargetKind } from './lib/targets.ts';

/**
 * Left out of the comparison: sign-in attempts count in rate_limits and sessions sweep
 * themselves; opening a report marks it viewed (report_views) — both are what a refused
 * request may do. Everything else must not move.
 */
const TOUCHED_BY_REFUSALS = new Set(['rate_limits', 'sessions', 'report_views']);

async function snapshot(database: Database): Promise<Map<string, string>> {
  const tables = await queryRows<{ name: string }>(database.db, sql`
    select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`);
  const hashes = new Map<string, string>();
  for (const { name } of tables) {
    if (TOUCHED_BY_REFUSALS.has(name)) continue;
    const [row] = await queryRows<{ n: number; h: string }>(database.db, sql.raw(
      `select count(*)::int as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h from "${name}" t`));
    hashes.set(name, `${row!.n} rows ${row!.h}`);
  }
  return hashes;
}

for (const kind of ['pglite', 'postgres'] as const satisfies readonly TargetKind[]) {
  describe(`bad inputs over the route table on ${kind}`, () => {
    let target: FaultTarget | null = null;
    let t: TestApp | undefined;
    let admin: Session;

    beforeAll(async () => {
      target = await faultTarget(kind, 'giaoban_fault_inputs');
      if (!target) return;
      t = await openTestApp({ ctx: createServiceContext(await target.open(), () => FIXED_NOW) });
      admin = await t.signIn('tw.admin');
    });
    afterAll(async () => {
      await t?.close();
      await target?.dispose();
    });

    it('answers at least 300 generated bad inputs with no 5xx and changes nothing', async () => {
      if (!t) return;
      const { world } = t;
      const fill = (param: string) => ({
        campaignCode: world.campaign.code, unitCode: world.root.code, period: world.weeks[0]!, week: world.weeks[0]!,
        phase: '1', id: '1', '*': 'dashboard',
      } as Record<string, string>)[param] ?? 'x';
      // Signing out (here, or everywhere) would end the session the others are sent with; it takes no input to refuse.
      const routes = t.app.routeTable.filter((r) => !r.url.startsWith('/api/docs') && !(r.method === 'DELETE' && r.url === '/api/v1/session')
        && !(r.method === 'POST' && r.url === '/api/v1/session/sign-out-everywhere'));
      const inputs = generateBadInputs(routes, fill);
      const before = await snapshot(t.ctx.database);
      const serverErrors: { input: BadInput; status: number; body: string }[] = [];
      const accepted: { input: BadInput; status: number }[] = [];
      const started = performance.now();
      for (const input of inputs) {
        const res = await t.app.inject({
          method: input.method as 'GET', url: input.url, headers: { ...admin.headers, ...input.headers },
          ...(input.raw !== undefined ? { payload: input.raw } : input.payload !== undefined ? { payload: input.payload as object } : {}),
        });
        if (res.statusCode >= 500) serverErrors.push({ input, status: res.statusCode, body: res.body.slice(0, 300) });
        else if (res.statusCode < 400 && input.method !== 'GET') accepted.push({ input, status: res.statusCode });
      }
      const after = await snapshot(t.ctx.database);
      const changed = [...before.keys()].filter((table) => before.get(table) !== after.get(table));
      const health = await t.app.inject({ method: 'GET', url: '/api/health' });
      console.log([
        `bad inputs on ${kind}: ${inputs.length} tried over ${new Set(inputs.map((i) => i.route)).size} routes in ${Math.round(performance.now() - started)} ms`,
        `  5xx: ${serverErrors.length}; writes accepted: ${accepted.length}; tables changed: ${changed.length ? changed.join(', ') : 'none'}; /api/health ${health.statusCode}`,
        ...serverErrors.slice(0, 10).map((e) => `  5xx ${e.status} ${e.input.route} — ${e.input.what}: ${e.body}`),
        ...accepted.slice(0, 10).map((a) => `  accepted ${a.status} ${a.input.route} — ${a.input.what}`),
      ].join('\n'));
      expect(inputs.length).toBeGreaterThanOrEqual(300);
      expect(serverErrors.map((e) => `${e.input.route} — ${e.input.what}: ${e.status}`)).toEqual([]);
      expect(changed).toEqual([]);
      expect(health.statusCode).toBe(200);
    });
  });
}
