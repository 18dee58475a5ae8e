/**
 * The outlier check against siblings (no history yet): the siblings' figures of the week are
 * scaled to the unit's size by the targets allocated to each, the unit itself is left out,
 * and the flag says what it was compared with. Read with peerFigures, in one statement for
 * a whole group of submissions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '@giaoban/db';
import type { ServiceContext } from '../infra/index.ts';
import { submitReportOnly } from './reports.service.ts';
import { allocateTargets } from '../planning/index.ts';
import { createWorld, indicatorOf, openTestContext, type World } from '../../test/factories.ts';

let ctx: ServiceContext;
let world: World;
const week = '2023-W23';

beforeAll(async () => {
  ctx = await openTestContext();
  world = await createWorld(ctx, { prefix: 'po-', provinces: 1, districts: 1, grassroots: 8 });
  const streets = indicatorOf(world, 'tuyen-pho').code;
  const [province] = world.provinces;
  const [district] = world.districts;
  await allocateTargets(ctx, { campaign: world.campaign.code, unit: world.root.code }, null, { targets: { [province!.code]: { [streets]: 500 } } });
  await allocateTargets(ctx, { campaign: world.campaign.code, unit: province!.code }, null, { targets: { [district!.code]: { [streets]: 500 } } });
  // Seven branches of 10 streets each, the eighth ten times their size.
  await allocateTargets(ctx, { campaign: world.campaign.code, unit: district!.code }, null, {
    targets: Object.fromEntries(world.grassroots.map((g, i) => [g.code, { [streets]: i === 7 ? 100 : 10 }])),
  },
  );
});

afterAll(async () => {
  await ctx?.database.close();
});

async function flagsOf(unitCode: string): Promise<Record<string, { flag: { kind: string; median: number; message: { vi: string } } }>> {
  const [row] = await queryRows<{ flags: Record<string, { flag: { kind: string; median: number; message: { vi: string } } }> }>(ctx.db, sql`
    select r.flags from reports r join units u on u.id = r.unit_id
    where r.campaign_id = ${world.campaign.id} and r.period = ${week} and u.code = ${unitCode}`);
  return row?.flags ?? {};
}

describe('outliers against siblings, scaled by their targets', () => {
  it('compares a big unit with its small siblings at its own size, and flags only what is unusual at that size', async () => {
    const streets = indicatorOf(world, 'tuyen-pho').code;
    const small = world.grassroots.slice(0, 7);
    const big = world.grassroots[7]!;
    // The siblings submit together (one group, one peer read); the first one is off but alone.
    await Promise.all(small.map((g, i) => submitReportOnly(ctx, { campaign: world.campaign.code, unit: g.code, period: week }, null, { values: { [streets]: i === 0 ? 4 : 2 } })));

    // 20 streets for a unit ten times the size of siblings doing 2: ordinary, though 10× their figures.
    await submitReportOnly(ctx, { campaign: world.campaign.code, unit: big.code, period: week }, null, { values: { [streets]: 20 } });
    expect(await flagsOf(big.code)).toEqual({});

    // 400 is twenty times what its size suggests: flagged, against the scaled siblings (median 20).
    await submitReportOnly(ctx, { campaign: world.campaign.code, unit: big.code, period: week }, null, { values: { [streets]: 400 } });
    const flag = (await flagsOf(big.code))[streets]?.flag;
    expect(flag).toMatchObject({ kind: 'peers', median: 20 });
    expect(flag?.message.vi).toBe('Số liệu 400 cao bất thường so với các đơn vị cùng cấp, quy theo chỉ tiêu được giao (trung vị 20).');
  });

  it('leaves the unit itself out of its siblings', async () => {
    const streets = indicatorOf(world, 'tuyen-pho').code;
    // The first branch's own 4 is not among its peers: they are six 2s and the big unit's 400 scaled to 40.
    await submitReportOnly(ctx, { campaign: world.campaign.code, unit: world.grassroots[0]!.code, period: week }, null, { values: { [streets]: 30 } });
    expect((await flagsOf(world.grassroots[0]!.code))[streets]?.flag).toMatchObject({ kind: 'peers', median: 2 });
  });
});
