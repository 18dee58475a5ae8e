/**
 * A small campaign world for fault tests, built in the database before any server starts:
 * TW, a few provinces and districts (through the services, as the factories do) and a few
 * hundred grassroots units under them (in bulk, as the benchmark's national dataset), five
 * indicators of every kind (whole numbers and decimals, weekly increments and figures to
 * date), and a read-only viewer at TW (through the service: it
 * signs in for real, and checks reports without opening them as a reviewer would).
 *
 * Only a unit submits its own report (a manager above it may return it, not submit it), so
 * each grassroots unit has a reporter account. As the benchmark does (national.bench.ts,
 * bulkSessions), those accounts share one password hash and get a signed-in session each in
 * bulk, as sign-in writes it: hundreds of sign-ins would spend the storm's time on argon2 and
 * meet the sign-in limits. Like the benchmark's national dataset, the week before the stormed
 * one is bulk-loaded for every grassroots unit, then the roll-up rebuilt and verified: figures
 * to date have a past, and the outlier checks a history.
 */
import { createHash, randomBytes } from 'node:crypto';
import { seededRandom } from '@giaoban/core';
import { intArray, queryRows, sql, textArray, type Database } from '@giaoban/db';
import { createUser, hashPassword } from '../../../src/accounts/index.ts';
import { createServiceContext } from '../../../src/infra/index.ts';
import { rebuildRollups, verifyRollups } from '../../../src/monitoring/index.ts';
import { DEFAULT_INDICATORS, createWorld, type IndicatorSpec } from '../../factories.ts';
import type { Session } from './http.ts';

export const FAULT_PASSWORD = 'mat-khau-kiem-thu-loi';

export const FAULT_INDICATORS: readonly IndicatorSpec[] = [
  ...DEFAULT_INDICATORS,
  { key: 'nha-nhan-ai', name: 'Nhà nhân ái, nhà tình nghĩa', unitOfMeasure: 'nhà', valueKind: 'integer', reportingMode: 'increment', target: 400 },
  { key: 'cay-xanh', name: 'Trồng mới cây xanh', unitOfMeasure: 'cây', valueKind: 'integer', reportingMode: 'cumulative', target: 90_000 },
];

export interface FaultIndicator { readonly code: string; readonly id: number; readonly valueKind: string; readonly reportingMode: 'increment' | 'cumulative' }
export interface FaultUnit {
  readonly code: string;
  readonly id: number;
  /** The unit's reporter, signed in. */
  readonly session: Session;
  /** Indicator code → the unit's figure to date before the stormed week (the loaded week's). */
  readonly toDateBefore: Readonly<Record<string, number>>;
}

/** Plain data: what a fault test needs to know of the world once the database is closed. */
export interface FaultWorld {
  readonly campaignCode: string;
  readonly campaignId: number;
  /** The week loaded before the test. */
  readonly loadedWeek: string;
  /** The week the storm submits. */
  readonly week: string;
  readonly indicators: readonly FaultIndicator[];
  readonly units: readonly FaultUnit[];
  /** A viewer at the root: reads every report, writes nothing. */
  readonly viewer: string;
  readonly password: string;
}

export interface FaultWorldShape {
  readonly provinces: number;
  readonly districts: number;
  readonly grassroots: number;
  readonly seed: number;
}

