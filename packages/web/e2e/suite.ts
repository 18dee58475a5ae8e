/**
 * The Vitest side of the harness: `browserSuite(name, body)` is a describe block with its own
 * server and database (the demo, clock fixed) and one Chromium, started before the file's
 * tests and closed after them. `app.page()` gives each test a new page in a fresh context
 * (signed out, empty storage), closed when the test ends.
 */
import { afterAll, afterEach, beforeAll, describe } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { assertWebAppBuilt, browserUnavailableReason, launchBrowser, newContext, startDemoServer, type DemoServer } from './harness.ts';

export interface BrowserApp {
  readonly server: DemoServer;
  readonly browser: Browser;
  /** A new page in a new context, closed after the current test. */
  page(): Promise<Page>;
}

const skipReason = browserUnavailableReason();
if (skipReason) console.warn(`Browser tests skipped: ${skipReason}.`);

/** `options.now`: the server's clock, and the demo as it stood then (default FIXED_NOW, 06/07/2023). */
export function browserSuite(name: string, body: (app: BrowserApp) => void, options: { readonly now?: Date } = {}): void {
  describe.skipIf(skipReason !== null)(name, () => {
    let server: DemoServer | undefined;
    let browser: Browser | undefined;
    const contexts: BrowserContext[] = [];

    beforeAll(async () => {
      assertWebAppBuilt();
      [server, browser] = await Promise.all([startDemoServer(options), launchBrowser()]);
    });
    afterEach(async () => {
      for (const context of contexts.splice(0)) await context.close().catch(() => {});
    });
    afterAll(async () => {
      await browser?.close().catch(() => {});
      await server?.close();
    });

    const app: BrowserApp = {
      get server() {
        if (!server) throw new Error('the server has not started');
        return server;
      },
      get browser() {
        if (!browser) throw new Error('the browser has not started');
        return browser;
      },
      async page() {
        const context = await newContext(app.browser, app.server);
        contexts.push(context);
        const page = await context.newPage();
        // A script error in the page explains most time-outs: say it where the test output shows it.
        page.on('pageerror', (error) => console.error(`[browser] ${page.url()}: ${error.message}`));
        return page;
      },
    };
    body(app);
  });
}
