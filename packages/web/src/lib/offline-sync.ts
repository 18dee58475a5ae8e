/**
 * The offline queue in the browser: one store kept in localStorage (every tab sees it), the
 * report form's way in (`keepReport`), and the sender — when the browser says it is online,
 * at start, every half minute, and on "Gửi ngay". One tab sends at a time (Web Locks), and
 * only after the server has confirmed the session (which also gives the CSRF token the
 * writes need: a page opened offline never had one).
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { api } from '../api/client.ts';
import type { CorrectBody, ReportBody, ReportResponse } from '@giaoban/server/api';
import { createOfflineQueueStore, flushQueue, OfflineQueue, STORAGE_KEY, type QueuedBody, type QueuedKind, type QueuedReport } from './offline-queue.ts';
import { keptSession } from './offline-session.ts';

function browserStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export const offlineQueue = createOfflineQueueStore(browserStorage());

if (typeof window !== 'undefined') {
  window.addEventListener('storage', (event) => { if (event.key === STORAGE_KEY) offlineQueue.changedElsewhere(); });
}

/** The account the queue is kept for: the one signed in on this device. */
export function queueUser(): string | null {
  return keptSession()?.session.user.username ?? null;
}

/**
 * A send of the report form that got no answer, queued. Null when it cannot be (nobody is
 * known to be signed in on this device): the form then says the network failed, as before.
 */
export function keepReport(
  report: { readonly campaign: string; readonly unit: string; readonly period: string; readonly unitName: string },
  kind: QueuedKind,
  body: QueuedBody,
): QueuedReport | null {
  const username = queueUser();
  if (!username) return null;
  const queue = offlineQueue.update((q) => OfflineQueue.enqueue(q, { ...report, username, kind, body }, new Date()));
  return OfflineQueue.find(queue, { campaign: report.campaign, unit: report.unit, period: report.period, username });
}

function send(entry: QueuedReport): Promise<ReportResponse> {
  const { campaign, unit, period } = entry;
  if (entry.kind === 'correct') return api.correctReport(campaign, unit, period, entry.body as CorrectBody);
  if (entry.kind === 'submit') return api.submitReport(campaign, unit, period, entry.body as ReportBody);
  return api.saveDraft(campaign, unit, period, entry.body as ReportBody);
}

let running: Promise<number> | null = null;

/** Sends what waits (once at a time in this tab); resolves to how many answers came. */
export function syncNow(): Promise<number> {
  running ??= (async () => {
    const username = queueUser();
    if (!username || OfflineQueue.waiting(offlineQueue.read(), username).length === 0) return 0;
    try {
      const session = await api.session();
      if (session.user.username !== username) return 0;
    } catch {
      return 0; // Still offline, or signed out (sent after signing in again).
    }
    const flush = () => flushQueue(offlineQueue, { username, send, now: () => new Date() });
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    return locks ? locks.request('giaoban-offline-queue', flush) : flush();
  })().finally(() => { running = null; });
  return running;
}

/** How often the queue is tried while something waits, besides the browser's `online` event. */
const RETRY_MS = 30_000;

/** Runs the sender while an account is signed in; returns the function that stops it. */
export function startOfflineSync(): () => void {
  const kick = () => { void syncNow(); };
  window.addEventListener('online', kick);
  const timer = window.setInterval(() => { if (navigator.onLine) kick(); }, RETRY_MS);
  kick();
  return () => {
    window.removeEventListener('online', kick);
    window.clearInterval(timer);
  };
}

/** The queue, re-rendering on every change (this tab's or another's). */
export function useOfflineQueue() {
  return useSyncExternalStore(offlineQueue.subscribe, offlineQueue.read);
}

/** Whether the browser believes it has a network. */
export function useOnline(): boolean {
  const [online, setOnline] = useState(() => typeof navigator === 'undefined' || navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}
