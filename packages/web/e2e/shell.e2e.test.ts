// The app shell end to end in Debian's Chromium: unread badges come and go, a chat is pinned,
// muted and archived from the list, a group's invite link lets a third person join, and search
// finds a message and opens its chat.
import { AxeBuilder } from '@axe-core/playwright';
import { describe, expect, it } from 'vitest';
import { strings } from '../src/strings.js';
import { SHOTS_DIR } from './app-server.js';
import { createGroup, expectInHistory, history, openChat, sendText, signUp, startDirectChat } from './app-page.js';
import { chatList, openInfo, row, rowAction, searchFor } from './shell-page.js';
import { uniqueName, setUpBrowserWorld } from './browser-world.js';

const world = setUpBrowserWorld();
const person = (width?: number, height?: number) =>
  world.person(width, height, { permissions: ['clipboard-read', 'clipboard-write'] });
const name = uniqueName;

const t = strings.chatList;

describe('the app shell', () => {
  it('shows an unread badge that clears on opening; pins, mutes and archives from the list', async () => {
    const { ann, bob, a, b } = await world.directChat([390, 844], {
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    await sendText(ann, 'First news');
    await sendText(ann, 'Second news');

    const annRow = row(bob, a.toUpperCase());
    await annRow.getByLabel(t.unread(2)).waitFor();
    await expect(annRow.locator('.conversation-preview').textContent()).resolves.toBe('Second news');
    await bob.screenshot({ path: `${SHOTS_DIR}/shell-list-390.png` });
    await openChat(bob, a.toUpperCase());
    await expectInHistory(bob, 'Second news');
    await bob.getByRole('button', { name: strings.chat.back }).click();
    await annRow.locator('.badge').waitFor({ state: 'detached' });
    // Ann sees her own message as the preview.
    await expect(row(ann, b.toUpperCase()).locator('.conversation-preview').textContent()).resolves.toBe(
      'You: Second news',
    );

    await rowAction(bob, a.toUpperCase(), t.pin);
    await annRow.getByLabel(t.pinned).waitFor();
    await rowAction(bob, a.toUpperCase(), t.mute, t.muteFor.hour);
    await annRow.getByLabel(t.muted).waitFor();
    await sendText(ann, 'While muted');
    const muted = annRow.getByLabel(t.unread(1));
    await muted.waitFor();
    expect(await muted.getAttribute('class')).toContain('badge-muted');

    await rowAction(bob, a.toUpperCase(), t.archive);
    await annRow.waitFor({ state: 'detached' });
    await chatList(bob)
      .getByRole('button', { name: t.archivedEntry(1) })
      .click();
    await annRow.waitFor();
    await rowAction(bob, a.toUpperCase(), t.unarchive);
    await chatList(bob).getByRole('button', { name: t.archivedBack }).click();
    await annRow.waitFor();
    await rowAction(bob, a.toUpperCase(), t.unmute);
    await annRow.getByLabel(t.muted).waitFor({ state: 'detached' });
  });

  it('creates a group, makes an invite link in its info, and a third person joins with it', async () => {
    const [gia, hal, ivy] = [await person(), await person(), await person(390, 844)];
    const [g, h, i] = [name('gia'), name('hal'), name('ivy')];
    await signUp(gia, world.server.url, g);
    await signUp(hal, world.server.url, h);
    await signUp(ivy, world.server.url, i);
    await createGroup(gia, 'Picnic club', [h]);
    await sendText(gia, 'Bring blankets');
    await openInfo(gia);
    await gia.getByRole('heading', { name: strings.groupInfo.heading }).waitFor();
    await gia
      .getByRole('list', { name: strings.groupInfo.membersLabel })
      .getByText(h.toUpperCase(), { exact: true })
      .waitFor();
    await gia.getByLabel(strings.invites.maxUses).fill('0');
    await gia.getByRole('button', { name: strings.invites.create }).click();
    await gia.getByText(strings.invites.badMaxUses(10_000)).waitFor();
    await gia.getByLabel(strings.invites.maxUses).fill('3');
    await gia.getByRole('button', { name: strings.invites.create }).click();
    const links = gia.getByRole('list', { name: strings.invites.listLabel });
    const link = (await links.locator('code').first().textContent()) ?? '';
    expect(link).toMatch(/#\/join\//);
    await links.getByText(strings.invites.uses(0, 3)).waitFor();
    await gia.screenshot({ path: `${SHOTS_DIR}/group-info-1280.png` });

    await ivy.goto(link);
    await ivy.getByRole('heading', { name: strings.join.heading }).waitFor();
    await ivy.getByText('Picnic club').waitFor();
    await ivy.getByRole('button', { name: strings.join.join }).click();
    // A newcomer's history starts at their joining: the talk before it is not theirs to read.
    await ivy.getByRole('textbox', { name: strings.chat.composerLabel, exact: true }).waitFor();
    await sendText(ivy, 'Hello from Ivy');
    // Escape closes the info panel and shows the chat again.
    await gia.keyboard.press('Escape');
    await expectInHistory(gia, 'Hello from Ivy');
    await row(hal, 'Picnic club').getByText(`${i.toUpperCase()}: Hello from Ivy`).waitFor();
  });

  it('finds a message by search and opens its chat at it', async () => {
    const [joe, kim] = [await person(), await person()];
    const [j, k] = [name('joe'), name('kim')];
    await signUp(joe, world.server.url, j);
    await signUp(kim, world.server.url, k);
    await startDirectChat(joe, k);
    await sendText(joe, 'The pineapple pizza is ready');
    await expectInHistory(joe, 'The pineapple pizza is ready');
    // Enough later messages that the found one is far above the newest when the chat opens.
    for (let i = 1; i <= 40; i++) await sendText(joe, `Later message ${i}`);
    await expectInHistory(joe, 'Later message 40');

    // Search is indexed shortly after commit: wait for the indexer, not for a timeout.
    await world.server.server.searchIndexer.idle();
    await searchFor(kim, 'pineapp');
    const results = kim.getByRole('region', { name: strings.search.messagesHeading });
    const hit = results.getByRole('button').filter({ hasText: 'pizza' });
    await hit.waitFor();
    expect(await hit.locator('mark').textContent()).toBe('pineapp');
    await hit.click();
    await expectInHistory(kim, 'The pineapple pizza is ready');
    // The chat opens at the found message, highlighted, not at the newest one.
    const found = history(kim).getByText('The pineapple pizza is ready', { exact: true });
    await kim.waitForFunction(
      (el) => {
        const r = el!.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= innerHeight && !!el!.closest('.highlighted');
      },
      await found.elementHandle(),
      { timeout: 5_000 },
    );
    expect(await history(kim).getByText('Later message 40', { exact: true }).isVisible()).toBe(false);
    expect(new URL(kim.url()).hash).toMatch(/^#\/c\/[^/]+\/m\/[^/]+$/);
    // Filtering by name: the chat list narrows to matching titles.
    await searchFor(kim, j.slice(0, 4));
    await row(kim, j.toUpperCase()).waitFor();
  });

  it('blocks from contact info and unblocks in settings; the panels pass axe in light and dark', async () => {
    const [lea, max] = [await person(390, 844), await person()];
    const [l, m] = [name('lea'), name('max')];
    await signUp(lea, world.server.url, l);
    await signUp(max, world.server.url, m);
    await startDirectChat(lea, m);
    await sendText(lea, 'Hi Max');
    const found: string[] = [];
    const scan = async (screen: string) => {
      await lea.screenshot({ path: `${SHOTS_DIR}/shell-${screen}-390.png` });
      const r = await new AxeBuilder({ page: lea }).analyze();
      found.push(
        ...r.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${screen}: ${v.id}: ${v.help} — ${v.nodes.map((x) => x.target).join(', ')}`),
      );
    };
    await openInfo(lea);
    await scan('contact-info');
    await lea.getByRole('button', { name: strings.userInfo.block(m.toUpperCase()) }).click();
    await lea.getByRole('button', { name: strings.userInfo.unblock(m.toUpperCase()) }).waitFor();

    await lea.keyboard.press('Escape');
    await lea.getByRole('button', { name: strings.chat.back }).click();
    await lea.getByRole('button', { name: strings.settings.open }).click();
    const unblock = lea.getByRole('button', { name: new RegExp(`^${strings.settings.unblock} ${m.toUpperCase()}`) });
    await unblock.waitFor();
    await scan('settings-light');
    const background = () => lea.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await background()).toBe('rgb(244, 245, 247)');
    // Following the system: its dark setting gives the dark colours.
    await lea.emulateMedia({ colorScheme: 'dark' });
    expect(await background()).toBe('rgb(21, 23, 28)');
    await lea.emulateMedia({ colorScheme: 'light' });
    await lea.getByRole('radio', { name: strings.settings.themes.dark }).check();
    expect(await lea.evaluate(() => document.documentElement.dataset['theme'])).toBe('dark');
    // The chosen theme wins over the system's (light here): the dark colours apply.
    expect(await background()).toBe('rgb(21, 23, 28)');
    await scan('settings-dark');
    await unblock.click();
    await lea.getByText(strings.settings.noneBlocked).waitFor();
    // The theme stays after a reload; the list and the row menu in dark.
    await lea.reload();
    await lea.getByRole('heading', { name: strings.conversations.heading }).waitFor();
    expect(await lea.evaluate(() => document.documentElement.dataset['theme'])).toBe('dark');
    await rowAction(lea, m.toUpperCase());
    await scan('list-menu-dark');
    await lea.keyboard.press('Escape');
    await lea.getByRole('button', { name: strings.profile.open }).click();
    await lea.getByRole('heading', { name: strings.profile.heading }).waitFor();
    await lea.getByText(strings.profile.thisDevice, { exact: false }).waitFor();
    await scan('profile-dark');
    expect(found).toEqual([]);
  });
});
