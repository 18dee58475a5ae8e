/**
 * Hostile uploads against a real `giaoban serve` (issue 16, defect 2), on each database (a
 * temporary PGlite directory, a fresh PostgreSQL database) with the demo: zip bombs (a deflated entry inflating past the limit, thousands of
 * entries, a bomb inside the archive), a huge sheet within the limits (100.000 rows, about
 * 180 MB of sheet XML), a shared-strings table past its bound, then the huge sheet five at
 * once from one account and from five accounts. Meanwhile /api/health is polled and the
 * server's RSS (VmRSS in /proc/<pid>/status) sampled.
 *
 * Holds when: the RSS grows by at most 200 MB over the baseline, /api/health answers
 * throughout (its worst latency under 2 s: generous, the machine is shared), the server is
 * alive at the end, no answer is a 5xx, every hostile upload is refused with a 4xx or ends as
 * a failed job with a clear message, and no report or figure was written.
 */
import { execFile, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createDeflateRaw } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '@giaoban/db';
import { startServerProcess, type ServerProcess } from '../scale/cluster.ts';
import { zipArchive, type ZipEntry } from '../zip-archive.ts';
import { faultTarget, type FaultTarget, type TargetKind } from './lib/targets.ts';

const CLI = fileURLToPath(new URL('../../../cli/bin/giaoban.js', import.meta.url));
const PASSWORD = 'giaoban2023';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MB = 1024 * 1024;
const RSS_GROWTH_LIMIT_MB = 200;
const HEALTH_LIMIT_MS = 2_000;

// ---------------------------------------------------------------------------------------------
// Hostile files, generated here (the huge ones deflated as they are generated)

interface Part { readonly name: string; readonly data: () => Iterable<string | Buffer>; readonly stored?: boolean }

async function deflated(part: Part): Promise<{ bytes: Buffer; size: number }> {
  let size = 0;
  const source = Readable.from((function* () {
    for (const piece of part.data()) {
      const bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
      size += bytes.length;
      yield bytes;
    }
  })());
  if (part.stored) {
    const chunks: Buffer[] = [];
    for await (const c of source) chunks.push(c as Buffer);
    return { bytes: Buffer.concat(chunks), size };
  }
  const deflater = createDeflateRaw({ level: 6 });
  const out: Buffer[] = [];
  deflater.on('data', (c: Buffer) => out.push(c));
  await new Promise<void>((resolve, reject) => {
    deflater.on('end', resolve).on('error', reject);
    source.pipe(deflater);
  });
  return { bytes: Buffer.concat(out), size };
}

