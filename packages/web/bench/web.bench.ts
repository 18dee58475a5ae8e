/**
 * Web benchmark: what the national dashboard costs a browser, on this machine.
 *
 *   npm run bench:web                      # 10 runs, a Markdown table on stdout
 *   npm run bench:web -- --runs 3
 *   npm run bench:web -- --markdown        # exactly the section to paste into BENCHMARKS.md
 *
 * (a) JavaScript: /dashboard/tntn-he-2023/TW is loaded in Chromium (signed in as tw.chidao)
 *     until the network is quiet; every script response is gzip-compressed (node:zlib, level
 *     9) and summed. Fails (exit 1) above 250 KB (250.000 bytes) gzip.
 * (b) First render: from navigation start (performance.timeOrigin) to the animation frame
 *     in which the first indicator card ([data-testid^="indicator-card-"]) is in the page and
 *     visible. Cold: a new browser context (empty cache, the session cookie only); warm: a
 *     reload of that page (scripts from the cache). Median, min and max over --runs N.
 *
 * (c) Phone profile (issue 18): the same page at 360 × 780 px with Chromium's 4× CPU slowdown
 *     (Emulation.setCPUThrottlingRate) and the network throttled to 1,6 Mbit/s down, 750 kbit/s
 *     up, 150 ms round trip (Network.emulateNetworkConditions), through the server's own
 *     compression. Bytes on the wire: every response's encoded length (headers included, as
 *     Chromium counts it) until the network is quiet, by kind (script, JSON, the rest); time to
 *     figures visible: as in (b). Cold: a new context; warm: a reload. Goals: cold ≤ 150 KB on
 *     the wire, figures visible ≤ 2,5 s cold and ≤ 1 s warm (reported, not enforced: the
 *     machine's load moves them).
 *
 * The server runs in-process on 127.0.0.1 with the demo, as in the browser tests (the same
 * harness: fresh PGlite database, clock fixed at 06/07/2023 10:00 Hà Nội), so the page shows the demo's
 * 11 indicators and the 67 units below the centre. Needs the built app (`npm run build`) and Chromium
 * (/usr/bin/chromium or CHROMIUM_PATH).
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { formatNumber } from '@giaoban/core';
import { CAMPAIGN, DEMO, PASSWORD, PHONE, launchBrowser, newContext, signIn, startDemoServer, type DemoServer } from '../e2e/harness.ts';
import { PHONE_CPU_SLOWDOWN, PHONE_NETWORK, watchWire, type Wire } from '../e2e/wire.ts';

const COMMAND = 'npm run bench:web';
const LIMIT_BYTES = 250_000;
const DASHBOARD = `/dashboard/${CAMPAIGN}/TW`;
const FIRST_CARD = '[data-testid^="indicator-card-"]';
const PHONE_GOALS = { coldBytes: 150_000, coldMs: 2_500, warmMs: 1_000 } as const;

const { values: opts } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    markdown: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});
if (opts.help) {
  const source = readFileSync(fileURLToPath(import.meta.url), 'utf8');
  console.log(source.slice(source.indexOf('/**'), source.indexOf('*/') + 2));
  process.exit(0);
}
const RUNS = Number(opts.runs);
if (!Number.isInteger(RUNS) || RUNS < 1) {
  console.error(`--runs needs a whole number of at least 1, not "${opts.runs}"`);
  process.exit(2);
}
/** Progress goes to stderr, so stdout holds only the table (or the section with --markdown). */
const log = (line: string) => console.error(line);

interface ScriptFile {
  readonly path: string;
  readonly bytes: number;
  readonly gzip: number;
}

// Records, in the page, when the first indicator card is visible: the frame it is painted in.
const WATCH_FIRST_CARD = `(() => {
  const seen = () => {
    const card = document.querySelector(${JSON.stringify(FIRST_CARD)});
    return card !== null && card.getClientRects().length > 0 && card.checkVisibility();
  };
  const mark = () => requestAnimationFrame(() => { window.__firstCardAt ??= performance.now(); });
  if (seen()) { mark(); return; }
  // Runs before the page's own scripts: watch the whole document until a card shows up.
  const observer = new MutationObserver(() => { if (seen()) { observer.disconnect(); mark(); } });
  observer.observe(document, { childList: true, subtree: true, attributes: true });
})();`;

async function firstCardAt(page: Page): Promise<number> {
  await page.waitForFunction(() => typeof (window as { __firstCardAt?: number }).__firstCardAt === 'number', undefined, { timeout: 60_000 });
  return page.evaluate(() => (window as unknown as { __firstCardAt: number }).__firstCardAt);
}

