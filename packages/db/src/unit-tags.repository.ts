import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from './connection.ts';
import type { unitTags } from './schema.ts';

/** A unit group (nhóm đơn vị) of the central list: its code (what units.tags holds) and names. */
export type UnitTagRow = Readonly<Pick<typeof unitTags.$inferSelect, 'code' | 'name' | 'nameEn'>>;

const COLUMNS = sql`code, name, name_en as "nameEn"`;

/** The whole list, by code. */
async function listAll(ex: Executor): Promise<UnitTagRow[]> {
  return queryRows<UnitTagRow>(ex, sql`select ${COLUMNS} from unit_tags order by code`);
}

async function getByCode(ex: Executor, code: string): Promise<UnitTagRow | undefined> {
  const [row] = await queryRows<UnitTagRow>(ex, sql`select ${COLUMNS} from unit_tags where code = ${code}`);
  return row;
}

async function insert(ex: Executor, tag: UnitTagRow): Promise<UnitTagRow> {
  const [row] = await queryRows<UnitTagRow>(ex, sql`
    insert into unit_tags (code, name, name_en) values (${tag.code}, ${tag.name}, ${tag.nameEn}) returning ${COLUMNS}`);
  if (!row) throw new Error('insert into unit_tags returned nothing');
  return row;
}

export const unitTagsRepository = Object.freeze({ listAll, getByCode, insert });
