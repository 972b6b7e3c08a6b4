// The web app as a PWA in Debian's Chromium: installable (a valid manifest with icons, a
// service worker that controls the page), offers a new version and reloads into it when asked,
// opens offline after one online visit with its chats and cached history, sends what was
// written offline once the network is back, and a Web Push for a closed app shows a
// notification for the chat.
//
// Chromium cannot subscribe to its own push service here (no network to reach it), so the
// test stands in for it: it registers a subscription for the browser's device with keys it
// holds, lets the real server encrypt and post the push to a local endpoint, decrypts it, and
// hands the payload to the browser's service worker over the DevTools protocol.
import { appendFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decrypt } from 'http_ece';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushPayload } from '@anytime/protocol';
import { createClient, MemorySessionStore, type Session } from '@anytime/sdk';
import { startTestServer, type TestServer } from '@anytime/server';
import { strings } from '../src/strings.js';
import { SHOTS_DIR, WEB_DIST } from './app-server.js';
import { expectInHistory, history, PASSWORD, sendText, signUp, startDirectChat } from './app-page.js';
import { CHROMIUM, launchChromium } from './browser.js';
import {
  startFakePushService,
  storedSession,
  waitForCachedMessage,
  waitForServiceWorker,
  type FakePushService,
} from './pwa-page.js';

let server: TestServer;
let browser: Browser;
let push: FakePushService;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  push = await startFakePushService();
  server = await startTestServer({ env: { WEB_DIR: WEB_DIST, PUSH_ALLOWED_HOSTS: '127.0.0.1' } });
  browser = await launchChromium();
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
  await push?.close();
});

let n = 0;
const name = (p: string) => `${p}${Date.now().toString(36).slice(-5)}${(n += 1)}`;

async function person(width = 1280, height = 800, permissions: string[] = []): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, permissions });
  contexts.push(context);
  return context.newPage();
}

