/**
 * Import benchmark (issue 5): a 20.000-row entry workbook — 1.819 grassroots units × 11
 * indicators, one week — written by the template writer, then imported in one go (all or
 * nothing) and imported again (nothing changes), on PGlite and on PostgreSQL.
 *
 *   npm run bench:import                        # both databases, a Markdown section on stdout
 *   npm run bench:import -- --target pglite     # or postgres
 *   npm run bench:import -- --units 200         # a smaller workbook
 *
 * Options: --units N (1819 → 20.009 rows), --districts N (20: the units' parents), --target pglite|postgres|both, --database-url URL
 * (default $BENCH_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres; a scratch
 * database is created there and dropped). The units (one province, 20 districts, the
 * grassroots units spread over them), the indicators and the campaign are made through the
 * services; each grassroots unit already reported the week before, so the quality checks have
 * history to compare with. Timings per stage come from the import's own progress callback.
 * Nothing is asserted.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { formatNumber, type Indicator } from '@giaoban/core';
import { createScratchDatabase, openDatabase, redactUrl, type Database } from '@giaoban/db';
import {
  DEFAULT_IMPORT_LIMITS, createCampaign, createIndicator, createServiceContext, createUnit, entryTemplateWorkbook, importWorkbook,
  submitReport, verifyRollups, type ImportStage, type ServiceContext,
} from '@giaoban/server';

const { values: opts } = parseArgs({
  options: {
    units: { type: 'string', default: '1819' },
    districts: { type: 'string', default: '20' },
    target: { type: 'string', default: 'both' },
    'database-url': { type: 'string' },
  },
  strict: true,
});
const UNITS = Number(opts.units);
if (!Number.isInteger(UNITS) || UNITS < 1) {
  console.error(`--units needs a whole number of at least 1, not "${opts.units}"`);
  process.exit(2);
}
if (!['pglite', 'postgres', 'both'].includes(opts.target)) {
  console.error(`--target is pglite, postgres or both, not "${opts.target}"`);
  process.exit(2);
}
const DATABASE_URL = opts['database-url'] ?? process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DISTRICTS = Number(opts.districts);
if (!Number.isInteger(DISTRICTS) || DISTRICTS < 1) {
  console.error(`--districts needs a whole number of at least 1, not "${opts.districts}"`);
  process.exit(2);
}
const WEEK = '2023-W27';
const log = (line: string) => console.error(line);
const s = (ms: number) => formatNumber(ms / 1000, ms < 10_000 ? 2 : 1);

interface Setup { readonly grassroots: string[]; readonly indicators: Indicator[] }

/** The units, indicators and campaign through the services, and the week before reported. */
async function setUp(ctx: ServiceContext): Promise<void> {
  await createUnit(ctx, { code: 'B-TW', name: 'Trung ương Đoàn', level: 'central', parentCode: null });
  await createUnit(ctx, { code: 'B-P', name: 'Tỉnh Đoàn thử nghiệm', level: 'province', parentCode: 'B-TW' });
  for (let d = 1; d <= DISTRICTS; d++) await createUnit(ctx, { code: `B-D${d}`, name: `Huyện Đoàn ${d}`, level: 'district', parentCode: 'B-P' });
  const grassroots: string[] = [];
  for (let g = 1; g <= UNITS; g++) {
    const code = `B-D${1 + (g % DISTRICTS)}-G${g}`;
    await createUnit(ctx, { code, name: `Đoàn cơ sở ${g}`, level: 'grassroots', parentCode: `B-D${1 + (g % DISTRICTS)}` });
    grassroots.push(code);
  }
  const indicators: Indicator[] = [];
  for (let k = 1; k <= 11; k++) {
    indicators.push(await createIndicator(ctx, {
      code: `b-ct${k}`, name: `Chỉ tiêu thử nghiệm ${k}`, unitOfMeasure: k === 2 ? 'km' : 'người',
      valueKind: k === 2 ? 'decimal' : 'integer', reportingMode: k % 4 === 0 ? 'cumulative' : 'increment',
    }));
  }
  await createCampaign(ctx, null, {
    code: 'b-import', name: 'Chiến dịch thử nghiệm nhập Excel', startDate: '2023-06-05', endDate: '2023-08-27', rootUnitCode: 'B-TW', phases: [],
    targets: indicators.map((i) => ({ indicatorCode: i.code, target: 1_000_000 })),
  });
  // The week before, reported unit by unit (history for the quality checks).
  for (const [n, code] of grassroots.entries()) {
    await submitReport(ctx, { campaign: 'b-import', unit: code, period: '2023-W26' }, null, { values: Object.fromEntries(indicators.map((i, k) => [i.code, 10 + ((n + k) % 7)])) });
  }
}

