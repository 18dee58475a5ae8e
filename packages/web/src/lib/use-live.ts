/**
 * Follows a server-sent-events stream of changes (live dashboards): calls `onChange` on each
 * `change` event, and once more after a dropped stream is back (changes in between were not
 * heard). The browser's EventSource reconnects by itself; a refusal (signed out, no access)
 * closes it for good.
 */
import { useEffect, useRef, useState } from 'react';

/** 'live' while the stream is open; 'reconnecting' after it dropped; 'off' without one. */
export type LiveState = 'off' | 'connecting' | 'live' | 'reconnecting';

export function useLiveChanges(url: string | null, onChange: () => void): LiveState {
  const [state, setState] = useState<{ url: string | null; state: LiveState }>({ url: null, state: 'off' });
  const handler = useRef(onChange);
  useEffect(() => {
    handler.current = onChange;
  });
  useEffect(() => {
    if (!url || typeof EventSource === 'undefined') return undefined;
    const source = new EventSource(url);
    let dropped = false;
    source.onopen = () => {
      setState({ url, state: 'live' });
      if (dropped) handler.current();
      dropped = false;
    };
    source.onerror = () => {
      dropped = true;
      setState({ url, state: source.readyState === EventSource.CLOSED ? 'off' : 'reconnecting' });
    };
    source.addEventListener('change', () => handler.current());
    return () => source.close();
  }, [url]);
  if (!url) return 'off';
  // Until the stream for this address says otherwise.
  return state.url === url ? state.state : 'connecting';
}