export async function buildFaultWorld(database: Database, shape: FaultWorldShape): Promise<FaultWorld> {
  const ctx = createServiceContext(database);
  // Units down to districts, indicators and campaign through the services; grassroots units in bulk.
  const world = await createWorld(ctx, { provinces: shape.provinces, districts: shape.districts, grassroots: 0, indicators: FAULT_INDICATORS });
  const grassroots = await bulkGrassroots(database, world.districts, shape.grassroots);
  const viewer = 'xem-tw';
  await createUser(ctx, { username: viewer, password: FAULT_PASSWORD, displayName: 'Xem số liệu TW', role: 'viewer', unitCode: world.root.code });
  const sessionOf = await bulkReporterSessions(database, grassroots);

  const [loadedWeek = '', week = ''] = world.weeks;
  const indicators: FaultIndicator[] = FAULT_INDICATORS.map((s) => {
    const i = world.indicators[s.key];
    if (!i) throw new Error(`indicator ${s.key} missing`);
    return { code: i.code, id: i.id, valueKind: s.valueKind, reportingMode: s.reportingMode };
  });

  // The loaded week: every grassroots unit, every indicator, figures drawn from the seed.
  const random = seededRandom(shape.seed);
  const rows: { unitId: number; indicatorId: number; value: number }[] = [];
  for (const u of grassroots) {
    for (const i of indicators) rows.push({ unitId: u.id, indicatorId: i.id, value: figure(random, i) });
  }
  const at = '2023-06-12T02:00:00Z';
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`
      insert into reports (campaign_id, unit_id, period, status, consolidated, highlights, version, submitted_at, first_submitted_at, updated_at)
      select ${world.campaign.id}, u, ${loadedWeek}, 'submitted', false, '', 1, ${at}::timestamptz, ${at}::timestamptz, ${at}::timestamptz
      from unnest(${intArray(grassroots.map((u) => u.id))}) as u`);
    await tx.execute(sql`
      insert into report_values (campaign_id, unit_id, indicator_id, period, value, consolidated, report_id)
      select r.campaign_id, r.unit_id, x.indicator_id, r.period, x.value, false, r.id
      from unnest(${intArray(rows.map((r) => r.unitId))}, ${intArray(rows.map((r) => r.indicatorId))},
                  ${sql`${`{${rows.map((r) => r.value).join(',')}}`}::numeric[]`}) as x(unit_id, indicator_id, value)
      join reports r on r.campaign_id = ${world.campaign.id} and r.unit_id = x.unit_id and r.period = ${loadedWeek}`);
  });
  await rebuildRollups(ctx, world.campaign.code);
  const { differences } = await verifyRollups(ctx, world.campaign.code);
  if (differences.length > 0) throw new Error(`the loaded world's roll-up differs in ${differences.length} places`);

  const toDate = new Map<string, number>();
  for (const r of await queryRows<{ unitId: number; code: string; total: number }>(database.db, sql`
    select v.unit_id as "unitId", i.code, sum(v.value) as total from report_values v join indicators i on i.id = v.indicator_id
    where v.campaign_id = ${world.campaign.id} and i.code = any(${textArray(indicators.map((i) => i.code))}) group by 1, 2`)) {
    toDate.set(`${r.unitId}|${r.code}`, r.total);
  }
  return {
    campaignCode: world.campaign.code,
    campaignId: world.campaign.id,
    loadedWeek,
    week,
    indicators,
    units: grassroots.map((u) => ({
      code: u.code,
      id: u.id,
      session: sessionOf.get(u.id)!,
      toDateBefore: Object.fromEntries(indicators.map((i) => [i.code, i.reportingMode === 'cumulative' ? (toDate.get(`${u.id}|${i.code}`) ?? 0) : 0])),
    })),
    viewer,
    password: FAULT_PASSWORD,
  };
}

/** `perDistrict` grassroots units under each district, with their closure rows (what unitsRepository.insert writes for each). */
async function bulkGrassroots(database: Database, districts: readonly { id: number; code: string }[], perDistrict: number): Promise<{ id: number; code: string; name: string }[]> {
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`
      insert into units (code, name, level, parent_id)
      select d.code || '-G' || g, 'Đoàn cơ sở ' || d.code || '.' || g, 'grassroots', d.id
      from unnest(${intArray(districts.map((d) => d.id))}) as x(id) join units d on d.id = x.id
      cross join generate_series(1, ${perDistrict}::int) g
      order by d.id, g`);
    await tx.execute(sql`
      insert into unit_closure (ancestor_id, descendant_id, depth)
      select c.ancestor_id, u.id, c.depth + 1 from units u join unit_closure c on c.descendant_id = u.parent_id
      where u.parent_id = any(${intArray(districts.map((d) => d.id))})
      union all
      select id, id, 0 from units where parent_id = any(${intArray(districts.map((d) => d.id))})`);
  });
  return queryRows<{ id: number; code: string; name: string }>(database.db, sql`
    select id, code, name from units where parent_id = any(${intArray(districts.map((d) => d.id))}) order by id`);
}

/** A reporter account per unit (one password hash shared) and a live session of each, as sign-in writes it. */
async function bulkReporterSessions(database: Database, units: readonly { id: number; code: string; name: string }[]): Promise<Map<number, Session>> {
  const hash = await hashPassword(FAULT_PASSWORD);
  const usernameOf = (code: string) => `bc-${code.toLowerCase()}`;
  const tokens = units.map(() => randomBytes(24).toString('base64url'));
  const csrfs = units.map(() => randomBytes(16).toString('hex'));
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`
      insert into users (username, password_hash, display_name, role, unit_id)
      select x.username, ${hash}, x.name, 'reporter', x.unit_id
      from unnest(${textArray(units.map((u) => usernameOf(u.code)))}, ${textArray(units.map((u) => u.name))}, ${intArray(units.map((u) => u.id))})
        as x(username, name, unit_id)`);
    await tx.execute(sql`
      insert into sessions (token_hash, user_id, csrf_token, expires_at, ip)
      select x.token_hash, s.id, x.csrf, now() + interval '1 day', '127.0.0.1'
      from unnest(${textArray(tokens.map((t) => createHash('sha256').update(t).digest('hex')))}, ${textArray(csrfs)},
                  ${textArray(units.map((u) => usernameOf(u.code)))}) as x(token_hash, csrf, username)
      join users s on s.username = x.username`);
  });
  return new Map(units.map((u, k) => [u.id, { username: usernameOf(u.code), cookie: `gb_session=${tokens[k]}`, csrf: csrfs[k]! }]));
}

/** A week's figure of one unit: a whole number, or km with one decimal. */
export function figure(random: () => number, indicator: Pick<FaultIndicator, 'valueKind'>): number {
  return indicator.valueKind === 'decimal' ? Math.floor(random() * 200) / 10 : Math.floor(random() * 60);
}