async function measureScripts(browser: Browser, server: DemoServer, storageState: Awaited<ReturnType<BrowserContext['storageState']>>): Promise<ScriptFile[]> {
  const context = await newContext(browser, server, { storageState });
  try {
    const page = await context.newPage();
    const bodies: Promise<ScriptFile | null>[] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() !== 'script') return;
      bodies.push(response.body().then(
        (body) => ({ path: new URL(response.url()).pathname, bytes: body.length, gzip: gzipSync(body, { level: 9 }).length }),
        () => null,
      ));
    });
    await page.goto(DASHBOARD, { waitUntil: 'networkidle' });
    await page.locator(FIRST_CARD).first().waitFor();
    // Whatever the first render asked for (a chart's code) is loaded by now; wait for quiet again.
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(500);
    const files = (await Promise.all(bodies)).filter((f): f is ScriptFile => f !== null);
    return files.sort((a, b) => b.gzip - a.gzip);
  } finally {
    await context.close();
  }
}

async function measureRender(browser: Browser, server: DemoServer, storageState: Awaited<ReturnType<BrowserContext['storageState']>>): Promise<{ cold: number[]; warm: number[] }> {
  const cold: number[] = [];
  const warm: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const context = await newContext(browser, server, { storageState });
    try {
      await context.addInitScript(WATCH_FIRST_CARD);
      const page = await context.newPage();
      await page.goto(DASHBOARD, { waitUntil: 'commit' });
      cold.push(await firstCardAt(page));
      await page.waitForLoadState('networkidle');
      await page.reload({ waitUntil: 'commit' });
      warm.push(await firstCardAt(page));
      await page.waitForLoadState('networkidle');
    } finally {
      await context.close();
    }
    log(`  run ${run + 1}/${RUNS}: cold ${cold.at(-1)!.toFixed(0)} ms, warm ${warm.at(-1)!.toFixed(0)} ms`);
  }
  return { cold, warm };
}

interface PhoneRun {
  readonly coldMs: number;
  readonly warmMs: number;
  readonly cold: Wire;
  readonly warm: Wire;
}

