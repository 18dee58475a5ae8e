/**
 * The service worker (built by vite/pwa-plugin.ts into /sw.js, with the list of the build's
 * files in place of `self.__GIAOBAN_SHELL__`): the app shell — index.html and every hashed
 * file of the build — is cached at install, so the app opens without a network.
 *
 * - Navigations: the cached index.html at once (no round trip before the script starts), the
 *   network only while nothing is cached; the app's own router then draws the page. The cached
 *   page names hashed files this same cache holds, so it never points at a file it lacks. A new
 *   deploy is found in the background: on each navigation the browser asks for /sw.js again
 *   (served no-cache; its shell list changes with every build); the new worker caches the new
 *   shell, takes over and drops this cache, so the next load opens the new version.
 * - The build's files: from the cache (their names change with their content).
 * - /api/: never touched here; the page's requests go to the network and fail there when it
 *   is down, which is how the report form knows to keep a report on the device.
 */

/** What a service worker's global scope offers that this file uses (the DOM library has no worker types). */
interface WorkerScope {
  readonly location: Location;
  readonly __GIAOBAN_SHELL__: { readonly version: string; readonly files: readonly string[] };
  readonly clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
}
interface ExtendableEvent { waitUntil(promise: Promise<unknown>): void }
interface FetchEvent extends ExtendableEvent { readonly request: Request; respondWith(response: Promise<Response>): void }

const scope = self as unknown as WorkerScope;
const { version, files } = scope.__GIAOBAN_SHELL__;
const PREFIX = 'giaoban-shell-';
const CACHE = `${PREFIX}${version}`;
const INDEX = '/index.html';
const shellPaths = new Set(files.map((f) => `/${f}`));

scope.addEventListener('install', (event) => {
  // `cache: 'reload'`: the files themselves, not a copy from the browser's HTTP cache.
  event.waitUntil(caches.open(CACHE)
    .then((cache) => cache.addAll([INDEX, ...[...shellPaths].filter((p) => p !== INDEX)].map((p) => new Request(p, { cache: 'reload' }))))
    .then(() => scope.skipWaiting()));
});

scope.addEventListener('activate', (event) => {
  // Older shells go; the page open now is taken over so its next lazy page comes from the cache.
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => scope.clients.claim()));
});

scope.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== scope.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    // Stale while revalidating: the shell now; the browser's own check for a newer /sw.js, which
    // every navigation starts, comes afterwards and is never in the way.
    event.respondWith(caches.match(INDEX, { cacheName: CACHE })
      .then((cached) => cached ?? fetch(request))
      .catch(() => Response.error()));
    return;
  }
  if (shellPaths.has(url.pathname)) {
    event.respondWith(caches.match(url.pathname, { cacheName: CACHE }).then((hit) => hit ?? fetch(request)));
  }
});
