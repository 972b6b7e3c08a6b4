// What the masks browser tests set up: the masks test page built and served by our real
// server, one Chromium with the face camera, and pages that fail on any request that leaves
// the server's origin (the models and wasm must come from us, never from a CDN).
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startTestServer, type TestServer } from '@anytime/server';
import { launchChromium } from '../browser.js';
import { buildMasksHarness } from './build-harness.js';
import { FACE_JPEG, FAKE_FACE_CAMERA_ARGS } from './fake-camera.js';

export interface MasksWorld {
  readonly server: TestServer;
  /**
   * A page on the masks test page, ready (window.masks set). `cameraArgs` starts a Chromium of
   * its own with those camera flags instead of the shared one with the face camera.
   */
  page(cameraArgs?: readonly string[]): Promise<Page>;
  /** Requests the pages made to any other origin (a test expects none). */
  readonly foreignRequests: string[];
  /** Every URL the pages requested from the server. */
  readonly requested: string[];
}

export function setUpMasksWorld(): MasksWorld {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  const others: Browser[] = [];
  const foreignRequests: string[] = [];
  const requested: string[] = [];
  beforeAll(async () => {
    const dir = await buildMasksHarness();
    server = await startTestServer({ env: { WEB_DIR: dir } });
    browser = await launchChromium(FAKE_FACE_CAMERA_ARGS);
  }, 180_000);
  afterAll(async () => {
    for (const b of others) await b.close();
    await browser?.close();
    await server?.close();
  });
  return {
    foreignRequests,
    requested,
    get server() {
      if (!server) throw new Error('the server is not started yet');
      return server;
    },
    async page(cameraArgs) {
      if (!browser || !server) throw new Error('not started yet');
      let b = browser;
      if (cameraArgs) {
        b = await launchChromium(cameraArgs);
        others.push(b);
      }
      const origin = new URL(server.url).origin;
      const context = await b.newContext({ viewport: { width: 800, height: 600 } });
      await context.route('**/*', async (route) => {
        const url = route.request().url();
        if (url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
        if (new URL(url).origin !== origin) {
          foreignRequests.push(url);
          return route.abort('blockedbyclient');
        }
        requested.push(url);
        return route.continue();
      });
      const page = await context.newPage();
      page.on('pageerror', (e) => console.error('page error:', e.message));
      await page.goto(`${server.url}/`);
      await page.waitForFunction(() => 'masks' in window);
      return page;
    },
  };
}

/** The synthetic face photo as base64 (to hand to the page). */
export async function faceJpegBase64(): Promise<string> {
  return (await readFile(FACE_JPEG)).toString('base64');
}
