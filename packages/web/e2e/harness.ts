/**
 * What the browser tests and the web benchmark share: the real server started in-process on
 * a fresh PGlite database holding the demo (loaded as `giaoban serve --demo` loads it), with
 * the service clock fixed at 10:00 on Thursday 6 July 2023 in Hà Nội; Debian's Chromium driven
 * by playwright-core; and the helpers every test uses (sign in, screenshots, the 360 px rule).
 * No test runner is imported here, so the benchmark (plain tsx) can use it too.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import { openDatabase, type Database } from '@giaoban/db';
import { buildApp, createServiceContext, isDatabaseEmpty, loadConfig, runReminders } from '@giaoban/server';
import { buildDemoData } from '../../cli/src/demo/demo-data.ts';
import { DEMO_UNITS_CSV_PATH } from '../../cli/src/demo/demo-files.ts';
import { loadDemo } from '../../cli/src/demo/load-demo.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The built app the tests serve; GIAOBAN_WEB_DIST points elsewhere (a private build, e.g. `npm run build -w @giaoban/web -- --outDir /tmp/web-x`). */
export const WEB_DIST = process.env.GIAOBAN_WEB_DIST ?? join(REPO_ROOT, 'packages/web/dist');
/** Where the screenshots of every page go (named in the README). */
export const SCREENSHOTS_DIR = join(REPO_ROOT, 'docs/screenshots');

/**
 * The server's clock in every browser test: 10:00 on Thursday 6 July 2023 in Hà Nội (week
 * 2023-W27, which nobody has reported yet), after the whole of the demo's history (its last
 * event is on 05/07 19:00) and while the escalation of week 26's missing reports is still news.
 */
export const FIXED_NOW = new Date('2023-07-06T03:00:00Z');
/** Where the e2e global setup left a data directory with the demo loaded (copied per server). */
export const DEMO_TEMPLATE_ENV = 'GIAOBAN_E2E_DEMO_TEMPLATE';
export const CAMPAIGN = 'tntn-he-2023';
export const PASSWORD = 'giaoban2023';

/** The demo as the loader builds it: the tests take names of units and indicators from here. */
export const DEMO = buildDemoData(readFileSync(DEMO_UNITS_CSV_PATH, 'utf8'));

export function indicatorName(code: string): string {
  const indicator = DEMO.indicators.find((i) => i.code === code);
  if (!indicator) throw new Error(`the demo has no indicator "${code}"`);
  return indicator.name;
}

export function unitName(code: string): string {
  const unit = DEMO.units.find((u) => u.code === code);
  if (!unit) throw new Error(`the demo has no unit "${code}"`);
  return unit.name;
}

// ---------------------------------------------------------------------------------------------
// The server

export interface DemoServer {
  /** http://127.0.0.1:<port>, no trailing slash. */
  readonly url: string;
  /** The copy of the built app it serves (index.html and the root files are read on each request). */
  readonly webDir: string;
  close(): Promise<void>;
}

/** Fails with what to do when the web app has not been built. */
export function assertWebAppBuilt(): void {
  if (!existsSync(join(WEB_DIST, 'index.html'))) {
    throw new Error(`The web app is not built (${join(WEB_DIST, 'index.html')} is missing). Run \`npm run build\` first.`);
  }
}

/**
 * Copies the built app into `target` so a rebuild while the tests run (`npm run build`,
 * which empties dist/ first) cannot pull the files from under a running page. Retries until
 * the copy is whole: every file index.html names is there.
 */
