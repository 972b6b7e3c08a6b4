// The service worker (built to /sw.js by vite.config.ts, with the list of built files in
// __PRECACHE__): keeps the app shell and its hashed assets so the app opens offline, never
// touches the API or the socket, shows Web Push notifications and opens the chat on a click.
// A new version waits until the page asks it to take over (after the "Reload" prompt).
import { notificationFor, openChat } from './notifications.js';
import { strategyFor } from './routing.js';
import type { ServiceWorkerScope } from './sw-types.js';

declare const __PRECACHE__: string[];
declare const __VERSION__: string;

const sw = self as unknown as ServiceWorkerScope;
const PREFIX = 'anytime-shell-';
const CACHE = PREFIX + __VERSION__;
const SHELL = '/index.html';
const precached = new Set(__PRECACHE__);

sw.addEventListener('install', (e) => {
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll([...precached])));
});

sw.addEventListener('activate', (e) => {
  e.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
      // The first install takes the open page at once (later versions wait for the prompt).
      await sw.clients.claim();
    })(),
  );
});

sw.addEventListener('message', (e) => {
  if ((e.data as { type?: unknown } | null)?.type === 'anytime.skipWaiting') void sw.skipWaiting();
});

sw.addEventListener('fetch', (e) => {
  const strategy = strategyFor(e.request, sw.location.origin, precached);
  if (strategy === 'network') return;
  const key = strategy === 'shell' ? SHELL : new URL(e.request.url).pathname;
  e.respondWith(
    caches
      .open(CACHE)
      .then((c) => c.match(key))
      .then((hit) => hit ?? fetch(e.request)),
  );
});

sw.addEventListener('push', (e) => {
  let raw: unknown;
  try {
    raw = e.data?.json();
  } catch {
    raw = undefined;
  }
  const shown = notificationFor(raw);
  if (!shown) return;
  e.waitUntil(sw.registration.showNotification(shown.title, shown.options));
});

sw.addEventListener('notificationclick', (e) => {
  const data = e.notification.data as { conversationId?: unknown } | null;
  e.notification.close();
  if (typeof data?.conversationId !== 'string') return;
  e.waitUntil(openChat(sw.clients, sw.registration.scope, data.conversationId));
});
