// Steps the PWA browser tests share: waiting until the service worker controls a page, a
// local stand-in for a browser push service (Chromium here has no network to reach its own),
// and reading the page's stored session.
import { createECDH, randomBytes, type ECDH } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';

/** Resolves once a service worker controls the page (the first install claims the page). */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (navigator.serviceWorker.controller) return;
    await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
  });
}

/** The session the web app keeps in localStorage (see sdk LocalStorageSessionStore). */
export async function storedSession(page: Page): Promise<{ userId: string; deviceId: string; accessToken: string }> {
  const raw = await page.evaluate(() => localStorage.getItem('anytime.session'));
  if (!raw) throw new Error('no stored session');
  return JSON.parse(raw) as { userId: string; deviceId: string; accessToken: string };
}

export interface PushDelivery {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A push service on 127.0.0.1: records what the server posts, answers 201. */
export interface FakePushService {
  url: string;
  received: PushDelivery[];
  /** Keys of a subscription, as a browser would make them (the private half stays here). */
  newKeys(): { ecdh: ECDH; p256dh: string; auth: string };
  close(): Promise<void>;
}

export async function startFakePushService(): Promise<FakePushService> {
  const received: PushDelivery[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(201).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    newKeys() {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      return { ecdh, p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') };
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** Waits until the page's offline cache (IndexedDB 'anytime-cache') holds a message with `text`. */
export async function waitForCachedMessage(page: Page, text: string): Promise<void> {
  await page.waitForFunction(
    async (wanted) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('anytime-cache');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error ?? new Error('open failed'));
      });
      try {
        if (!db.objectStoreNames.contains('entries')) return false;
        const values = await new Promise<unknown[]>((resolve, reject) => {
          const req = db.transaction('entries').objectStore('entries').getAll();
          req.onsuccess = () => resolve(req.result as unknown[]);
          req.onerror = () => reject(req.error ?? new Error('read failed'));
        });
        return values.some((v) => Array.isArray(v) && v.some((m) => (m as { text?: unknown }).text === wanted));
      } finally {
        db.close();
      }
    },
    text,
    { polling: 100, timeout: 10_000 },
  );
}
