import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from './connection.ts';
import type { targets } from './schema.ts';
import { intArray } from './sql-helpers.ts';

export type TargetRow = Readonly<Pick<typeof targets.$inferSelect, 'unitId' | 'indicatorId' | 'target'>>;

async function listForUnits(ex: Executor, campaignId: number, unitIds: readonly number[]): Promise<TargetRow[]> {
  return queryRows<TargetRow>(ex, sql`
    select unit_id as "unitId", indicator_id as "indicatorId", target from targets
    where campaign_id = ${campaignId} and unit_id = any(${intArray(unitIds)})`);
}

/** Sets targets; a null target removes the row (no target set). */
async function upsertMany(
  ex: Executor,
  campaignId: number,
  rows: readonly (Omit<TargetRow, 'target'> & { readonly target: TargetRow['target'] | null })[],
  userId: number | null,
): Promise<void> {
  for (const r of rows) {
    if (r.target === null) {
      await ex.execute(sql`delete from targets where campaign_id = ${campaignId} and unit_id = ${r.unitId} and indicator_id = ${r.indicatorId}`);
    } else {
      await ex.execute(sql`
        insert into targets (campaign_id, unit_id, indicator_id, target, updated_by)
        values (${campaignId}, ${r.unitId}, ${r.indicatorId}, ${r.target}, ${userId})
        on conflict (campaign_id, unit_id, indicator_id)
        do update set target = excluded.target, updated_by = excluded.updated_by, updated_at = now()`);
    }
  }
}

export const targetsRepository = Object.freeze({ listForUnits, upsertMany });
