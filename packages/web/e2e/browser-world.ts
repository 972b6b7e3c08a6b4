// What every browser test file sets up the same way: the app server and one Chromium for the
// whole file, a browser context per person (all closed at the end), the screenshot folder, and
// usernames that no other test or run has taken; and the two people in a direct chat that most
// tests start from.
import { mkdir } from 'node:fs/promises';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { TestServer } from '@anytime/server';
import { SHOTS_DIR, startAppServer } from './app-server.js';
import { signUp, startDirectChat } from './app-page.js';
import { launchChromium } from './browser.js';

/** Ann and Bob, each signed up in their own browser context, with Ann's chat with Bob open. */
export interface DirectChatPair {
  ann: Page;
  bob: Page;
  /** Their usernames (the display name is the username in capitals). */
  a: string;
  b: string;
}

export interface BrowserWorld {
  /** The app server (started before the file's tests). */
  readonly server: TestServer;
  /** A new browser context of this viewport (and options), and a page in it. */
  person(width?: number, height?: number, options?: BrowserContextOptions): Promise<Page>;
  /**
   * Ann (1280 x 800) and Bob (`bobViewport`) sign up with fresh usernames and Ann starts a
   * direct chat with Bob; `options` apply to both contexts (e.g. camera permissions).
   */
  directChat(bobViewport: [number, number], options?: BrowserContextOptions): Promise<DirectChatPair>;
}

/**
 * Registers the file's beforeAll/afterAll hooks; call once, at the top of a test file.
 * `chromiumArgs`: extra flags for the browser (e.g. a fake camera, masks/fake-camera.ts).
 * `serverEnv`: more server settings, or a function giving them once earlier hooks ran (e.g. the
 * address of a TURN server a test started).
 */
export function setUpBrowserWorld(
  chromiumArgs: readonly string[] = [],
  serverEnv: Record<string, string> | (() => Record<string, string>) = {},
): BrowserWorld {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    server = await startAppServer(typeof serverEnv === 'function' ? serverEnv() : serverEnv);
    browser = await launchChromium(chromiumArgs);
    await mkdir(SHOTS_DIR, { recursive: true });
  });
  // A failed test prints what each person's page showed, and saves a screenshot of it: in CI
  // the log is all there is to go on.
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    for (const [i, c] of contexts.entries()) {
      for (const [j, page] of c.pages().entries()) {
        const text = await page
          .locator('body')
          .innerText({ timeout: 2_000 })
          .catch((e: unknown) => `(no text: ${String(e)})`);
        console.error(`page ${i}.${j} at ${page.url()} showed:\n${text.slice(0, 2_000)}`);
        await page.screenshot({ path: `${SHOTS_DIR}/failed-${i}-${j}.png`, timeout: 5_000 }).catch(() => undefined);
      }
    }
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });
  return {
    get server() {
      if (!server) throw new Error('the app server is not started yet (use it inside a test)');
      return server;
    },
    async person(width = 1280, height = 800, options = {}) {
      if (!browser) throw new Error('Chromium is not started yet (use it inside a test)');
      const context = await browser.newContext({ viewport: { width, height }, ...options });
      contexts.push(context);
      return context.newPage();
    },
    async directChat(bobViewport, options = {}) {
      const ann = await this.person(1280, 800, options);
      const bob = await this.person(bobViewport[0], bobViewport[1], options);
      const [a, b] = [uniqueName('ann'), uniqueName('bob')];
      await signUp(ann, this.server.url, a);
      await signUp(bob, this.server.url, b);
      await startDirectChat(ann, b);
      return { ann, bob, a, b };
    },
  };
}

let n = 0;
/** A username starting with `prefix`, unique across tests and runs. */
export const uniqueName = (prefix: string) => `${prefix}${Date.now().toString(36).slice(-5)}${(n += 1)}`;
