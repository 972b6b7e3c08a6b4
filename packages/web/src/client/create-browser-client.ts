// The one SDK client of the page: same origin as the API, session in localStorage, outbox and
// sync cursor in IndexedDB (so unsent messages survive a reload), and the offline cache in
// IndexedDB (so the app opens with its chats and recent history when the network is down).
import {
  createClient,
  IndexedDbCacheStore,
  IndexedDbOutboxStore,
  LocalStorageSessionStore,
  type AnytimeClient,
} from '@anytime/sdk';
import { PerUserKeyStore } from '../crypto/per-user-key-store.js';

function deviceName(): string {
  const ua = navigator.userAgent;
  const browser = /Firefox\//.test(ua)
    ? 'Firefox'
    : /Edg\//.test(ua)
      ? 'Edge'
      : /Chrome\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : 'Browser';
  return `${browser} (web)`;
}

export function createBrowserClient(): AnytimeClient {
  const session = new LocalStorageSessionStore();
  // End-to-end keys: IndexedDB per account (crypto/per-user-key-store.ts).
  const keys = new PerUserKeyStore(() => {
    const userId = client.session?.userId;
    if (!userId) throw new Error('sign in first');
    return userId;
  });
  const client = createClient({
    baseUrl: location.origin,
    deviceName: deviceName(),
    stores: {
      session,
      outbox: new IndexedDbOutboxStore(),
      cache: new IndexedDbCacheStore(),
      keys,
    },
  });
  return client;
}
