/**
 * Live dashboards over a real HTTP connection (server-sent events cannot be injected): a
 * submission reaches the streams of its unit's ancestors and no other, a refused or undone
 * write sends nothing, and the process keeps one listener however many pages are open.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql, testDatabaseUrl } from '@giaoban/db';
import { importValues } from '../imports/index.ts';
import type { LiveEvent } from '../infra/index.ts';
import { submitReport } from '../reporting/index.ts';
import { openTestApp, type Session, type TestApp } from '../../test/http/setup.ts';

let t: TestApp;
let base: string;
const streams: Stream[] = [];
beforeAll(async () => {
  t = await openTestApp();
  base = (await t.app.listen({ host: '127.0.0.1', port: 0 })).replace(/\/$/, '');
});
afterAll(async () => {
  // Streams still open on purpose: closing the app must end them rather than wait for them.
  await t?.close();
  for (const s of streams) s.close();
});

interface Stream {
  readonly status: number;
  readonly contentType: string | null;
  readonly events: LiveEvent[];
  /** Everything received, comments included. */
  text: string;
  ended: boolean;
  close(): void;
}

const eventsUrl = (unit: string, campaign = t.world.campaign.code) => `/api/v1/campaigns/${campaign}/units/${unit}/events`;

/** Opens an event stream as `session` would from a browser and collects its `change` events. */
async function openStream(unit: string, session: Session | null, campaign?: string): Promise<Stream> {
  const controller = new AbortController();
  const res = await fetch(`${base}${eventsUrl(unit, campaign)}`, {
    headers: { accept: 'text/event-stream', ...(session ? { cookie: session.cookie } : {}) },
    signal: controller.signal,
  });
  const stream: Stream = {
    status: res.status, contentType: res.headers.get('content-type'), events: [], text: '', ended: false,
    close: () => controller.abort(),
  };
  streams.push(stream);
  if (!res.ok || !res.body) {
    stream.text = await res.text();
    stream.ended = true;
    return stream;
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        stream.text += value;
        buffer += value;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const lines = block.split('\n');
          const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
          if (lines.includes('event: change')) stream.events.push(JSON.parse(data) as LiveEvent);
        }
      }
    } catch {
      // Aborted by the test.
    }
    stream.ended = true;
  })();
  return stream;
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const code = (key: string) => `${t.world.prefix}${key}`;

async function submitOverHttp(session: Session, unit: string, week: string, values: Record<string, number | string>, extra: Record<string, unknown> = {}) {
  const res = await fetch(`${base}/api/v1/campaigns/${t.world.campaign.code}/units/${unit}/reports/${week}/submit`, {
    method: 'POST',
    headers: { ...session.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ values, version: 0, ...extra }),
  });
  return { status: res.status, body: await res.json() as { version?: number } };
}

