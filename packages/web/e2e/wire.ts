/**
 * What a page moves over the network, as Chromium counts it (DevTools protocol), and the slow
 * phone of issue 18 that the web benchmark and the light-page browser test load it on.
 */
import type { BrowserContext, CDPSession, Page } from 'playwright-core';

/** 1,6 Mbit/s down, 750 kbit/s up, 150 ms round trip (Chromium takes bytes per second). */
export const PHONE_NETWORK = { offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 } as const;
/** Chromium's CPU slowdown for a mid-range phone. */
export const PHONE_CPU_SLOWDOWN = 4;

/** Opens a DevTools session on `page` with the network counted and, when asked, the phone profile applied. */
export async function watchWire(context: BrowserContext, page: Page, { phone = false } = {}): Promise<{ session: CDPSession; take(): Wire }> {
  const session = await context.newCDPSession(page);
  await session.send('Network.enable');
  const counter = wireCounter(session);
  if (phone) {
    await session.send('Network.emulateNetworkConditions', PHONE_NETWORK);
    await session.send('Emulation.setCPUThrottlingRate', { rate: PHONE_CPU_SLOWDOWN });
  }
  return { session, take: () => counter.take() };
}

/** What one load moved over the network, by kind: encoded (on the wire) and decoded bytes. */
export interface Wire {
  readonly script: number;
  readonly json: number;
  readonly other: number;
  readonly total: number;
  readonly decoded: { readonly script: number; readonly json: number; readonly total: number };
  readonly requests: number;
  /** Each response: its address, kind, bytes, and when it was asked for and finished (ms, Chromium's monotonic clock). */
  readonly responses: readonly WireResponse[];
}

export interface WireResponse {
  readonly url: string;
  readonly kind: 'script' | 'json' | 'other';
  readonly encoded: number;
  readonly decoded: number;
  readonly startMs: number | null;
  readonly endMs: number | null;
}

/**
 * Counts what the page receives through Chromium's own network events: `loadingFinished`'s
 * encodedDataLength (headers and compressed body as they crossed the wire), or for a stream
 * still open (the live dashboard) what its `dataReceived` events carried so far.
 */
export function wireCounter(session: CDPSession): { take(): Wire } {
  const kinds = new Map<string, 'script' | 'json' | 'other'>();
  const encoded = new Map<string, number>();
  const streamed = new Map<string, number>();
  const decoded = new Map<string, number>();
  const urls = new Map<string, string>();
  const started = new Map<string, number>();
  const finished = new Map<string, number>();
  session.on('Network.requestWillBeSent', (e) => started.set(e.requestId, e.timestamp * 1000));
  session.on('Network.responseReceived', (e) => {
    urls.set(e.requestId, e.response.url);
    const json = e.type === 'Fetch' || e.type === 'XHR' || /json/.test(e.response.mimeType);
    kinds.set(e.requestId, e.type === 'Script' ? 'script' : json ? 'json' : 'other');
  });
  session.on('Network.dataReceived', (e) => {
    streamed.set(e.requestId, (streamed.get(e.requestId) ?? 0) + e.encodedDataLength);
    decoded.set(e.requestId, (decoded.get(e.requestId) ?? 0) + e.dataLength);
  });
  session.on('Network.loadingFinished', (e) => {
    encoded.set(e.requestId, e.encodedDataLength);
    finished.set(e.requestId, e.timestamp * 1000);
  });
  return {
    take() {
      const totals = { script: 0, json: 0, other: 0 };
      const plain = { script: 0, json: 0, total: 0 };
      const responses: WireResponse[] = [];
      for (const [id, kind] of kinds) {
        const bytes = encoded.get(id) ?? streamed.get(id) ?? 0;
        totals[kind] += bytes;
        const body = decoded.get(id) ?? 0;
        plain.total += body;
        if (kind !== 'other') plain[kind] += body;
        responses.push({ url: urls.get(id) ?? '', kind, encoded: bytes, decoded: body, startMs: started.get(id) ?? null, endMs: finished.get(id) ?? null });
      }
      const wire = { ...totals, total: totals.script + totals.json + totals.other, decoded: plain, requests: kinds.size, responses };
      for (const map of [kinds, encoded, streamed, decoded, urls, started, finished]) map.clear();
      return wire;
    },
  };
}

