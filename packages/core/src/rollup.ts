import { UnitTree } from './hierarchy.ts';
import { subtractValues, sumValues } from './indicator.ts';

// DESIGN.md "The numbers must be right": a roll-up never counts a subtree twice.
// Per (unit, indicator, week): S(u) = Σ total(c) over the children c of u, and
// total(u) = consolidated(u) ? value(u) : value(u) + S(u), with value 0 without a report.
// The server stores S for the ancestors and updates it by deltas; these are the pure parts.

/**
 * A unit's report figure for one indicator and week; `consolidated` when it already
 * includes the unit's whole subtree.
 *
 * @example
 * const own: ReportContribution = { consolidated: false, value: 12 };
 */
export interface ReportContribution {
  readonly consolidated: boolean;
  readonly value: number;
}

/**
 * total(u) from the unit's own report (null when it has none) and S(u).
 *
 * @example
 * unitTotal({ consolidated: true, value: 50 }, 30); // 50: the children are already in it
 */
export function unitTotal(own: ReportContribution | null, childrenSum: number): number {
  if (own?.consolidated) return own.value;
  return sumValues([own?.value ?? 0, childrenSum]);
}

/**
 * How much total(u) changes when its report goes from `before` to `after`, S(u) unchanged.
 *
 * @example
 * contributionDelta({ consolidated: false, value: 10 }, { consolidated: true, value: 25 }, 20); // -5
 */
export function contributionDelta(
  before: ReportContribution | null,
  after: ReportContribution | null,
  childrenSum: number,
): number {
  return subtractValues(unitTotal(after, childrenSum), unitTotal(before, childrenSum));
}

/**
 * The ancestors whose S changes by a unit's delta: from the parent upwards, stopping after
 * the first consolidated one, whose total no longer depends on its children.
 *
 * @example
 * propagationTargets([3, 2, 1], new Set([2])); // [3, 2]
 */
export function propagationTargets(
  ancestorIdsNearestFirst: readonly number[],
  consolidatedIds: ReadonlySet<number>,
): number[] {
  const targets: number[] = [];
  for (const id of ancestorIdsNearestFirst) {
    targets.push(id);
    if (consolidatedIds.has(id)) break;
  }
  return targets;
}

/**
 * total(u) of every unit of the tree for one indicator and week, computed from scratch
 * bottom-up: the reference the incremental sums are checked against.
 *
 * @example
 * rollupTotals(tree, new Map([[3, { consolidated: false, value: 5 }]])).get(1); // 5 if 3 is below 1
 */
export function rollupTotals(tree: UnitTree, reports: ReadonlyMap<number, ReportContribution>): Map<number, number> {
  const totals = new Map<number, number>();
  const order = UnitTree.roots(tree).flatMap((r) => [r, ...UnitTree.descendants(tree, r.id)]);
  // Pre-order reversed puts every unit after all of its descendants.
  for (let i = order.length - 1; i >= 0; i--) {
    const u = order[i];
    if (!u) continue;
    const childrenSum = sumValues(UnitTree.children(tree, u.id).map((c) => totals.get(c.id) ?? 0));
    totals.set(u.id, unitTotal(reports.get(u.id) ?? null, childrenSum));
  }
  return totals;
}
