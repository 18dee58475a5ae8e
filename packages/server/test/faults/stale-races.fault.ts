/**
 * The fault suite's stale-version races, on PGlite and on PostgreSQL: two people open the same
 * report at the same version and both send it, at the same moment, with different figures.
 * Exactly one is answered 200, the other 409, and the report holds the winner's figure. Forty
 * reports race at once (so the races also share submission groups), five rounds each: 200
 * races, each round starting from the version the last one left.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/accounts/index.ts';
import { createServiceContext } from '../../src/infra/index.ts';
import { FIXED_NOW } from '../factories.ts';
import { PASSWORD, openTestApp, type Session, type TestApp } from '../http/setup.ts';
import { faultTarget, type FaultTarget, type TargetKind } from './lib/targets.ts';

const REPORTS = 40;
const ROUNDS = 5;

for (const kind of ['pglite', 'postgres'] as const satisfies readonly TargetKind[]) {
  describe(`stale-version races on ${kind}`, () => {
    let target: FaultTarget | null = null;
    let t: TestApp | undefined;
    /** Two reporters of each unit: only a unit's own accounts submit its report. */
    const writersOf = new Map<string, [Session, Session]>();

    beforeAll(async () => {
      target = await faultTarget(kind, 'giaoban_fault_races');
      if (!target) return;
      t = await openTestApp({ ctx: createServiceContext(await target.open(), () => FIXED_NOW) });
      for (const unit of [...t.world.provinces, ...t.world.districts, ...t.world.grassroots]) {
        const pair: Session[] = [];
        for (const n of [1, 2]) {
          const username = `dua.${unit.code.toLowerCase()}.${n}`;
          await createUser(t.ctx, { username, password: PASSWORD, displayName: `Người ${n} của ${unit.name}`, role: 'reporter', unitCode: unit.code });
          pair.push(await t.signIn(username));
        }
        writersOf.set(unit.code, pair as [Session, Session]);
      }
    });
    afterAll(async () => {
      await t?.close();
      await target?.dispose();
    });

    it(`gives each of ${REPORTS * ROUNDS} races exactly one winner, whose figure is stored`, async () => {
      if (!t) return;
      const { world } = t;
      const streets = `${world.prefix}tuyen-pho`;
      // Weeks already begun on the fixed clock (Monday 03/07/2023), every unit but the root.
      const units = [...world.provinces, ...world.districts, ...world.grassroots];
      const reports = world.weeks.slice(0, 4).flatMap((week) => units.map((u) => ({
        url: `/api/v1/campaigns/${world.campaign.code}/units/${u.code}/reports/${week}`, writers: writersOf.get(u.code)!,
      }))).slice(0, REPORTS);
      expect(reports).toHaveLength(REPORTS);
      const versionOf = async (r: (typeof reports)[number]) => (await t!.app.inject({ method: 'GET', url: r.url, headers: r.writers[0].headers })).json().version as number;
      const problems: string[] = [];
      let races = 0;
      let winners = 0;
      for (let round = 0; round < ROUNDS; round++) {
        const versions = await Promise.all(reports.map(versionOf));
        const answers = await Promise.all(reports.flatMap((r, i) => r.writers.map((writer, w) => t!.app.inject({
          method: 'POST', url: `${r.url}/submit`, headers: writer.headers,
          payload: { values: { [streets]: 10 + round * 2 + w }, version: versions[i]! },
        }))));
        for (const [i, { url, writers }] of reports.entries()) {
          races++;
          const pair = [answers[2 * i]!, answers[2 * i + 1]!];
          const statuses = pair.map((a) => a.statusCode);
          const won = statuses.flatMap((s, w) => (s === 200 ? [w] : []));
          if (won.length !== 1 || !statuses.includes(409)) {
            problems.push(`${url} round ${round + 1}: ${statuses.join(' and ')} ${pair.map((a) => a.body.slice(0, 120)).join(' | ')}`);
            continue;
          }
          winners++;
          const stored = (await t.app.inject({ method: 'GET', url, headers: writers[0].headers })).json();
          const figure = stored.indicators.find((x: { code: string }) => x.code === streets).submitted.entered as number;
          if (figure !== 10 + round * 2 + won[0]!) problems.push(`${url} round ${round + 1}: stored ${figure}, the winner sent ${10 + round * 2 + won[0]!}`);
          if (stored.version <= versions[i]!) problems.push(`${url} round ${round + 1}: version stayed at ${stored.version}`);
        }
      }
      console.log(`stale-version races on ${kind}: ${races} races, ${winners} with exactly one winner (200) and one refusal (409); ${problems.length} problems`);
      for (const p of problems.slice(0, 10)) console.log(`  ${p}`);
      expect(races).toBe(REPORTS * ROUNDS);
      expect(problems).toEqual([]);
    });
  });
}