async function workbook(setup: Setup): Promise<{ file: Buffer; ms: number }> {
  const started = performance.now();
  const file = await entryTemplateWorkbook({
    campaign: { code: 'b-import', name: 'Chiến dịch thử nghiệm nhập Excel' },
    week: { week: WEEK, start: '2023-07-03', end: '2023-07-09', partial: false } as Parameters<typeof entryTemplateWorkbook>[0]['week'],
    rows: setup.grassroots.flatMap((code, n) => setup.indicators.map((indicator, k) => ({
      unit: { code, name: `Đoàn cơ sở ${n + 1}` }, indicator, target: null,
      toDateBefore: indicator.reportingMode === 'cumulative' ? 10 + ((n + k) % 7) : 0,
      current: indicator.reportingMode === 'cumulative' ? 20 + ((n + k) % 9) : 8 + ((n * 3 + k) % 6),
    }))),
  });
  return { file, ms: performance.now() - started };
}

interface Run { readonly total: number; readonly stages: Partial<Record<ImportStage, number>>; readonly ok: boolean; readonly written: number; readonly unchanged: number }

async function timedImport(ctx: ServiceContext, file: Buffer): Promise<Run> {
  const started = performance.now();
  const stageStart: Partial<Record<ImportStage, number>> = {};
  const result = await importWorkbook(ctx, { campaign: 'b-import' }, null, file, {
    mode: 'workbook', limits: DEFAULT_IMPORT_LIMITS,
    progress: (stage) => { stageStart[stage] ??= performance.now() - started; },
  },
  );
  const total = performance.now() - started;
  const reading = stageStart.checking ?? total;
  const checking = (stageStart.writing ?? total) - reading;
  const writing = (stageStart.finished ?? total) - (stageStart.writing ?? total);
  if (!result.ok) log(`import refused: ${result.problems.slice(0, 5).map((p) => `${p.sheet}!${p.column}${p.row} ${p.message}`).join('; ')}`);
  return {
    total, ok: result.ok, stages: { reading, checking, writing },
    written: result.units.filter((u) => u.outcome === 'written').length, unchanged: result.units.filter((u) => u.outcome === 'unchanged').length,
  };
}

interface Result { readonly label: string; readonly setupMs: number; readonly first: Run; readonly second: Run; readonly clean: boolean }

async function bench(label: string, database: Database): Promise<Result> {
  const ctx = createServiceContext(database, () => new Date('2023-07-10T03:00:00Z'));
  const t = performance.now();
  await setUp(ctx);
  const setupMs = performance.now() - t;
  log(`${label}: ${UNITS} units set up in ${s(setupMs)} s`);
  const bytes = (made ??= await workbook(planned)).file;
  const first = await timedImport(ctx, bytes);
  log(`${label}: first import ${s(first.total)} s (${first.written} written)`);
  const second = await timedImport(ctx, bytes);
  log(`${label}: second import ${s(second.total)} s (${second.unchanged} unchanged)`);
  const clean = (await verifyRollups(ctx, 'b-import')).differences.length === 0;
  return { label, setupMs, first, second, clean };
}

