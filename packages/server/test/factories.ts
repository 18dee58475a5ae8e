/**
 * Factories for service tests (STYLE.md: no mocks, real databases). `createWorld` builds a
 * campaign world through the services themselves — a central unit, provinces, districts and
 * grassroots units, indicators and a campaign with national targets — and returns its codes
 * and rows. Several worlds can share one database by giving each its own `prefix`.
 */
import { campaignWeeks, type Indicator, type ReportingMode, type ValueKind } from '@giaoban/core';
import { openTestDatabase, type CampaignDetail, type UnitRow } from '@giaoban/db';
import { createIndicator, createCampaign } from '../src/planning/index.ts';
import { createUnit } from '../src/organisation/index.ts';
import { createServiceContext, type ServiceContext } from '../src/infra/index.ts';

/** Tests never read the real clock: 10:00 on Monday 3 July 2023 in Hà Nội. */
export const FIXED_NOW = new Date('2023-07-03T03:00:00Z');

/** A service context on a fresh test database (PGlite, or TEST_DATABASE_URL); close it in afterAll. */
export async function openTestContext(options: { poolSize?: number } = {}): Promise<ServiceContext> {
  return createServiceContext(await openTestDatabase(options), () => FIXED_NOW);
}

export interface IndicatorSpec {
  /** Short name the test refers to; the indicator code is `${prefix}${key}`. */
  readonly key: string;
  readonly name: string;
  readonly unitOfMeasure: string;
  readonly valueKind: ValueKind;
  readonly reportingMode: ReportingMode;
  /** National target (at the campaign's root). */
  readonly target: number;
}

/** Streets (whole numbers), rural roads in km (decimals), digital-skills trainees reported to date. */
export const DEFAULT_INDICATORS: readonly IndicatorSpec[] = [
  { key: 'tuyen-pho', name: 'Tuyến phố văn minh', unitOfMeasure: 'tuyến', valueKind: 'integer', reportingMode: 'increment', target: 500 },
  { key: 'km-duong', name: 'Đường giao thông nông thôn', unitOfMeasure: 'km', valueKind: 'decimal', reportingMode: 'increment', target: 1234.5 },
  { key: 'ky-nang-so', name: 'Thanh niên được phổ cập kỹ năng số', unitOfMeasure: 'người', valueKind: 'integer', reportingMode: 'cumulative', target: 3000 },
];

export interface WorldShape {
  /** Prepended to every code (lowercase letters, digits, '-') so worlds can share a database. */
  readonly prefix?: string;
  readonly provinces: number;
  /** Districts per province: one count for all, or one per province. */
  readonly districts: number | readonly number[];
  /** Grassroots units per district: one count for all, or (province index, district index) → count. */
  readonly grassroots: number | ((province: number, district: number) => number);
  readonly indicators?: readonly IndicatorSpec[];
  /** Campaign dates; by default Monday 5 June to Sunday 16 July 2023, six whole ISO weeks (W23–W28). */
  readonly campaign?: { readonly startDate: string; readonly endDate: string };
}

export interface World {
  readonly prefix: string;
  readonly root: UnitRow;
  readonly provinces: readonly UnitRow[];
  readonly districts: readonly UnitRow[];
  readonly grassroots: readonly UnitRow[];
  /** Every unit, parents before children. */
  readonly units: readonly UnitRow[];
  readonly unitByCode: ReadonlyMap<string, UnitRow>;
  /** By the spec's key. */
  readonly indicators: Readonly<Record<string, Indicator>>;
  readonly campaign: CampaignDetail;
  /** The campaign's ISO weeks in order ('2023-W23', …). */
  readonly weeks: readonly string[];
}

const PREFIX_PATTERN = /^[a-z0-9-]*$/;

export async function createWorld(ctx: ServiceContext, shape: WorldShape): Promise<World> {
  const prefix = shape.prefix ?? '';
  if (!PREFIX_PATTERN.test(prefix)) throw new Error(`prefix "${prefix}" must use lowercase letters, digits and '-'`);
  const units: UnitRow[] = [];
  const add = async (code: string, name: string, level: UnitRow['level'], parentCode: string | null) => {
    const unit = await createUnit(ctx, { code, name, level, parentCode });
    units.push(unit);
    return unit;
  };

  const root = await add(`${prefix}TW`, 'Trung ương Đoàn', 'central', null);
  const provinces: UnitRow[] = [];
  const districts: UnitRow[] = [];
  const grassroots: UnitRow[] = [];
  for (let p = 0; p < shape.provinces; p++) {
    const province = await add(`${prefix}P${p + 1}`, `Tỉnh Đoàn ${p + 1}`, 'province', root.code);
    provinces.push(province);
    const districtCount = typeof shape.districts === 'number' ? shape.districts : (shape.districts[p] ?? 0);
    for (let d = 0; d < districtCount; d++) {
      const district = await add(`${province.code}-D${d + 1}`, `Huyện Đoàn ${p + 1}.${d + 1}`, 'district', province.code);
      districts.push(district);
      const grassrootsCount = typeof shape.grassroots === 'number' ? shape.grassroots : shape.grassroots(p, d);
      for (let g = 0; g < grassrootsCount; g++) {
        grassroots.push(await add(`${district.code}-G${g + 1}`, `Đoàn cơ sở ${p + 1}.${d + 1}.${g + 1}`, 'grassroots', district.code));
      }
    }
  }

  const specs = shape.indicators ?? DEFAULT_INDICATORS;
  const indicators: Record<string, Indicator> = {};
  for (const spec of specs) {
    indicators[spec.key] = await createIndicator(ctx, {
      code: `${prefix}${spec.key}`, name: spec.name, unitOfMeasure: spec.unitOfMeasure,
      valueKind: spec.valueKind, reportingMode: spec.reportingMode,
    });
  }

  const startDate = shape.campaign?.startDate ?? '2023-06-05';
  const endDate = shape.campaign?.endDate ?? '2023-07-16';
  const campaign = await createCampaign(ctx, null, {
    code: `${prefix}HE2023`,
    name: 'Chiến dịch Thanh niên tình nguyện hè 2023',
    startDate,
    endDate,
    rootUnitCode: root.code,
    phases: [],
    targets: specs.map((s) => ({ indicatorCode: `${prefix}${s.key}`, target: s.target })),
  });

  return {
    prefix,
    root,
    provinces,
    districts,
    grassroots,
    units,
    unitByCode: new Map(units.map((u) => [u.code, u])),
    indicators,
    campaign,
    weeks: campaignWeeks(startDate, endDate).map((w) => w.week),
  };
}

/** The indicator of a world by key, failing loudly on a typo. */
export function indicatorOf(world: World, key: string): Indicator {
  const indicator = world.indicators[key];
  if (!indicator) throw new Error(`no indicator "${key}" in this world`);
  return indicator;
}
