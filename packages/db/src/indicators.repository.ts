import { sql } from 'drizzle-orm';
import type { Indicator, ReportingMode, ValueKind } from '@giaoban/core';
import { queryRows, type Executor } from './connection.ts';
import { textArray } from './sql-helpers.ts';

export interface NewIndicator {
  readonly code: string;
  readonly name: string;
  readonly unitOfMeasure: string;
  readonly valueKind: ValueKind;
  readonly reportingMode: ReportingMode;
}

const COLUMNS = sql`id, code, name, unit_of_measure as "unitOfMeasure", value_kind as "valueKind", reporting_mode as "reportingMode"`;

async function insert(ex: Executor, ind: NewIndicator): Promise<Indicator> {
  const [row] = await queryRows<Indicator>(ex, sql`
    insert into indicators (code, name, unit_of_measure, value_kind, reporting_mode)
    values (${ind.code}, ${ind.name}, ${ind.unitOfMeasure}, ${ind.valueKind}, ${ind.reportingMode})
    returning ${COLUMNS}`);
  if (!row) throw new Error('insert into indicators returned nothing');
  return row;
}

async function listAll(ex: Executor): Promise<Indicator[]> {
  return queryRows<Indicator>(ex, sql`select ${COLUMNS} from indicators order by code`);
}

async function listByCodes(ex: Executor, codes: readonly string[]): Promise<Indicator[]> {
  return queryRows<Indicator>(ex, sql`select ${COLUMNS} from indicators where code = any(${textArray(codes)})`);
}

export const indicatorsRepository = Object.freeze({ insert, listAll, listByCodes });
