// End to end in Debian's Chromium: the chat history shows a reply with its quote and a reaction
// made on another device, and the ticks of a message turn "read" when the other person opens
// the chat.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '@anytime/server';
import { createClient, type AnytimeClient } from '@anytime/sdk';
import { strings } from '../src/strings.js';
import { SHOTS_DIR, startAppServer } from './app-server.js';
import { expectInHistory, history, openChat, PASSWORD, sendText, signUp, startDirectChat } from './app-page.js';
import { launchChromium } from './browser.js';

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const clients: AnytimeClient[] = [];

beforeAll(async () => {
  server = await startAppServer();
  browser = await launchChromium();
});
afterAll(async () => {
  for (const c of clients) await c.close().catch(() => undefined);
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
});

const name = (p: string) => `${p}${Date.now().toString(36).slice(-6)}`;

async function person(width = 1280, height = 800): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height } });
  contexts.push(context);
  return context.newPage();
}

/** The receipt state shown on my message with this text: pending, sent, delivered or read. */
const receiptOf = (page: Page, text: string) =>
  history(page)
    .locator('.message.mine', { has: page.getByText(text, { exact: true }) })
    .locator('[data-receipt]')
    .getAttribute('data-receipt');

describe('the chat history', () => {
  it('shows a reply quote and a reaction from another device, and ticks turn read when the other opens the chat', async () => {
    const ann = await person();
    const bob = await person(390, 844);
    const [a, b] = [name('ann'), name('bob')];
    await signUp(ann, server.url, a);
    await signUp(bob, server.url, b);

    await startDirectChat(ann, b);
    await sendText(ann, 'Lunch at noon?');
    await expectInHistory(ann, 'Lunch at noon?');
    await expect.poll(() => receiptOf(ann, 'Lunch at noon?'), { timeout: 10_000 }).toMatch(/^(sent|delivered)$/);

    // Bob answers from another device (the SDK in Node): a reply, and a reaction to Ann's message.
    const phone = createClient({ baseUrl: server.url });
    clients.push(phone);
    await phone.login({ username: b, password: PASSWORD });
    const { conversations } = await phone.api('listConversations');
    const chat = conversations[0]!;
    const { messages } = await phone.api('listMessages', { params: { id: chat.id }, query: {} });
    const lunch = messages.find((m) => m.text === 'Lunch at noon?')!;
    await phone.api('sendMessage', {
      params: { id: chat.id },
      body: { clientId: `reply-${Date.now()}`, text: 'Sounds good', replyToId: lunch.id },
    });
    await phone.api('addReaction', { params: { id: lunch.id }, body: { emoji: '👍' } });

    await expectInHistory(ann, 'Sounds good');
    const quote = history(ann).getByRole('button', { name: strings.history.quoteJump(strings.chat.you) });
    await quote.waitFor();
    expect(await quote.textContent()).toContain('Lunch at noon?');
    const chip = history(ann).getByRole('button', { name: strings.history.reaction('👍', 1, false) });
    await chip.waitFor();
    expect(await chip.getAttribute('aria-pressed')).toBe('false');
    // Bob's devices received it, but he has not opened the chat: not read yet.
    await expect.poll(() => receiptOf(ann, 'Lunch at noon?'), { timeout: 10_000 }).toBe('delivered');

    // Bob opens the chat in his browser: Ann's message turns read.
    await openChat(bob, a.toUpperCase());
    await expectInHistory(bob, 'Lunch at noon?');
    await expect.poll(() => receiptOf(ann, 'Lunch at noon?'), { timeout: 15_000 }).toBe('read');
    await ann.screenshot({ path: `${SHOTS_DIR}/history-1280.png` });
    await bob.screenshot({ path: `${SHOTS_DIR}/history-390.png` });
  });
});
