// End to end in Debian's Chromium: two people in two browser contexts sign up and start a chat;
// while one types, the other sees "… is typing…", which goes once the message is sent; and the
// sender's ticks turn to read when the other opens the chat.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { strings } from '../src/strings.js';
import { expectInHistory, history, openChat, sendText } from './app-page.js';
import { setUpBrowserWorld } from './browser-world.js';

const world = setUpBrowserWorld();

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
    const { ann, bob, a, b } = await world.directChat([390, 844]);
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
