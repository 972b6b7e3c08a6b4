// End to end in Debian's Chromium: the chat history shows a reply with its quote and a reaction
// made on another device, and the ticks of a message turn "read" when the other person opens
// the chat.
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { createClient, type AnytimeClient } from '@anytime/sdk';
import { strings } from '../src/strings.js';
import { SHOTS_DIR } from './app-server.js';
import { expectInHistory, history, openChat, PASSWORD, sendText, signUp } from './app-page.js';
import { uniqueName, setUpBrowserWorld } from './browser-world.js';

const world = setUpBrowserWorld();
const person = world.person;
const name = uniqueName;
const clients: AnytimeClient[] = [];
afterAll(async () => {
  for (const c of clients) await c.close().catch(() => undefined);
});

/** The receipt state shown on my message with this text: pending, sent, delivered or read. */
const receiptOf = (page: Page, text: string) =>
  history(page)
    .locator('.message.mine', { has: page.getByText(text, { exact: true }) })
    .locator('[data-receipt]')
    .getAttribute('data-receipt');

describe('the chat history', () => {
  it('shows a reply quote and a reaction from another device, and ticks turn read when the other opens the chat', async () => {
    const { ann, bob, a, b } = await world.directChat([390, 844]);
    await sendText(ann, 'Lunch at noon?');
    await expectInHistory(ann, 'Lunch at noon?');
    await expect.poll(() => receiptOf(ann, 'Lunch at noon?'), { timeout: 10_000 }).toMatch(/^(sent|delivered)$/);

    // Bob answers from another device (the SDK in Node): a reply, and a reaction to Ann's message.
    const phone = createClient({ baseUrl: world.server.url });
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

  it('a long history opens at the first unread, keeps the reader’s place, and offers the new messages', async () => {
    const ann = await person(1280, 700);
    const a = name('ann');
    await signUp(ann, world.server.url, a);
    const phone = createClient({ baseUrl: world.server.url });
    clients.push(phone);
    await phone.register({ username: name('bob'), password: PASSWORD, displayName: 'Bob' });
    const { users } = await phone.api('searchUsers', { query: { prefix: a } });
    const { conversation } = await phone.api('createConversation', {
      body: { kind: 'direct', memberIds: [users[0]!.id] },
    });
    const send = (text: string) =>
      phone.api('sendMessage', { params: { id: conversation.id }, body: { clientId: `${text}-${Date.now()}`, text } });
    for (let i = 1; i <= 160; i++) await send(`line ${i}`);

    // 160 unread, more than one page: the chat opens at the first of them, under the divider.
    await ann.getByRole('navigation', { name: strings.conversations.listLabel }).getByText('Bob').first().click();
    const divider = history(ann).getByText(strings.history.unreadDivider);
    await divider.waitFor({ state: 'visible', timeout: 15_000 });
    await history(ann).getByText('line 1', { exact: true }).waitFor({ state: 'visible' });
    expect(await divider.isVisible()).toBe(true);
    // Only a window of the 160 messages is in the page.
    expect(await history(ann).getByRole('listitem').count()).toBeLessThan(60);

    // The newest are further down: the jump button brings them.
    const jump = ann.locator('.jump-to-bottom');
    await jump.click();
    await history(ann).getByText('line 160', { exact: true }).waitFor({ state: 'visible' });
    await expect.poll(() => jump.count()).toBe(0);

    // At the bottom, a new message is followed.
    await send('line 161');
    await history(ann).getByText('line 161', { exact: true }).waitFor({ state: 'visible' });

    // Reading older messages, a new one does not move the view: a button counts it instead.
    const timeline = ann.locator('.timeline');
    await timeline.evaluate((el) => el.scrollBy(0, -1200));
    await expect.poll(() => jump.count()).toBe(1);
    const before = await history(ann).getByText('line 130', { exact: true }).boundingBox();
    await send('line 162');
    await ann.getByRole('button', { name: strings.history.newMessages(1) }).waitFor();
    const after = await history(ann).getByText('line 130', { exact: true }).boundingBox();
    expect(Math.abs((after?.y ?? 0) - (before?.y ?? 1e9))).toBeLessThan(2);
    await ann.screenshot({ path: `${SHOTS_DIR}/history-new-messages.png` });
    await jump.click();
    await history(ann).getByText('line 162', { exact: true }).waitFor({ state: 'visible' });
  });

  it('scrolling to the top loads earlier pages without moving what the reader sees', async () => {
    const ann = await person(1280, 700);
    const a = name('ann');
    await signUp(ann, world.server.url, a);
    const phone = createClient({ baseUrl: world.server.url });
    clients.push(phone);
    await phone.register({ username: name('bob'), password: PASSWORD, displayName: 'Bobby' });
    const { users } = await phone.api('searchUsers', { query: { prefix: a } });
    const { conversation } = await phone.api('createConversation', {
      body: { kind: 'direct', memberIds: [users[0]!.id] },
    });
    for (let i = 1; i <= 120; i++) {
      await phone.api('sendMessage', {
        params: { id: conversation.id },
        body: { clientId: `old-${i}-${Date.now()}`, text: `old ${i}` },
      });
    }
    // Ann reads it all (so it opens at the bottom next time), then reloads the page.
    await ann.getByRole('navigation', { name: strings.conversations.listLabel }).getByText('Bobby').first().click();
    await history(ann).getByText('old 1', { exact: true }).waitFor({ state: 'visible', timeout: 15_000 });
    await ann.locator('.jump-to-bottom').click();
    await history(ann).getByText('old 120', { exact: true }).waitFor({ state: 'visible' });
    await expect
      .poll(
        async () => (await phone.api('listReceipts', { params: { id: conversation.id } })).receipts[0]?.readSeq ?? 0,
      )
      .toBeGreaterThan(100);
    await ann.reload();
    await ann.getByRole('navigation', { name: strings.conversations.listLabel }).getByText('Bobby').first().click();
    await history(ann).getByText('old 120', { exact: true }).waitFor({ state: 'visible', timeout: 15_000 });
    expect(await history(ann).getByText(strings.history.unreadDivider).count()).toBe(0);

    // Scroll up like a reader: near the oldest loaded message (old 71) the page before it
    // loads above, and the view stays where the reader was instead of jumping to old 21.
    const timeline = ann.locator('.timeline');
    await ann.waitForTimeout(500);
    const older = history(ann).getByText('old 70', { exact: true });
    for (let i = 0; i < 60 && (await older.count()) === 0; i++) {
      await ann.mouse.move(800, 300);
      await ann.mouse.wheel(0, -250);
      await ann.waitForTimeout(50);
    }
    await older.waitFor({ state: 'attached', timeout: 10_000 });
    await ann.waitForTimeout(500);
    const topRow = await timeline.evaluate((el) => {
      const top = el.getBoundingClientRect().top;
      const rows = [...el.querySelectorAll('li')].filter((li) => li.getBoundingClientRect().bottom > top + 1);
      rows.sort((x, y) => x.getBoundingClientRect().top - y.getBoundingClientRect().top);
      return rows[0]?.querySelector('.text')?.textContent ?? '';
    });
    const n = Number(topRow.replace('old ', ''));
    expect(n).toBeGreaterThanOrEqual(60);
    expect(n).toBeLessThanOrEqual(85);
  });
});
