// End to end in Debian's Chromium: two people in two browser contexts sign up and start a chat;
// while one types, the other sees "… is typing…", which goes once the message is sent; and the
// sender's ticks turn to read when the other opens the chat.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '@anytime/server';
import { strings } from '../src/strings.js';
import { startAppServer } from './app-server.js';
import { expectInHistory, history, openChat, sendText, signUp, startDirectChat } from './app-page.js';
import { launchChromium } from './browser.js';

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startAppServer();
  browser = await launchChromium();
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
});

let n = 0;
const name = (p: string) => `${p}${Date.now().toString(36).slice(-5)}${(n += 1)}`;

async function person(width = 1280, height = 800): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height } });
  contexts.push(context);
  return context.newPage();
}

/** The receipt state (sent, delivered, read) shown on my message with this text. */
function receiptOf(page: Page, text: string) {
  return history(page)
    .getByRole('listitem')
    .filter({ hasText: text })
    .last()
    .locator('[data-receipt]')
    .getAttribute('data-receipt');
}

async function receiptBecomes(page: Page, text: string, kind: string, timeout = 10_000): Promise<void> {
  const end = Date.now() + timeout;
  while ((await receiptOf(page, text)) !== kind) {
    if (Date.now() > end) throw new Error(`receipt of "${text}" is ${await receiptOf(page, text)}, not ${kind}`);
    await page.waitForTimeout(100);
  }
}

describe('typing and read receipts in the browser', { timeout: 90_000 }, () => {
  it('shows the other typing until they send, and ticks turn to read when the chat is opened', async () => {
    const ann = await person();
    const bob = await person(390, 844);
    const [a, b] = [name('ann'), name('bob')];
    await signUp(ann, server.url, a);
    await signUp(bob, server.url, b);

    await startDirectChat(ann, b);
    await sendText(ann, 'Are you there?');
    await expectInHistory(ann, 'Are you there?');
    // Bob is online but has not opened the chat: delivered, not read.
    await receiptBecomes(ann, 'Are you there?', 'delivered');
    await new Promise((r) => setTimeout(r, 500));
    expect(await receiptOf(ann, 'Are you there?')).toBe('delivered');

    await openChat(bob, a.toUpperCase());
    await expectInHistory(bob, 'Are you there?');
    await receiptBecomes(ann, 'Are you there?', 'read');

    const typing = ann.getByText(strings.history.typing([b.toUpperCase()]), { exact: true }).first();
    expect(await typing.count()).toBe(0);
    const composer = bob.getByRole('textbox', { name: strings.chat.composerLabel, exact: true });
    await composer.click();
    await composer.pressSequentially('Yes, just typing', { delay: 30 });
    await typing.waitFor({ state: 'visible', timeout: 10_000 });

    await bob.getByRole('button', { name: strings.chat.send }).click();
    await expectInHistory(ann, 'Yes, just typing');
    // Gone because of the send, well before an unrenewed indicator would expire (6 s).
    await typing.waitFor({ state: 'hidden', timeout: 3_000 });

    // Ann has the chat open, so Bob's reply is read at once.
    await receiptBecomes(bob, 'Yes, just typing', 'read');
  });
});
