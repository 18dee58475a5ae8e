/**
 * Registers the service worker (/sw.js, written by vite/pwa-plugin.ts) in a built app, once
 * the page has loaded and settled, so caching the app shell never competes with the first
 * figures for the network. Not in `vite` dev (there is no /sw.js, and a cached shell would
 * hide the edits being made).
 */
const SETTLE_MS = 2_000;

export function registerServiceWorker(production: boolean): void {
  if (!production || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  const register = () => {
    window.setTimeout(() => {
      navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
        // Refused (a browser setting, an insecure origin): the app works, only not offline.
      });
    }, SETTLE_MS);
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
