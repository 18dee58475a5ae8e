import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from './connection.ts';
import type { indicators } from './schema.ts';
import { textArray } from './sql-helpers.ts';

export type NewIndicator = Readonly<Omit<typeof indicators.$inferInsert, 'id' | 'createdAt'>>;

/** An indicator as the repository reads it (core's Indicator): every column but created_at. */
export type IndicatorRow = Readonly<Omit<typeof indicators.$inferSelect, 'createdAt'>>;

const COLUMNS = sql`id, code, name, unit_of_measure as "unitOfMeasure", value_kind as "valueKind", reporting_mode as "reportingMode"`;

async function insert(ex: Executor, ind: NewIndicator): Promise<IndicatorRow> {
  const [row] = await queryRows<IndicatorRow>(ex, sql`
    insert into indicators (code, name, unit_of_measure, value_kind, reporting_mode)
    values (${ind.code}, ${ind.name}, ${ind.unitOfMeasure}, ${ind.valueKind}, ${ind.reportingMode})
    returning ${COLUMNS}`);
  if (!row) throw new Error('insert into indicators returned nothing');
  return row;
}

async function listAll(ex: Executor): Promise<IndicatorRow[]> {
  return queryRows<IndicatorRow>(ex, sql`select ${COLUMNS} from indicators order by code`);
}

async function listByCodes(ex: Executor, codes: readonly string[]): Promise<IndicatorRow[]> {
  return queryRows<IndicatorRow>(ex, sql`select ${COLUMNS} from indicators where code = any(${textArray(codes)})`);
}

export const indicatorsRepository = Object.freeze({ insert, listAll, listByCodes });
