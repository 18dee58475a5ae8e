import { campaignsRepository, checkIndexes, rollupRepository, type IndexCheck, type RollupDifference } from '@giaoban/db';
import { type ServiceContext, requireCampaign } from '../infra/index.ts';

/** Compares the live summary with a from-scratch recompute, for one campaign or all. */
export async function verifyRollups(ctx: ServiceContext, campaignCode?: string): Promise<{ campaigns: string[]; differences: RollupDifference[] }> {
  const campaigns = campaignCode ? [await requireCampaign(ctx.db, campaignCode)] : await campaignsRepository.listAll(ctx.db);
  const differences: RollupDifference[] = [];
  for (const c of campaigns) differences.push(...(await rollupRepository.compare(ctx.db, c)));
  return { campaigns: campaigns.map((c) => c.code), differences };
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
