import { campaignsRepository, checkIndexes, rollupRepository, type IndexCheck, type RollupDifference } from '@giaoban/db';
import { type ServiceContext, requireCampaign } from '../infra/index.ts';
import { compareCountedFigures } from '../reporting/index.ts';

/**
 * Compares the live summary with a from-scratch recompute, for one campaign or all; and the
 * figures counted from activity records with a count of the records now (issue 20; their
 * differences' `summary` is the stored figure, `recomputed` the count).
 */
export async function verifyRollups(
  ctx: ServiceContext, campaignCode?: string,
): Promise<{ campaigns: string[]; differences: RollupDifference[]; countedDifferences: RollupDifference[] }> {
  const campaigns = campaignCode ? [await requireCampaign(ctx.db, campaignCode)] : await campaignsRepository.listAll(ctx.db);
  const differences: RollupDifference[] = [];
  const countedDifferences: RollupDifference[] = [];
  for (const c of campaigns) {
    differences.push(...(await rollupRepository.compare(ctx.db, c)));
    countedDifferences.push(...(await compareCountedFigures(ctx.db, await requireCampaign(ctx.db, c.code))));
  }
  return { campaigns: campaigns.map((c) => c.code), differences, countedDifferences };
}

/**
 * amcheck on every btree index of the app's schema (issue 16): damage the roll-up comparison
 * cannot see, such as an index that lost rows when two processes wrote one PGlite directory.
 * Skipped, with the reason, where the database does not offer amcheck to this account.
 */
export async function verifyIndexes(ctx: ServiceContext): Promise<IndexCheck> {
  return checkIndexes(ctx.db);
}

/** Replaces the summary with the recompute (after a bulk load written straight to the values). */
export async function rebuildRollups(ctx: ServiceContext, campaignCode: string): Promise<void> {
  const campaign = await requireCampaign(ctx.db, campaignCode);
  await ctx.db.transaction((tx) => rollupRepository.rebuild(tx, campaign));
}
