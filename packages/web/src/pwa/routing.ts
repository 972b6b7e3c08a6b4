// What the service worker does with a request, decided from the request alone: the app shell
// and built assets come from the cache; the API, the socket, media and anything from another
// origin always go to the network, untouched and never cached.

export type Strategy = 'network' | 'shell' | 'precached';

export function strategyFor(
  request: { method: string; mode: string; url: string },
  origin: string,
  precached: ReadonlySet<string>,
): Strategy {
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== origin) return 'network';
  if (url.pathname.startsWith('/v1/') || url.pathname === '/v1' || url.pathname === '/healthz') return 'network';
  if (request.mode === 'navigate') return 'shell';
  return precached.has(url.pathname) ? 'precached' : 'network';
}
