// Accessibility: an axe-core scan of the main screens, at phone and desktop widths, finds no
// serious or critical violations. Each screen is also saved as a screenshot.
import { mkdir } from 'node:fs/promises';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '@anytime/server';
import { strings } from '../src/strings.js';
import { SHOTS_DIR, startAppServer } from './app-server.js';
import { sendText, signUp, startDirectChat } from './app-page.js';
import { launchChromium } from './browser.js';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startAppServer();
  browser = await launchChromium();
  await mkdir(SHOTS_DIR, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function scan(page: Page, screen: string): Promise<string[]> {
  const width = page.viewportSize()?.width ?? 0;
  await page.screenshot({ path: `${SHOTS_DIR}/${screen}-${width}.png` });
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${screen} @${width}px: ${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target).join(', ')}`);
}

describe('accessibility of the main screens', () => {
  for (const [width, height] of [
    [390, 844],
    [1280, 800],
  ] as const) {
    it(`has no serious or critical axe violations at ${width}px`, async () => {
      const context = await browser.newContext({ viewport: { width, height } });
      try {
        const stamp = `${Date.now().toString(36).slice(-5)}${width}`;
        const peer = await context.newPage();
        await signUp(peer, server.url, `peer${stamp}`);
        await peer.getByRole('button', { name: strings.auth.signOut }).click();
        const page = peer;
        const found: string[] = [];
        await page.getByRole('button', { name: strings.auth.signInButton }).waitFor();
        found.push(...(await scan(page, 'sign-in')));
        await signUp(page, server.url, `me${stamp}`);
        found.push(...(await scan(page, 'chat-list')));
        await page.getByRole('button', { name: strings.conversations.newChat }).click();
        found.push(...(await scan(page, 'new-chat')));
        await startDirectChat(page, `peer${stamp}`, true);
        await sendText(page, 'Checking how this reads');
        found.push(...(await scan(page, 'chat')));
        expect(found).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }
});
