/**
 * phân bổ chỉ tiêu: a unit splits its target among its children. Any allocation is taken
 * (under, exact or over) and the gap is reported exactly, never hidden by rounding.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '@giaoban/core';
import type { ServiceContext } from '../infra/index.ts';
import { getProgress } from '../dashboards/index.ts';
import { allocateTargets, getAllocation, type AllocationView } from './targets.service.ts';
import { createWorld, indicatorOf, openTestContext, type World } from '../../test/factories.ts';

let ctx: ServiceContext;
let world: World;
let km: string;
let streets: string;

beforeAll(async () => {
  ctx = await openTestContext();
  world = await createWorld(ctx, {
    provinces: 3,
    districts: [2, 1, 1],
    grassroots: 1,
    indicators: [
      { key: 'km-duong', name: 'Đường giao thông nông thôn', unitOfMeasure: 'km', valueKind: 'decimal', reportingMode: 'increment', target: 0.3 },
      { key: 'tuyen-pho', name: 'Tuyến phố văn minh', unitOfMeasure: 'tuyến', valueKind: 'integer', reportingMode: 'increment', target: 2000 },
    ],
  });
  km = indicatorOf(world, 'km-duong').code;
  streets = indicatorOf(world, 'tuyen-pho').code;
});

afterAll(async () => {
  await ctx?.database.close();
});

/** An allocation as plain data: the unit's target, each child's, and the gap, per indicator code. */
function summary(view: AllocationView) {
  const codeOf = new Map(view.children.map((c) => [c.id, c.code]));
  return Object.fromEntries(view.indicators.map((i) => [i.indicator.code, {
    target: i.target,
    children: Object.fromEntries([...i.childTargets].map(([id, t]) => [codeOf.get(id), t])),
    gap: i.gap && { allocated: i.gap.allocated, gap: i.gap.gap, state: i.gap.state },
  }]));
}

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected the call to be refused');
}