async function snapshotWebApp(target: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    rmSync(target, { recursive: true, force: true });
    try {
      cpSync(WEB_DIST, target, { recursive: true });
      const index = readFileSync(join(target, 'index.html'), 'utf8');
      const named = [...index.matchAll(/(?:src|href)="\/([^"]+)"/g)].map((m) => m[1]!).filter((f) => f.startsWith('assets/'));
      if (named.length > 0 && named.every((f) => existsSync(join(target, f)))) return;
    } catch {
      // dist/ changed under the copy: try again.
    }
    if (attempt >= 30) throw new Error(`${WEB_DIST} stays incomplete (is a build still running?). Run \`npm run build\`.`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

/**
 * Loads the demo through the services into a new PGlite data directory at `dataDir`, with
 * the clock at FIXED_NOW (the history itself carries its own times).
 */
export async function loadDemoInto(dataDir: string, now: Date = FIXED_NOW): Promise<void> {
  const db = await openDatabase({ dataDir });
  try {
    const ctx = createServiceContext(db, () => now);
    if (await isDatabaseEmpty(ctx)) await loadDemo(ctx);
  } finally {
    await db.close();
  }
}

/**
 * Starts the real HTTP server on 127.0.0.1, a free port, over a new PGlite data directory
 * holding the demo, with the clock fixed at FIXED_NOW (or `now`: the demo as it stood then),
 * serving a copy of the built web app.
 * The demo is copied from the template the global setup loaded once per run (loading it
 * replays a few hundred reports and reviews: most of a minute), or loaded here without one.
 * Then one pass of the reminders runs, as the server's scheduler does at start.
 * Every call has its own database, so test files never see each other's changes.
 */
export async function startDemoServer(options: { readonly now?: Date } = {}): Promise<DemoServer> {
  const now = options.now ?? FIXED_NOW;
  assertWebAppBuilt();
  const workDir = mkdtempSync(join(tmpdir(), 'giaoban-e2e-'));
  const dataDir = join(workDir, 'data');
  const webDir = join(workDir, 'web');
  let database: Database | undefined;
  try {
    await snapshotWebApp(webDir);
    // The template is the demo as of FIXED_NOW; another clock has its own demo, loaded here.
    const template = process.env[DEMO_TEMPLATE_ENV];
    if (template && existsSync(template) && now === FIXED_NOW) cpSync(template, dataDir, { recursive: true });
    else await loadDemoInto(dataDir, now);
    const db = await openDatabase({ dataDir });
    database = db;
    const ctx = createServiceContext(db, () => now);
    await runReminders(ctx);
    // A session ends `sessionHours` after the (fixed) clock, and the browser drops a cookie
    // whose expiry has passed by its own clock: sessions here last until 12 hours from the
    // real now, so the cookie is kept while the server still reasons in July 2023.
    const sessionHours = Math.ceil((Date.now() - now.getTime()) / 3_600_000) + 12;
    const config = loadConfig({}, { dataDir, host: '127.0.0.1', port: 0, sessionHours, logLevel: 'silent', webDir });
    const app = await buildApp({ ctx, config, logger: false });
    const url = await app.listen({ host: config.host, port: 0 });
    return {
      url: url.replace(/\/$/, ''),
      webDir,
      close: async () => {
        await app.close();
        await db.close();
        rmSync(workDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await database?.close().catch(() => {});
    rmSync(workDir, { recursive: true, force: true });
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// The browser

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

/**
 * Why the browser tests cannot run here, or null when they can. Under CI a missing Chromium
 * is an error (`.ci/run` installs it), never a reason to skip.
 */
export function browserUnavailableReason(): string | null {
  const path = chromiumPath();
  if (existsSync(path)) return null;
  const reason = `Chromium is not at ${path} (install it with \`apt-get install -y chromium\`, or set CHROMIUM_PATH)`;
  if (process.env.CI === 'true') throw new Error(`${reason}; under CI the browser tests must run.`);
  return reason;
}

export async function launchBrowser(): Promise<Browser> {
  const path = chromiumPath();
  if (!existsSync(path)) throw new Error(`Chromium is not at ${path} (install it with \`apt-get install -y chromium\`, or set CHROMIUM_PATH).`);
  return chromium.launch({
    executablePath: path,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync'],
  });
}

/** Desktop size by default; the 360 px phone size is used by the checks and screenshots. */
export const DESKTOP = { width: 1366, height: 900 } as const;
export const PHONE = { width: 360, height: 780 } as const;

/** A fresh context (no cookies, no storage) on the server, Vietnamese, Hà Nội time. */
export async function newContext(browser: Browser, server: DemoServer, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: server.url,
    viewport: DESKTOP,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    ...options,
  });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  return context;
}

// ---------------------------------------------------------------------------------------------
// Helpers for the tests

/** Signs in through the sign-in page (in either language) and waits for the signed-in shell. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  if (new URL(page.url(), 'http://x').pathname !== '/sign-in') await page.goto('/sign-in');
  await page.getByLabel(/^(Tên đăng nhập|Username)$/).fill(username);
  await page.getByLabel(/^(Mật khẩu|Password)$/).fill(password);
  await page.getByRole('button', { name: /^(Đăng nhập|Sign in)$/ }).click();
  await page.waitForURL((url) => url.pathname !== '/sign-in' && url.pathname !== '/');
  await page.getByTestId('whoami').waitFor();
}

/** Signs out with the shell's button and waits for the sign-in page. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^(Đăng xuất|Sign out)$/ }).click();
  await page.waitForURL((url) => url.pathname === '/sign-in');
  await page.getByLabel(/^(Tên đăng nhập|Username)$/).waitFor();
}

/** Two animation frames: layout and paint after a resize or a state change. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}

/**
 * Saves `<name>-360.png` and `<name>-1366.png` (full page) in docs/screenshots/, then puts
 * the viewport back as it was.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const before = page.viewportSize() ?? DESKTOP;
  for (const size of [PHONE, DESKTOP]) {
    await page.setViewportSize(size);
    await settle(page);
    // Charts redraw on resize after a short debounce; screenshots are documentation, not assertions.
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}-${size.width}.png`), fullPage: true, animations: 'disabled' });
  }
  await page.setViewportSize(before);
  await settle(page);
}

/**
 * At 360 px wide the page must not scroll sideways; wide tables scroll inside their
 * `.table-scroll` box. Throws naming the elements that stick out.
 */
export async function assertNoHorizontalScroll(page: Page): Promise<void> {
  const before = page.viewportSize() ?? DESKTOP;
  await page.setViewportSize(PHONE);
  await settle(page);
  const result = await page.evaluate(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const offenders: string[] = [];
    if (root.scrollWidth > width) {
      for (const el of Array.from(document.body.querySelectorAll('*'))) {
        if (el.closest('.table-scroll')) continue;
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.right <= width + 0.5) continue;
        const id = el.id ? `#${el.id}` : '';
        const classes = typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
        offenders.push(`${el.tagName.toLowerCase()}${id}${classes} (right edge ${Math.round(box.right)} px)`);
        if (offenders.length >= 8) break;
      }
    }
    return { scrollWidth: root.scrollWidth, clientWidth: width, offenders };
  });
  await page.setViewportSize(before);
  await settle(page);
  if (result.scrollWidth > result.clientWidth) {
    throw new Error(
      `${page.url()} scrolls sideways at ${PHONE.width} px: scrollWidth ${result.scrollWidth} > clientWidth ${result.clientWidth}; `
      + `sticking out (outside .table-scroll): ${result.offenders.join(', ') || 'none found'}`,
    );
  }
}

/** The text a person sees in an element (an SVG's text content, which has no innerText), spaces squeezed. */
export async function textOf(locator: Locator, timeout = 15_000): Promise<string> {
  const text = await locator.evaluate(
    (el) => (el instanceof HTMLElement ? el.innerText : (el.textContent ?? '')),
    undefined,
    { timeout },
  );
  return text.replace(/\s+/g, ' ').trim();
}

/** Waits until the element's text contains `text` (or matches it); the error shows what it held. */
export async function waitForText(locator: Locator, text: string | RegExp, timeout = 15_000): Promise<void> {
  const deadline = Date.now() + timeout;
  const matches = (s: string) => (typeof text === 'string' ? s.includes(text) : text.test(s));
  let last = '';
  let lastError = '';
  for (;;) {
    try {
      last = await textOf(locator, Math.max(1, deadline - Date.now()));
      if (matches(last)) return;
    } catch (error) {
      lastError = (error as Error).message.split('\n')[0] ?? '';
    }
    if (Date.now() >= deadline) {
      throw new Error(`waiting for ${String(locator)} to contain ${String(text)}; `
        + (last ? `it holds: "${last.slice(0, 600)}"` : `it was not found (${lastError})`));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Types a date given as dd/mm/yyyy into a text field, or as yyyy-mm-dd into a native date field. */
export async function fillDate(field: Locator, ddmmyyyy: string): Promise<void> {
  const [day, month, year] = ddmmyyyy.split('/');
  const type = await field.getAttribute('type');
  await field.fill(type === 'date' ? `${year}-${month}-${day}` : ddmmyyyy);
}

/** The API writes (anything but GET) a page makes, with their status codes. */
export interface ApiWriteLog {
  readonly writes: readonly { readonly method: string; readonly path: string; readonly status: number }[];
  /** Resolves once no API request has been in flight for `quietMs` (counted from the call at the earliest). */
  settled(quietMs?: number): Promise<void>;
}

export function recordApiWrites(page: Page): ApiWriteLog {
  const writes: { method: string; path: string; status: number }[] = [];
  let pending = 0;
  let lastChange = Date.now();
  // A live dashboard's event stream stays open as long as the page: it is never "in flight".
  const isApi = (url: string) => { const path = new URL(url).pathname; return path.startsWith('/api/') && !path.endsWith('/events'); };
  page.on('request', (request) => {
    if (isApi(request.url())) { pending++; lastChange = Date.now(); }
  });
  const done = () => { pending = Math.max(0, pending - 1); lastChange = Date.now(); };
  page.on('requestfailed', (request) => { if (isApi(request.url())) done(); });
  page.on('requestfinished', (request) => { if (isApi(request.url())) done(); });
  page.on('response', (response) => {
    const request = response.request();
    const path = new URL(response.url()).pathname;
    if (request.method() !== 'GET' && path.startsWith('/api/')) writes.push({ method: request.method(), path, status: response.status() });
  });
  return {
    writes,
    async settled(quietMs = 500) {
      const start = Date.now();
      const deadline = start + 15_000;
      while (pending > 0 || Date.now() - Math.max(lastChange, start) < quietMs) {
        if (Date.now() > deadline) throw new Error(`API requests still in flight after 15 s (${pending})`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}
