/** Loads data for a page and reloads when its inputs change; the last request wins. */
import { useCallback, useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  readonly data: T | null;
  readonly error: unknown;
  readonly loading: boolean;
  readonly reload: () => void;
  /**
   * Loads again in the background: the data stays on screen meanwhile, and a failure keeps it
   * rather than showing an error (a live dashboard refreshing itself).
   */
  readonly refresh: () => void;
  /** Replace the data with what a write returned (no second round trip). */
  readonly set: (data: T) => void;
}

export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  /** The inputs a background refresh was asked with (a change of inputs is a real load). */
  const quiet = useRef<readonly unknown[] | null>(null);
  useEffect(() => {
    const id = ++latest.current;
    const asked = quiet.current;
    quiet.current = null;
    const background = asked !== null && asked.length === deps.length && asked.every((d, i) => Object.is(d, deps[i]));
    if (!background) setLoading(true);
    load().then(
      (d) => { if (id === latest.current) { setData(d); setError(null); setLoading(false); } },
      (e: unknown) => { if (id === latest.current) { if (!background) setError(e); setLoading(false); } },
    );
    // The caller lists what the load depends on (like useEffect's own list).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  const depsNow = useRef(deps);
  useEffect(() => {
    depsNow.current = deps;
  });
  const refresh = useCallback(() => {
    quiet.current = depsNow.current;
    setTick((n) => n + 1);
  }, []);
  return { data, error, loading, reload, refresh, set: setData };
}