// The cases build on each other in order, like one allocation session on one campaign.
describe('target allocation', () => {
  it('starts with the national target and nothing allocated', async () => {
    const view = summary(await getAllocation(ctx, { campaign: world.campaign.code, unit: 'TW' }));
    expect(view[km]).toEqual({ target: 0.3, children: { P1: null, P2: null, P3: null }, gap: { allocated: 0, gap: 0.3, state: 'under' } });
    expect(view[streets]?.gap).toEqual({ allocated: 0, gap: 2000, state: 'under' });
  });

  it('reports under, exact and over exactly, with decimals', async () => {
    let view = summary(await allocateTargets(ctx, { campaign: world.campaign.code, unit: 'TW' }, null, { targets: { P1: { [km]: 0.1 } } }));
    expect(view[km]?.gap).toEqual({ allocated: 0.1, gap: 0.2, state: 'under' });

    // 0.1 + 0.2 against 0.3 is exact, not 0.30000000000000004.
    view = summary(await allocateTargets(ctx, { campaign: world.campaign.code, unit: 'TW' }, null, { targets: { P2: { [km]: '0,2' } } }));
    expect(view[km]).toEqual({ target: 0.3, children: { P1: 0.1, P2: 0.2, P3: null }, gap: { allocated: 0.3, gap: 0, state: 'exact' } });

    view = summary(await allocateTargets(ctx, { campaign: world.campaign.code, unit: 'TW' }, null, { targets: { P1: { [km]: 0.25 }, P3: { [km]: '0,0001' } } }));
    expect(view[km]).toEqual({ target: 0.3, children: { P1: 0.25, P2: 0.2, P3: 0.0001 }, gap: { allocated: 0.4501, gap: -0.1501, state: 'over' } });
  });

  it('clears a target with null or an empty string', async () => {
    let view = summary(await allocateTargets(ctx, { campaign: world.campaign.code, unit: 'TW' }, null, { targets: { P2: { [km]: null } } }));
    expect(view[km]).toEqual({ target: 0.3, children: { P1: 0.25, P2: null, P3: 0.0001 }, gap: { allocated: 0.2501, gap: 0.0499, state: 'under' } });
    view = summary(await allocateTargets(ctx, { campaign: world.campaign.code, unit: 'TW' }, null, { targets: { P3: { [km]: ' ' } } }));
    expect(view[km]?.children).toEqual({ P1: 0.25, P2: null, P3: null });
    expect(view[km]?.gap).toEqual({ allocated: 0.25, gap: 0.05, state: 'under' });
  });

  it('takes Vietnamese-formatted numbers: 1.791 is one thousand seven hundred ninety-one', async () => {
    const view = summary(await allocateTargets(ctx, { campaign: world.campaign.code, unit: 'TW' }, null, { targets: { P1: { [streets]: '1.791' }, P2: { [streets]: 209 } } }));
    expect(view[streets]).toEqual({ target: 2000, children: { P1: 1791, P2: 209, P3: null }, gap: { allocated: 2000, gap: 0, state: 'exact' } });
    // The allocated target is the province's target on the progress screen.
    const progress = await getProgress(ctx, { campaign: world.campaign.code, unit: 'TW' }, { asOf: world.campaign.endDate });
    expect(progress.children.map((c) => [c.unit.code, c.indicators.map((i) => i.target)])).toEqual([
      ['P1', [0.25, 1791]], ['P2', [null, 209]], ['P3', [null, null]],
    ]);
  });

  it('lets a province split its own target among its districts', async () => {
    const before = summary(await getAllocation(ctx, { campaign: world.campaign.code, unit: 'P1' }));
    expect(before[km]).toEqual({ target: 0.25, children: { 'P1-D1': null, 'P1-D2': null }, gap: { allocated: 0, gap: 0.25, state: 'under' } });
    expect(before[streets]?.target).toBe(1791);
    const view = summary(await allocateTargets(ctx, { campaign: world.campaign.code, unit: 'P1' }, null, {
      targets: { 'P1-D1': { [km]: '0,125', [streets]: '1.000' }, 'P1-D2': { [km]: 0.125, [streets]: 800 } },
    },
    ));
    expect(view[km]?.gap).toEqual({ allocated: 0.25, gap: 0, state: 'exact' });
    expect(view[streets]?.gap).toEqual({ allocated: 1800, gap: -9, state: 'over' });
  });

  it('refuses units that are not children, unknown indicators and bad values, writing nothing', async () => {
    const before = await getAllocation(ctx, { campaign: world.campaign.code, unit: 'TW' });
    const error = await rejection(allocateTargets(ctx, { campaign: world.campaign.code, unit: 'TW' }, null, {
      targets: {
        P3: { [km]: 0.05, [streets]: 10 }, // valid, and must not be written either
        'P1-D1': { [km]: 0.01 }, // a grandchild
        KHONG: { [km]: 0.01 },
        P2: { 'khong-co': 1, [streets]: '12,5', [km]: 'abc' },
        P1: { [km]: -1, [streets]: '1.79' },
      },
    },
    ));
    expect(error.code).toBe('validation');
    expect(error.details.field).toBe('targets.P1-D1');
    const fields = (error.details.fields as { field: string }[]).map((f) => f.field);
    expect(fields.sort()).toEqual([
      `targets.KHONG`, `targets.P1-D1`, `targets.P1.${km}`, `targets.P1.${streets}`,
      `targets.P2.${km}`, `targets.P2.${streets}`, 'targets.P2.khong-co',
    ].sort());
    expect(await getAllocation(ctx, { campaign: world.campaign.code, unit: 'TW' })).toEqual(before);
  });

  it('refuses a unit outside the campaign', async () => {
    const other = await createWorld(ctx, { prefix: 'x-', provinces: 1, districts: 1, grassroots: 1 });
    const error = await rejection(allocateTargets(ctx, { campaign: world.campaign.code, unit: 'x-P1' }, null, { targets: { 'x-P1-D1': { [km]: 1 } } }));
    expect(error.code).toBe('validation');
    expect(error.details.field).toBe('unit');
    expect((await rejection(getAllocation(ctx, { campaign: world.campaign.code, unit: other.root.code }))).code).toBe('validation');
  });
});
