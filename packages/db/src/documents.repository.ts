import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from './connection.ts';
import type { documentDrafts } from './schema.ts';

/** A draft's form and its versioning, without its key (the caller named it). */
export type DocumentDraftRow = Readonly<Pick<typeof documentDrafts.$inferSelect, 'form' | 'version' | 'updatedAt' | 'updatedBy'>>;

const COLUMNS = sql`form, version, updated_at as "updatedAt", updated_by as "updatedBy"`;

async function get(ex: Executor, campaignId: number, kind: string, ref: string): Promise<DocumentDraftRow | undefined> {
  const [row] = await queryRows<DocumentDraftRow>(ex, sql`
    select ${COLUMNS} from document_drafts where campaign_id = ${campaignId} and kind = ${kind} and ref = ${ref}`);
  return row;
}

/**
 * Saves a draft's form. With `version`, only over that version (0: only when there is none
 * yet), so a save from a stale form returns undefined instead of overwriting.
 */
async function save(
  ex: Executor, campaignId: number, kind: string, ref: string, form: object, userId: number | null, version: number | undefined,
): Promise<DocumentDraftRow | undefined> {
  const json = JSON.stringify(form);
  const [row] = await queryRows<DocumentDraftRow>(ex, sql`
    insert into document_drafts (campaign_id, kind, ref, form, updated_by)
    values (${campaignId}, ${kind}, ${ref}, ${json}::jsonb, ${userId})
    on conflict (campaign_id, kind, ref) do update
      set form = excluded.form, updated_by = excluded.updated_by, updated_at = now(), version = document_drafts.version + 1
      where ${version === undefined ? sql`true` : version === 0 ? sql`false` : sql`document_drafts.version = ${version}`}
    returning ${COLUMNS}`);
  return row;
}

export const documentsRepository = Object.freeze({ get, save });