describe(`live dashboards on ${testDatabaseUrl() ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('refuses a signed-out stream with 401 and a unit outside the subtree with 403', async () => {
    const signedOut = await openStream(t.world.provinces[0]!.code, null);
    expect(signedOut.status).toBe(401);
    const outsider = await t.signIn('p2.baocao');
    const forbidden = await openStream(t.world.provinces[0]!.code, outsider);
    expect(forbidden.status).toBe(403);
    const above = await openStream(t.world.root.code, outsider);
    expect(above.status).toBe(403);
    const noCampaign = await openStream(t.world.provinces[1]!.code, outsider, 'khong-co-chien-dich');
    expect(noCampaign.status).toBe(404);
  });

  it('tells the province and the root of a district\'s submission, not the sibling province', async () => {
    const [p1, p2] = t.world.provinces;
    const root = await openStream(t.world.root.code, await t.signIn('tw.chidao'));
    const province = await openStream(p1!.code, await t.signIn('p1.quanly'));
    const sibling = await openStream(p2!.code, await t.signIn('p2.baocao'));
    for (const s of [root, province, sibling]) {
      expect(s.status).toBe(200);
      expect(s.contentType).toMatch(/^text\/event-stream/);
    }
    await until('the streams to be subscribed', () => t.app.live.subscriberCount === 3);

    const district = await t.signIn('p1d1.baocao');
    const week = t.world.weeks[1]!;
    const submitted = await submitOverHttp(district, t.world.districts[0]!.code, week, { [code('tuyen-pho')]: 7 });
    expect(submitted.status).toBe(200);
    await until('the province and the root to hear of it', () => province.events.length === 1 && root.events.length === 1);
    expect(province.events[0]).toEqual({ unit: p1!.code, period: week, at: expect.any(String) });
    expect(root.events[0]).toMatchObject({ unit: t.world.root.code, period: week });

    // The sibling province hears of its own submission only (and the root of both).
    const own = await submitOverHttp(await t.signIn('p2.baocao'), p2!.code, week, { [code('tuyen-pho')]: 2 });
    expect(own.status).toBe(200);
    await until('the sibling to hear of its own submission', () => sibling.events.length === 1 && root.events.length === 2);
    expect(sibling.events[0]).toMatchObject({ unit: p2!.code, period: week });
    expect(province.events).toHaveLength(1);

    // A refused submission (stale version) is undone inside its transaction: nothing is sent.
    const stale = await submitOverHttp(district, t.world.districts[0]!.code, week, { [code('tuyen-pho')]: 9 }, { version: 999 });
    expect(stale.status).toBe(409);
    await pause(500);
    expect(province.events).toHaveLength(1);
    expect(root.events).toHaveLength(2);
    for (const s of [root, province, sibling]) s.close();
    await until('closed streams to be let go', () => t.app.live.subscriberCount === 0);
  });

  it('sends nothing for an import undone by a refusal after earlier reports were written', async () => {
    const province = await openStream(t.world.provinces[0]!.code, await t.signIn('p1.quanly'));
    await until('the stream to be subscribed', () => t.app.live.subscriberCount === 1);
    const [first, second] = t.world.grassroots.filter((g) => g.parentId === t.world.districts[0]!.id);
    const [w1, w2, w3] = [t.world.weeks[2]!, t.world.weeks[3]!, t.world.weeks[4]!];
    await submitReport(t.ctx, { campaign: t.world.campaign.code, unit: second!.code, period: w1 }, null, { values: { [code('ky-nang-so')]: 100 } });
    await until('the first submission', () => province.events.length === 1);
    const before = province.events.length;

    // The first unit's report is written (and its NOTIFY sent) before the second one is refused
    // (a figure to date cannot fall): the whole import is rolled back, the notification with it.
    const csv = `unit,period,indicator,value\n${first!.code},${w2},${code('tuyen-pho')},5\n${second!.code},${w2},${code('ky-nang-so')},50\n`;
    await expect(importValues(t.ctx, { campaign: t.world.campaign.code }, null, csv)).rejects.toThrow(/lũy kế 50 thấp hơn/);
    await submitReport(t.ctx, { campaign: t.world.campaign.code, unit: first!.code, period: w3 }, null, { values: { [code('tuyen-pho')]: 1 } });
    await until('the later submission', () => province.events.some((e) => e.period === w3));
    await pause(300);
    expect(province.events.slice(before).map((e) => e.period)).toEqual([w3]);
    province.close();
    await until('the stream to be let go', () => t.app.live.subscriberCount === 0);
  });

  it('coalesces a burst into few events per page', async () => {
    const root = await openStream(t.world.root.code, await t.signIn('tw.chidao'));
    await until('the stream to be subscribed', () => t.app.live.subscriberCount === 1);
    const week = t.world.weeks[5]!;
    const units = t.world.grassroots.slice(0, 6);
    await Promise.all(units.map((u, i) => submitReport(t.ctx, { campaign: t.world.campaign.code, unit: u.code, period: week }, null, { values: { [code('tuyen-pho')]: i + 1 } })));
    await until('the burst to arrive', () => root.events.length >= 1);
    await pause(600);
    // Six submissions, at most one event per 250 ms: the page heard of them, not six times.
    expect(root.events.length).toBeGreaterThanOrEqual(1);
    expect(root.events.length).toBeLessThan(units.length);
    expect(root.events.at(-1)).toMatchObject({ unit: t.world.root.code, period: week });
    root.close();
    await until('the stream to be let go', () => t.app.live.subscriberCount === 0);
  });

  it('keeps one listener per process however many pages are open', async () => {
    const steering = await t.signIn('tw.chidao');
    const open = await Promise.all(Array.from({ length: 12 }, (_, i) => openStream(i % 2 ? t.world.root.code : t.world.provinces[0]!.code, steering)));
    expect(open.every((s) => s.status === 200)).toBe(true);
    await until('every stream to be subscribed', () => t.app.live.subscriberCount === 12);
    expect(t.app.live.listenerCount).toBe(1);
    if (t.ctx.database.kind === 'postgres') {
      const [row] = await queryRows<{ n: number }>(t.ctx.db, sql`
        select count(*)::int as n from pg_stat_activity where datname = current_database() and query ilike 'listen giaoban_changes%'`);
      expect(row!.n).toBe(1);
    }
    // Left open: closing the app ends them (afterAll).
    await until('the heartbeat-free stream to have started', () => open.every((s) => s.text.includes(': live')));
  });
});