/** A zip archive of the parts, each deflated (or stored) as it is generated. */
async function zipOf(parts: readonly Part[]): Promise<Buffer> {
  const entries: ZipEntry[] = [];
  for (const part of parts) entries.push({ name: part.name, ...(await deflated(part)), method: part.stored ? 0 : 8 });
  return zipArchive(entries);
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const xml = (body: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${body}`;
const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;

/** The parts around a sheet: package and workbook relationships, the workbook (one entry sheet). */
function workbookParts(sheet: () => Iterable<string>, sharedStrings?: () => Iterable<string>): Part[] {
  return [
    { name: '_rels/.rels', data: () => [xml(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`)] },
    { name: 'xl/workbook.xml', data: () => [xml(`<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="Nhập số liệu" sheetId="1" r:id="rId1"/></sheets></workbook>`)] },
    { name: 'xl/_rels/workbook.xml.rels', data: () => [xml(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`)] },
    { name: 'xl/worksheets/sheet1.xml', data: sheet },
    ...(sharedStrings ? [{ name: 'xl/sharedStrings.xml', data: sharedStrings }] : []),
  ];
}

/** An entry sheet: labels, header, then `rows` figure rows for an unknown unit, each padded with `filler` numeric cells. */
function* entrySheet(o: { campaign: string; week: string; rows: number; filler: number }): Generator<string> {
  yield xml(`<worksheet xmlns="${MAIN}"><sheetData>`);
  yield `<row r="3">${inline('A3', 'Mã chiến dịch:')}${inline('B3', o.campaign)}</row><row r="4">${inline('A4', 'Tuần:')}${inline('B4', o.week)}</row>`;
  yield `<row r="7">${inline('A7', 'Mã đơn vị')}${inline('C7', 'Mã chỉ tiêu')}${inline('I7', 'Số liệu tuần này')}</row>`;
  const filler = '<c><v>1234567</v></c>'.repeat(o.filler);
  let batch = '';
  for (let r = 8; r < 8 + o.rows; r++) {
    batch += `<row r="${r}">${inline(`A${r}`, 'KHONG-CO')}${inline(`C${r}`, 'khong-co')}<c r="I${r}"><v>${r % 97}</v></c>${filler}</row>`;
    if (batch.length > MB) { yield batch; batch = ''; }
  }
  yield `${batch}</sheetData></worksheet>`;
}

// ---------------------------------------------------------------------------------------------
// The server and what is measured around it

/** The whole test on one database: its own server, demo and measurements. */
function hostileUploadsOn(kind: TargetKind): void {
  let target: FaultTarget | null = null;
  let child: ChildProcess | null = null;
  let server: ServerProcess | null = null;
  let baselineRss = 0;
  let peakRss = 0;
  let worstHealthMs = 0;
  let healthFailures = 0;
  let healthPolls = 0;
  let sampling = true;
  let sampler: Promise<void> = Promise.resolve();
  const statuses: number[] = [];
  let sent = 0;
  let refused = 0;

  const rssOf = (pid: number): number => {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  };

  /** The reports and figures stored (PGlite: only while no server holds the directory). */
  async function figuresStored(): Promise<string> {
    const db = await target!.open({ migrate: false });
    try {
      const [row] = await queryRows<{ reports: number; versions: number; values: number }>(db.db, sql`
        select (select count(*)::int from reports) as reports, (select coalesce(sum(version), 0)::int from reports) as versions,
               (select count(*)::int from report_values) as values`);
      return JSON.stringify(row);
    } finally {
      await db.close();
    }
  }

  interface Session { readonly cookie: string; readonly csrf: string }

  async function signIn(username: string): Promise<Session> {
    const res = await fetch(`${server!.url}/api/v1/session`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }),
    });
    expect(res.status, `sign-in of ${username}`).toBe(200);
    const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
  }

  interface Job { state: string; message: string | null; errors: { message: string }[]; errorCount: number; units: { outcome: string }[] }

  /** Uploads a file; a 202 is followed to the end of its job. */
  async function upload(s: Session, campaign: string, file: Buffer): Promise<{ status: number; message: string; job: Job | null }> {
    sent++;
    const res = await fetch(`${server!.url}/api/v1/campaigns/${campaign}/imports`, {
      method: 'POST', body: file, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': XLSX },
    });
    statuses.push(res.status);
    const body = (await res.json()) as { job?: Job & { id: string }; error?: { message: string } };
    if (res.status !== 202) {
      refused++;
      return { status: res.status, message: body.error?.message ?? '', job: null };
    }
    for (let k = 0; k < 3_000; k++) {
      const poll = await fetch(`${server!.url}/api/v1/imports/${body.job!.id}`, { headers: { cookie: s.cookie } });
      statuses.push(poll.status);
      const job = ((await poll.json()) as { job: Job }).job;
      if (job.state !== 'running') {
        if (job.state === 'failed') refused++;
        return { status: 202, message: job.message ?? '', job };
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error('the import did not end within 10 minutes');
  }

  /** A hostile upload ended as it must: refused with a 4xx, or a failed job with a message and nothing written. */
  function expectRefused(result: Awaited<ReturnType<typeof upload>>, what: string): void {
    if (result.job) {
      expect(result.job.state, `${what}: ${result.message}`).toBe('failed');
      expect(result.message, what).toMatch(/chưa có số liệu nào được ghi|lỗi/);
      expect(result.job.errors.length, what).toBeGreaterThan(0);
      expect(result.job.units.filter((u) => u.outcome === 'written'), what).toEqual([]);
    } else {
      expect(result.status, `${what}: ${result.message}`).toBeGreaterThanOrEqual(400);
      expect(result.status, what).toBeLessThan(500);
      expect(result.message, what).not.toBe('');
    }
  }

  let before = '';
  let campaign = '';
  let week = '';

  beforeAll(async () => {
    target = await faultTarget(kind, 'giaoban_fault_uploads');
    if (!target) return;
    const demoArgs = [CLI, 'demo', ...target.cliArgs];
    await new Promise<void>((resolve, reject) => {
      execFile(process.execPath, demoArgs, { timeout: 300_000, env: { ...process.env, ...target!.env } }, (error, _stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve()));
    });
    before = await figuresStored();
    const started = await startServerProcess({ ...target.env }, 120_000);
    child = started.process;
    server = started.server;
    // The demo as it stands today: after the 2025 reorganisation laocai.baocao reports for the
    // new Lào Cai, a unit of the July 2025 campaign (its first week), not of the 2023 one.
    const campaigns = (await (await fetch(`${server.url}/api/v1/campaigns`, { headers: { cookie: (await signIn('tw.chidao')).cookie } })).json()) as { campaigns?: { code: string; startDate: string }[] };
    expect(campaigns.campaigns?.map((c) => c.code)).toContain('tntn-he-2025');
    campaign = 'tntn-he-2025';
    week = '2025-W28';
    // The baseline: the server warmed up by a few requests and one ordinary refused upload.
    for (let k = 0; k < 5; k++) await fetch(`${server.url}/api/health`);
    await upload(await signIn('laocai.baocao'), campaign, Buffer.from('unit,period\n'));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    baselineRss = rssOf(server.pid);
    peakRss = baselineRss;
    sampler = (async () => {
      while (sampling) {
        const t = performance.now();
        try {
          const res = await fetch(`${server!.url}/api/health`, { signal: AbortSignal.timeout(30_000) });
          if (!res.ok) healthFailures++;
          await res.arrayBuffer();
        } catch {
          healthFailures++;
        }
        healthPolls++;
        worstHealthMs = Math.max(worstHealthMs, performance.now() - t);
        try {
          peakRss = Math.max(peakRss, rssOf(server!.pid));
        } catch {
          // the process is gone: the test's own checks say so
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
  }, 600_000);

  afterAll(async () => {
    sampling = false;
    await sampler;
    if (child && child.exitCode === null) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => child!.kill('SIGKILL'), 15_000);
        child!.once('exit', () => { clearTimeout(timer); resolve(); });
        child!.kill('SIGTERM');
      });
    }
    await target?.dispose();
  });

  describe(`hostile uploads against a running server on ${kind}`, () => {
    it('are refused within the memory bound, /api/health answering throughout, nothing written', async () => {
      if (!target) return;
      const reporter = await signIn('laocai.baocao');

      // A deflated entry that inflates to 300 MB (the limit is 200 MB).
      const spaces = Buffer.alloc(MB, 0x20);
      const bomb = await zipOf([...workbookParts(() => [xml(`<worksheet xmlns="${MAIN}"><sheetData>`)]), {
        name: 'xl/media/bomb.xml', data: () => Array.from({ length: 300 }, () => spaces),
      }]);
      const bombResult = await upload(reporter, campaign, bomb);
      expectRefused(bombResult, 'deflate bomb');
      expect(bombResult.job?.errors[0]?.message).toMatch(/giải nén vượt 200 MB/);

      // Thousands of entries.
      const many = await zipOf(Array.from({ length: 5_000 }, (_, k) => ({ name: `xl/media/p${k}.xml`, data: () => ['a'] })));
      const manyResult = await upload(reporter, campaign, many);
      expectRefused(manyResult, 'many entries');
      expect(manyResult.job?.errors[0]?.message).toMatch(/quá nhiều thành phần/);

      // A bomb inside the archive (stored): never inflated, it is only bytes of the outer zip.
      const nested = await zipOf([...workbookParts(() => entrySheet({ campaign, week, rows: 10, filler: 0 })), { name: 'xl/embeddings/inner.zip', data: () => [bomb], stored: true }]);
      expectRefused(await upload(reporter, campaign, nested), 'nested bomb');

      // A shared-strings table of 300.000 strings (the bound is 210.000 for 100.000 rows).
      const strings = await zipOf(workbookParts(() => entrySheet({ campaign, week, rows: 10, filler: 0 }), function* () {
        yield xml(`<sst xmlns="${MAIN}">`);
        let batch = '';
        for (let k = 0; k < 300_000; k++) {
          batch += `<si><t>chuỗi văn bản dùng chung số ${k}</t></si>`;
          if (batch.length > MB) { yield batch; batch = ''; }
        }
        yield `${batch}</sst>`;
      }));
      const stringsResult = await upload(reporter, campaign, strings);
      expectRefused(stringsResult, 'shared strings');
      expect(stringsResult.job?.errors[0]?.message).toMatch(/chuỗi văn bản/);

      // The huge sheet within the limits: 100.000 rows, about 180 MB of XML.
      const huge = await zipOf(workbookParts(() => entrySheet({ campaign, week, rows: 100_000, filler: 76 })));
      expect(huge.length).toBeLessThan(20 * MB);
      const hugeResult = await upload(reporter, campaign, huge);
      expectRefused(hugeResult, 'huge sheet');
      expect(hugeResult.job?.errorCount).toBeGreaterThanOrEqual(100_000);

      // Five at once from one account: one runs, four are told to wait.
      const alone = await Promise.all(Array.from({ length: 5 }, () => upload(reporter, campaign, huge)));
      for (const r of alone) expectRefused(r, 'five from one account');
      expect(alone.filter((r) => r.status === 429)).toHaveLength(4);

      // Five at once from five accounts: two run, three are told the server is busy.
      const others = await Promise.all(['laocai.baocao', 'hanoi.baocao', 'hcm.baocao', 'hanoi.quanly', 'hcm.quanly'].map(signIn));
      const spread = await Promise.all(others.map((s) => upload(s, campaign, huge)));
      for (const r of spread) expectRefused(r, 'five from five accounts');
      expect(spread.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(3);

      sampling = false;
      await sampler;
      const growthMb = (peakRss - baselineRss) / MB;
      console.log([
        `hostile uploads: ${sent} sent, ${refused} refused (${statuses.filter((s) => s === 429).length} × 429), `
        + `${statuses.filter((s) => s >= 500).length} answers 5xx; huge sheet ${(huge.length / MB).toFixed(1)} MB zipped`,
        `server RSS: baseline ${(baselineRss / MB).toFixed(0)} MB, peak ${(peakRss / MB).toFixed(0)} MB, growth ${growthMb.toFixed(0)} MB (limit ${RSS_GROWTH_LIMIT_MB} MB)`,
        `/api/health: ${healthPolls} polls, worst ${worstHealthMs.toFixed(0)} ms (limit ${HEALTH_LIMIT_MS} ms), ${healthFailures} failed`,
      ].join('\n'));
      expect(statuses.filter((s) => s >= 500)).toEqual([]);
      expect(child!.exitCode, server!.output()).toBeNull();
      expect((await fetch(`${server!.url}/api/health`)).status).toBe(200);
      expect(healthFailures).toBe(0);
      expect(worstHealthMs).toBeLessThan(HEALTH_LIMIT_MS);
      expect(growthMb).toBeLessThanOrEqual(RSS_GROWTH_LIMIT_MB);

      // Nothing was written: the server stopped, the reports and figures are as the demo left them.
      await new Promise<void>((resolve) => { child!.once('exit', () => resolve()); child!.kill('SIGTERM'); });
      expect(await figuresStored()).toBe(before);
    });
  });
}

for (const kind of ['pglite', 'postgres'] as const) hostileUploadsOn(kind);