async function measurePhone(browser: Browser, server: DemoServer, storageState: Awaited<ReturnType<BrowserContext['storageState']>>): Promise<PhoneRun[]> {
  const runs: PhoneRun[] = [];
  for (let run = 0; run < RUNS; run++) {
    const context = await newContext(browser, server, { storageState, viewport: PHONE, isMobile: true, hasTouch: true });
    try {
      await context.addInitScript(WATCH_FIRST_CARD);
      const page = await context.newPage();
      const wire = await watchWire(context, page, { phone: true });
      await page.goto(DASHBOARD, { waitUntil: 'commit' });
      const coldMs = await firstCardAt(page);
      await page.waitForLoadState('networkidle');
      const cold = wire.take();
      await page.reload({ waitUntil: 'commit' });
      const warmMs = await firstCardAt(page);
      await page.waitForLoadState('networkidle');
      const warm = wire.take();
      runs.push({ coldMs, warmMs, cold, warm });
    } finally {
      await context.close();
    }
    const last = runs.at(-1)!;
    log(`  phone run ${run + 1}/${RUNS}: cold ${ms(last.coldMs)} ms, ${kb(last.cold.total)} KB; warm ${ms(last.warmMs)} ms, ${kb(last.warm.total)} KB`);
  }
  return runs;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const kb = (bytes: number) => formatNumber(bytes / 1000, 1);
const ms = (value: number) => formatNumber(value, 0);

function tables(files: readonly ScriptFile[], render: { cold: number[]; warm: number[] }): string {
  const gzip = files.reduce((sum, f) => sum + f.gzip, 0);
  const raw = files.reduce((sum, f) => sum + f.bytes, 0);
  const spread = (v: readonly number[]) => `${RUNS} runs, min ${ms(Math.min(...v))}, max ${ms(Math.max(...v))}`;
  return [
    '| measure | value | detail |',
    '|---|---:|---|',
    `| dashboard JavaScript, gzip level 9 | **${kb(gzip)} KB** | limit ${kb(LIMIT_BYTES)} KB (${gzip <= LIMIT_BYTES ? 'within' : '**over**'}); ${files.length} files, ${kb(raw)} KB before compression |`,
    `| first render, cold (new browser context) | ${ms(median(render.cold))} ms | median; ${spread(render.cold)} |`,
    `| first render, warm (reload) | ${ms(median(render.warm))} ms | median; ${spread(render.warm)} |`,
    '',
    '| script | bytes | gzip |',
    '|---|---:|---:|',
    ...files.map((f) => `| \`${f.path}\` | ${formatNumber(f.bytes, 0)} | ${formatNumber(f.gzip, 0)} |`),
  ].join('\n');
}

function phoneTable(runs: readonly PhoneRun[]): string {
  const spread = (v: readonly number[], unit: (x: number) => string) => `${runs.length} runs, min ${unit(Math.min(...v))}, max ${unit(Math.max(...v))}`;
  const med = (pick: (r: PhoneRun) => number) => median(runs.map(pick));
  const goal = (ok: boolean) => (ok ? 'met' : '**not met**');
  const coldBytes = med((r) => r.cold.total);
  const coldMs = med((r) => r.coldMs);
  const warmMs = med((r) => r.warmMs);
  return [
    '| phone profile (360 px, CPU 4× slower, 1,6 Mbit/s down, 750 kbit/s up, 150 ms) | value | goal | detail |',
    '|---|---:|---|---|',
    `| cold: bytes on the wire | **${kb(coldBytes)} KB** | ≤ ${kb(PHONE_GOALS.coldBytes)} KB: ${goal(coldBytes <= PHONE_GOALS.coldBytes)} | median; `
      + `script ${kb(med((r) => r.cold.script))} KB (${kb(med((r) => r.cold.decoded.script))} KB decoded), JSON ${kb(med((r) => r.cold.json))} KB `
      + `(${kb(med((r) => r.cold.decoded.json))} KB decoded), the rest ${kb(med((r) => r.cold.other))} KB; ${med((r) => r.cold.requests)} responses |`,
    `| cold: figures visible | **${ms(coldMs)} ms** | ≤ ${ms(PHONE_GOALS.coldMs)} ms: ${goal(coldMs <= PHONE_GOALS.coldMs)} | median; ${spread(runs.map((r) => r.coldMs), ms)} |`,
    `| warm (reload): bytes on the wire | ${kb(med((r) => r.warm.total))} KB | | median; JSON ${kb(med((r) => r.warm.json))} KB, script ${kb(med((r) => r.warm.script))} KB; ${med((r) => r.warm.requests)} responses |`,
    `| warm (reload): figures visible | **${ms(warmMs)} ms** | ≤ ${ms(PHONE_GOALS.warmMs)} ms: ${goal(warmMs <= PHONE_GOALS.warmMs)} | median; ${spread(runs.map((r) => r.warmMs), ms)} |`,
  ].join('\n');
}

function section(body: string, chromiumVersion: string, totalMs: number): string {
  const cpus = os.cpus();
  const load = os.loadavg().map((x) => formatNumber(x, 2)).join(' / ');
  return [
    '## Web app: dashboard JavaScript, first render, and a slow phone',
    '',
    `Run on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with \`${COMMAND}${RUNS === 10 ? '' : ` -- --runs ${RUNS}`}\` (the whole run took ${formatNumber(totalMs / 1000, 1)} s).`,
    '',
    `- Machine: ${cpus[0]?.model.trim() ?? '?'}, ${cpus.length} cores, ${formatNumber(os.totalmem() / 2 ** 30, 1)} GiB memory, ${os.platform()} ${os.release()}, Node ${process.version}; `
      + `load average (1 / 5 / 15 min) ${load} at the end.`,
    `- Browser: Chromium ${chromiumVersion} (headless, driven by playwright-core), viewport 1366 × 900, on the same machine as the server.`,
    `- Page: \`${DASHBOARD}\` signed in as \`tw.chidao\`, the demo (${DEMO.indicators.length} indicators, ${DEMO.units.filter((u) => u.parentCode === 'TW').length} units below the centre), `
      + 'server in-process on 127.0.0.1 on PGlite.',
    '- JavaScript: every script the page loads until the network is quiet, each compressed with node:zlib gzip level 9; the limit is 250 KB (250.000 bytes).',
    '- First render: navigation start to the animation frame in which the first indicator card is visible; cold = new browser context (empty cache), warm = reload.',
    `- Phone profile: viewport ${PHONE.width} × ${PHONE.height}, Emulation.setCPUThrottlingRate ${PHONE_CPU_SLOWDOWN}, Network.emulateNetworkConditions `
      + `${formatNumber(PHONE_NETWORK.downloadThroughput * 8 / 1e6, 1)} Mbit/s down, ${formatNumber(PHONE_NETWORK.uploadThroughput * 8 / 1e3, 0)} kbit/s up, `
      + `${PHONE_NETWORK.latency} ms latency; bytes on the wire = Chromium's encodedDataLength of every response (headers included) until the network is quiet.`,
    '',
    body,
    '',
  ].join('\n');
}

const started = Date.now();
log(`Starting the server with the demo and Chromium …`);
const [server, browser] = await Promise.all([startDemoServer(), launchBrowser()]);
let exitCode = 0;
try {
  const login = await newContext(browser, server);
  const page = await login.newPage();
  await signIn(page, 'tw.chidao', PASSWORD);
  const storageState = await login.storageState();
  await login.close();

  log('Measuring the JavaScript of the dashboard …');
  const files = await measureScripts(browser, server, storageState);
  if (files.length === 0) throw new Error('the dashboard loaded no script: is the app built?');
  log(`Measuring the first render, ${RUNS} runs …`);
  const render = await measureRender(browser, server, storageState);
  log(`Measuring the phone profile, ${RUNS} runs …`);
  const phone = await measurePhone(browser, server, storageState);

  const body = `${tables(files, render)}\n\n${phoneTable(phone)}`;
  console.log(opts.markdown ? section(body, browser.version(), Date.now() - started) : body);
  const gzip = files.reduce((sum, f) => sum + f.gzip, 0);
  if (gzip > LIMIT_BYTES) {
    console.error(`FAILED: the dashboard loads ${kb(gzip)} KB of JavaScript (gzip), over the ${kb(LIMIT_BYTES)} KB limit.`);
    exitCode = 1;
  }
} finally {
  await browser.close();
  await server.close();
}
process.exit(exitCode);
