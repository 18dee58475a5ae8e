/**
 * The last answer to a few reads the report form needs (the campaign, the week's report),
 * kept on the device so the form still opens without a network and what is typed there can
 * be queued (offline-queue.ts). Used only when the network fails; the newest few are kept,
 * and all of them go when the account signs out.
 */
const PREFIX = 'giaoban.kept-read.';
const INDEX = `${PREFIX}index`;
/** How many answers are kept (a cadre's campaign and the few weeks they are working on). */
const KEEP = 12;

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

function readIndex(store: Storage): string[] {
  try {
    const parsed: unknown = JSON.parse(store.getItem(INDEX) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((k): k is string => typeof k === 'string') : [];
  } catch {
    return [];
  }
}

function keep(key: string, data: unknown): void {
  const store = storage();
  if (!store) return;
  try {
    const index = [key, ...readIndex(store).filter((k) => k !== key)];
    for (const old of index.slice(KEEP)) store.removeItem(PREFIX + old);
    store.setItem(PREFIX + key, JSON.stringify(data));
    store.setItem(INDEX, JSON.stringify(index.slice(0, KEEP)));
  } catch {
    // Storage full or refused: the read still answered.
  }
}

function kept<T>(key: string): T | null {
  try {
    const raw = storage()?.getItem(PREFIX + key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

/**
 * The read's answer, kept; when the network fails (`isNetworkError`), the answer kept last
 * time instead, or the failure when there is none.
 */
export async function withKeptCopy<T>(key: string, read: () => Promise<T>, isNetworkError: (error: unknown) => boolean): Promise<T> {
  try {
    const data = await read();
    keep(key, data);
    return data;
  } catch (error) {
    const copy = isNetworkError(error) ? kept<T>(key) : null;
    if (copy === null) throw error;
    return copy;
  }
}

/** Signing out: nothing read by the account stays on the device. */
export function forgetKeptReads(): void {
  const store = storage();
  if (!store) return;
  try {
    for (const key of readIndex(store)) store.removeItem(PREFIX + key);
    store.removeItem(INDEX);
  } catch {
    // Refused: nothing was kept either.
  }
}