async function until<T>(get: () => T | undefined | Promise<T | undefined>, what: string, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the web app as a PWA', () => {
  it('is installable in Chromium: a valid manifest with icons, and a service worker controls the page', async () => {
    // Incognito contexts are never installable: this one has a profile on disk.
    const profile = await mkdtemp(join(tmpdir(), 'anytime-pwa-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(server.url);
      await waitForServiceWorker(page);
      expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(`${server.url}/sw.js`);

      const cdp = await context.newCDPSession(page);
      const manifest = await cdp.send('Page.getAppManifest');
      expect(manifest.errors).toEqual([]);
      const data = JSON.parse(manifest.data ?? '{}') as {
        name: string;
        short_name: string;
        start_url: string;
        display: string;
        theme_color: string;
        background_color: string;
        icons: { src: string; sizes: string; type: string; purpose: string }[];
      };
      expect(data).toMatchObject({ name: 'Anytime', short_name: 'Anytime', start_url: '/', display: 'standalone' });
      expect(data.theme_color).toMatch(/^#[0-9a-f]{6}$/);
      expect(data.background_color).toMatch(/^#[0-9a-f]{6}$/);
      for (const [size, purpose] of [
        [192, 'any'],
        [512, 'any'],
        [192, 'maskable'],
        [512, 'maskable'],
      ] as const) {
        const icon = data.icons.find((i) => i.sizes === `${size}x${size}` && i.purpose === purpose);
        expect(icon, `${size} ${purpose}`).toBeDefined();
        const res = await page.request.get(new URL(icon!.src, server.url).href);
        expect(res.headers()['content-type']).toBe('image/png');
        const png = await res.body();
        // The PNG header's width and height (IHDR) match the declared size.
        expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
      }
      const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
      expect(installabilityErrors).toEqual([]);
    } finally {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    }
  });

  it('offers a new version, which takes over and reloads the page when asked', async () => {
    // A copy of the built app, so that its worker script can change under a running server.
    const dir = await mkdtemp(join(tmpdir(), 'anytime-web-'));
    await cp(WEB_DIST, dir, { recursive: true });
    const own = await startTestServer({ env: { WEB_DIR: dir } });
    try {
      const page = await person();
      await page.goto(own.url);
      await page.getByRole('button', { name: strings.auth.signInButton }).waitFor();
      await waitForServiceWorker(page);
      expect(await page.getByText(strings.pwa.updateAvailable).count()).toBe(0);

      await appendFile(join(dir, 'sw.js'), '\n// next version\n');
      await page.evaluate(async () => {
        await (await navigator.serviceWorker.getRegistration())?.update();
        (window as unknown as { beforeUpdate: boolean }).beforeUpdate = true;
      });
      await page.getByText(strings.pwa.updateAvailable).waitFor();
      await Promise.all([
        page.waitForEvent('framenavigated'),
        page.getByRole('button', { name: strings.pwa.reload }).click(),
      ]);
      await page.getByRole('button', { name: strings.auth.signInButton }).waitFor();
      // A fresh page, controlled by the new worker, with nothing left waiting.
      expect(await page.evaluate(() => (window as unknown as { beforeUpdate?: boolean }).beforeUpdate)).toBeUndefined();
      expect(
        await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting ?? null),
      ).toBeNull();
      expect(await page.getByText(strings.pwa.updateAvailable).count()).toBe(0);
    } finally {
      await own.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('opens offline with chats and cached history; a message written offline is pending, then goes out', async () => {
    const ann = await person();
    const bob = await person(390, 844);
    const [a, b] = [name('ann'), name('bob')];
    await signUp(ann, server.url, a);
    await signUp(bob, server.url, b);
    await startDirectChat(ann, b);
    await sendText(ann, 'Hi from Ann');
    await bob.getByRole('navigation', { name: strings.conversations.listLabel }).getByText(a.toUpperCase()).click();
    await expectInHistory(bob, 'Hi from Ann');
    await sendText(bob, 'Reply from Bob');
    await expectInHistory(ann, 'Reply from Bob');
    await waitForServiceWorker(ann);
    // The reply came as an event; it is in the cache once its write has committed.
    await waitForCachedMessage(ann, 'Reply from Bob');

    await ann.context().setOffline(true);
    await ann.reload();
    // The shell came from the service worker, the user, the list and the history from the cache.
    await ann.getByRole('heading', { name: strings.conversations.heading }).waitFor();
    const list = ann.getByRole('navigation', { name: strings.conversations.listLabel });
    await list.getByText(b.toUpperCase()).first().waitFor();
    await expectInHistory(ann, 'Hi from Ann');
    await expectInHistory(ann, 'Reply from Bob');
    await ann.screenshot({ path: `${SHOTS_DIR}/offline-1280.png` });

    await sendText(ann, 'Written while offline');
    const row = history(ann).getByRole('listitem').filter({ hasText: 'Written while offline' });
    await row.getByText(strings.chat.sending).waitFor();
    await new Promise((r) => setTimeout(r, 500));
    expect(await history(bob).getByText('Written while offline').count()).toBe(0);

    await ann.context().setOffline(false);
    await expectInHistory(bob, 'Written while offline', 20_000);
    await row.getByText(strings.chat.sending).waitFor({ state: 'detached', timeout: 20_000 });
  });

  it('a push for a closed app reaches the service worker and shows a notification for the chat', async () => {
    const cat = await person(1280, 800, ['notifications']);
    const c = name('cat');
    await signUp(cat, server.url, c);
    await waitForServiceWorker(cat);
    const session = (await storedSession(cat)) as Session;

    // Stand in for the browser's push service: a subscription for this device, keys held here.
    const keys = push.newKeys();
    const store = new MemorySessionStore();
    await store.save(session);
    const asCat = createClient({ baseUrl: server.url, stores: { session: store } });
    await asCat.api('putPushSubscription', {
      body: { endpoint: `${push.url}/device/${session.deviceId}`, keys: { p256dh: keys.p256dh, auth: keys.auth } },
    });

    // The app is closed: its device is no longer connected (a blank page keeps the context).
    const holder = await cat.context().newPage();
    await cat.close();
    await until(
      () => (server.server.gateway.router.hasDevice(session.userId, session.deviceId) ? undefined : true),
      'the closed page to disconnect',
    );

    const dan = createClient({ baseUrl: server.url });
    const d = name('dan');
    await dan.register({ username: d, password: PASSWORD, displayName: 'Dan D' });
    const { conversation } = await dan.api('createConversation', {
      body: { kind: 'direct', memberIds: [session.userId] },
    });
    await dan.api('sendMessage', {
      params: { id: conversation.id },
      body: { clientId: crypto.randomUUID(), text: 'Are you there?' },
    });
    const delivery = await until(
      () => push.received.find((r) => r.path === `/device/${session.deviceId}`),
      'the push to reach the push service',
    );
    const payload = decrypt(delivery.body, { version: 'aes128gcm', privateKey: keys.ecdh, authSecret: keys.auth });
    expect(JSON.parse(payload.toString('utf8')) as PushPayload).toMatchObject({
      conversationId: conversation.id,
      title: 'Dan D',
      body: 'Are you there?',
    });

    // The browser's push service would now wake the worker with the payload.
    const cdp = await cat.context().newCDPSession(holder);
    const registrations = new Promise<{ registrationId: string; scopeURL: string }[]>((resolve) =>
      cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => resolve(e.registrations)),
    );
    await cdp.send('ServiceWorker.enable');
    const registration = (await registrations).find((r) => r.scopeURL === `${server.url}/`);
    expect(registration).toBeDefined();
    await cdp.send('ServiceWorker.deliverPushMessage', {
      origin: server.url,
      registrationId: registration!.registrationId,
      data: payload.toString('utf8'),
    });

    await holder.goto(server.url);
    const shown = await until(async () => {
      const list = await holder.evaluate(async () =>
        (await (await navigator.serviceWorker.ready).getNotifications()).map((x) => ({
          title: x.title,
          body: x.body,
          tag: x.tag,
          data: x.data as unknown,
        })),
      );
      return list.length > 0 ? list : undefined;
    }, 'the notification');
    expect(shown).toEqual([
      {
        title: 'Dan D',
        body: 'Are you there?',
        tag: `conversation:${conversation.id}`,
        data: { conversationId: conversation.id },
      },
    ]);
    await dan.close();
    await asCat.close();
  });
});
