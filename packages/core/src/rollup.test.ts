import { seededRandom } from './random.ts';
import { describe, expect, it } from 'vitest';
import { UnitTree, type Unit } from './hierarchy.ts';
import { sumValues } from './indicator.ts';
import { contributionDelta, propagationTargets, rollupTotals, unitTotal, type ReportContribution } from './rollup.ts';

const own = (value: number, consolidated = false): ReportContribution => ({ value, consolidated });

function unit(id: number, parentId: number | null): Unit {
  return { id, code: `u${id}`, name: `Đơn vị ${id}`, level: 'grassroots', parentId, tags: [], validFrom: null, validTo: null, successorId: null };
}

describe('unitTotal', () => {
  it.each([
    [null, 0, 0],
    [null, 5, 5],
    [own(3), 5, 8],
    [own(10, true), 5, 10],
    [own(0, true), 5, 0],
    [own(0.1), 0.2, 0.3],
  ])('unitTotal(%j, S = %s) = %s', (report, childrenSum, expected) => {
    expect(unitTotal(report, childrenSum)).toBe(expected);
  });
});

describe('contributionDelta', () => {
  it.each([
    [null, own(3), 5, 3],
    [own(3), null, 5, -3],
    [own(3), own(10, true), 5, 2],
    [own(10, true), own(3), 5, -2],
    [own(10, true), null, 5, -5],
    [null, own(10, true), 5, 5],
    [own(10, true), own(12, true), 5, 2],
    [own(10, true), own(10, true), 5, 0],
    [own(0.1), own(0.3), 0, 0.2],
  ])('%j → %j with S = %s changes the total by %s', (before, after, childrenSum, expected) => {
    expect(contributionDelta(before, after, childrenSum)).toBe(expected);
  });
});

describe('propagationTargets', () => {
  it.each([
    [[3, 2, 1], [2], [3, 2]],
    [[3, 2, 1], [], [3, 2, 1]],
    [[3, 2, 1], [3], [3]],
    [[3, 2, 1], [1], [3, 2, 1]],
    [[3, 2, 1], [2, 3], [3]],
    [[], [1], []],
  ])('ancestors %j with consolidated %j → %j', (ancestors, consolidated, expected) => {
    expect(propagationTargets(ancestors, new Set(consolidated))).toEqual(expected);
  });
});

describe('rollupTotals', () => {
  // 1 → 2 → 3, 1 → 4; 5 is a second root.
  const tree = UnitTree.build([unit(1, null), unit(2, 1), unit(3, 2), unit(4, 1), unit(5, null)]);

  it.each([
    ['no reports', [], { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 }],
    ['own activities add up', [[3, own(5)], [2, own(7)], [4, own(1)]], { 1: 13, 2: 12, 3: 5, 4: 1, 5: 0 }],
    ['a consolidated report is not added to its subtree', [[3, own(5)], [2, own(7, true)], [1, own(1)]], { 1: 8, 2: 7, 3: 5, 4: 0, 5: 0 }],
    ['a consolidated root ignores everything below', [[3, own(5)], [1, own(100, true)], [5, own(2)]], { 1: 100, 2: 5, 3: 5, 4: 0, 5: 2 }],
    ['decimals stay exact', [[3, own(0.1)], [4, own(0.2)]], { 1: 0.3, 2: 0.1, 3: 0.1, 4: 0.2, 5: 0 }],
  ] as const)('%s', (_, reports, expected) => {
    const totals = rollupTotals(tree, new Map(reports));
    expect(Object.fromEntries(totals)).toEqual(expected);
  });
});


function randomTree(random: () => number, size: number): UnitTree {
  // A chain 1 → 2 → 3 → 4 → 5 guarantees depth 4; the rest hang anywhere, a few as new roots.
  const units = [1, 2, 3, 4, 5].map((id) => unit(id, id === 1 ? null : id - 1));
  for (let id = 6; id <= size; id++) {
    units.push(unit(id, random() < 0.03 ? null : 1 + Math.floor(random() * (id - 1))));
  }
  return UnitTree.build(units);
}

function randomReport(random: () => number): ReportContribution | null {
  if (random() < 0.2) return null;
  const value = random() < 0.5 ? Math.floor(random() * 1000) : Math.round(random() * 100_000) / 100;
  return { consolidated: random() < 0.3, value };
}

describe('incremental roll-up', () => {
  it.each(Array.from({ length: 25 }, (_, i) => [i + 1]))(
    'matches the from-scratch totals after every change (seed %i)',
    (seed) => {
      const random = seededRandom(seed);
      const tree = randomTree(random, 10 + Math.floor(random() * 60));
      const ids = [...tree.byId.keys()];
      const reports = new Map<number, ReportContribution>();
      const childrenSums = new Map<number, number>(); // the S(u) the server would store

      for (let step = 0; step < 200; step++) {
        const id = ids[Math.floor(random() * ids.length)] as number;
        const before = reports.get(id) ?? null;
        const after = randomReport(random);
        const delta = contributionDelta(before, after, childrenSums.get(id) ?? 0);
        if (after) reports.set(id, after);
        else reports.delete(id);

        const consolidated = new Set([...reports].filter(([, r]) => r.consolidated).map(([u]) => u));
        const ancestors = UnitTree.ancestors(tree, id).map((u) => u.id);
        for (const target of propagationTargets(ancestors, consolidated)) {
          childrenSums.set(target, sumValues([childrenSums.get(target) ?? 0, delta]));
        }

        const totals = rollupTotals(tree, reports);
        const incremental = ids.map((u) => {
          const childrenSum = childrenSums.get(u) ?? 0;
          return [u, childrenSum, unitTotal(reports.get(u) ?? null, childrenSum)];
        });
        // S stays right even for consolidated units, so un-consolidating later needs no rebuild.
        const fromScratch = ids.map((u) => [
          u,
          sumValues(UnitTree.children(tree, u).map((c) => totals.get(c.id) ?? 0)),
          totals.get(u),
        ]);
        expect(incremental, `step ${step}`).toEqual(fromScratch);
      }
    },
  );
});
