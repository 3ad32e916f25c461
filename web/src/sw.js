// The dashboard's own files (never the API), kept as last fetched: the field-work page
// (#/survey) opens without a network once it has been open, its answers waiting in IndexedDB.
// Network first: online, every file is as the server has it now.
const CACHE = 'duban-ui-v1';
// Installed: the shell and the modules app.js imports at once ("import"./chunk-….js"") kept, so
// the first visit already leaves what an offline reload needs.
self.addEventListener('install', (event) => event.waitUntil((async () => {
  const cache = await caches.open(CACHE);
  await cache.addAll(['./', 'index.html', 'app.js', 'style.css', 'favicon.svg']);
  const app = await (await cache.match('app.js')).text();
  const chunks = [...app.matchAll(/import\s*"\.\/(chunk-[A-Za-z0-9]+\.js)"/g)].map((m) => m[1]);
  await cache.addAll(chunks);
  await self.skipWaiting();
})()));
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || !url.pathname.startsWith('/ui/')) return;
  event.respondWith(fetch(event.request).then((response) => {
    if (response.ok) {
      const copy = response.clone();
      event.waitUntil(caches.open(CACHE).then((c) => c.put(event.request, copy)));
    }
    return response;
  }).catch(() => caches.match(event.request, { ignoreSearch: true }).then((r) => r || Response.error())));
});