const started = Date.now();
let made: { file: Buffer; ms: number } | null = null;
const results: (Result | { label: string; skipped: string })[] = [];

// The workbook depends only on the unit codes and indicators, the same in every database.
const planned: Setup = {
  grassroots: Array.from({ length: UNITS }, (_, k) => `B-D${1 + ((k + 1) % DISTRICTS)}-G${k + 1}`),
  indicators: Array.from({ length: 11 }, (_, k): Indicator => ({
    id: 0, code: `b-ct${k + 1}`, name: `Chỉ tiêu thử nghiệm ${k + 1}`, unitOfMeasure: k + 1 === 2 ? 'km' : 'người',
    valueKind: k + 1 === 2 ? 'decimal' : 'integer', reportingMode: (k + 1) % 4 === 0 ? 'cumulative' : 'increment',
  } as Indicator)),
};

if (opts.target !== 'postgres') {
  const database = await openDatabase({ dataDir: 'memory://' });
  try {
    results.push(await bench('PGlite (in memory)', database));
  } finally {
    await database.close();
  }
}
if (opts.target !== 'pglite') {
  try {
    const scratch = await createScratchDatabase(DATABASE_URL, 'giaoban_bench');
    const database = await openDatabase({ url: scratch.url, poolSize: 4 });
    try {
      results.push(await bench(`PostgreSQL (${redactUrl(DATABASE_URL)})`, database));
    } finally {
      await database.close();
      await scratch.drop();
    }
  } catch (error) {
    results.push({ label: 'PostgreSQL', skipped: `unreachable or refused a scratch database: ${(error as Error).message}` });
  }
}

const cpu = os.cpus()[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
const load = os.loadavg().map((l) => formatNumber(l, 2)).join(' / ');
const rows = UNITS * 11;
const file = made as { file: Buffer; ms: number } | null;
console.log([
  `## Excel import: a ${formatNumber(rows)}-row entry workbook (issue 5)`,
  '',
  `Run on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with \`npm run bench:import${UNITS === 1819 && DISTRICTS === 20 ? '' : ` -- --units ${UNITS} --districts ${DISTRICTS}`}\` (the whole run took ${formatNumber((Date.now() - started) / 1000, 0)} s).`,
  '',
  `- Machine: ${cpu}, ${os.cpus().length} cores, ${formatNumber(os.totalmem() / 2 ** 30, 1)} GiB memory, Node ${process.version}; load average (1 / 5 / 15 min) ${load} at the end.`,
  `- The workbook: ${formatNumber(UNITS)} grassroots units under ${DISTRICTS} districts × 11 indicators (3 reported to date) = ${formatNumber(rows)} rows, one week,`
  + ` ${file ? `${formatNumber(file.file.length / 1024 / 1024, 1)} MB, written by the template writer in ${s(file.ms)} s` : 'not written'}. Each unit reported the week before through the services (history for the outlier check).`,
  '- First import: every row read and checked, then all reports written in one transaction (mode "all or nothing"). Second import: the same file; every report found unchanged, nothing written.',
  '',
  '| database | first import (s) | read · check · write (s) | reports/s | second import (s) | roll-up verified |',
  '|---|---:|---:|---:|---:|---|',
  ...results.map((r) => ('skipped' in r
    ? `| ${r.label} | skipped: ${r.skipped} | | | | |`
    : `| ${r.label} | ${s(r.first.total)}${r.first.ok ? '' : ' (refused!)'} | ${s(r.first.stages.reading ?? 0)} · ${s(r.first.stages.checking ?? 0)} · ${s(r.first.stages.writing ?? 0)} | ${formatNumber(r.first.written / ((r.first.stages.writing ?? 1) / 1000), 0)} | ${s(r.second.total)} | ${r.clean ? 'no difference' : 'DIFFERENCES'} |`)),
  '',
].join('\n'));
