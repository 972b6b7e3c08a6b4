// Message actions end to end in Chromium: in a group, Ann replies to Bob, edits her reply,
// deletes a message for everyone, @mentions Bob, pins a message and reacts; Bob's browser shows
// each result.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { strings } from '../src/strings.js';
import { actionMenu, axeFindings, chooseAction, composer, mention, openActions, react } from './actions-page.js';
import { SHOTS_DIR } from './app-server.js';
import { createGroup, expectInHistory, history, openChat, sendText, signUp } from './app-page.js';
import { setUpBrowserWorld } from './browser-world.js';

const world = setUpBrowserWorld();
const person = world.person;
const stamp = Date.now().toString(36).slice(-5);

async function gone(page: Page, text: string): Promise<void> {
  await history(page).getByText(text, { exact: true }).waitFor({ state: 'detached', timeout: 10_000 });
}

describe('message actions in the browser', () => {
  it('reply, edit, delete for everyone, @mention, pin and react reach the other member', async () => {
    const ann = await person(1280, 800);
    const bob = await person(390, 844);
    const [a, b] = [`ann${stamp}`, `bob${stamp}`];
    await signUp(ann, world.server.url, a);
    await signUp(bob, world.server.url, b);
    const title = `Actions ${stamp}`;
    await createGroup(ann, title, [b]);
    await openChat(bob, title);

    await sendText(bob, 'Lunch at noon?');
    await expectInHistory(ann, 'Lunch at noon?');

    // The menu, at both widths, and the composer's emoji picker pass an axe scan.
    const findings: string[] = [];
    await openActions(ann, 'Lunch at noon?');
    findings.push(...(await axeFindings(ann, 'menu @1280', '.action-menu')));
    await ann.keyboard.press('Escape');
    await openActions(bob, 'Lunch at noon?');
    findings.push(...(await axeFindings(bob, 'menu @390', '.action-menu')));
    await bob.screenshot({ path: `${SHOTS_DIR}/actions-menu-390.png` });
    await bob.keyboard.press('Escape');
    await expect.poll(() => actionMenu(bob).count()).toBe(0);
    await ann.getByRole('button', { name: strings.composer.insertEmoji }).click();
    await ann.getByRole('searchbox', { name: strings.emoji.search }).fill('party popper');
    findings.push(...(await axeFindings(ann, 'emoji picker @1280', '.modal')));
    await ann.getByRole('button', { name: 'party popper' }).click();
    await expect.poll(() => composer(ann).inputValue()).toBe('🎉');
    await composer(ann).fill('');
    expect(findings).toEqual([]);

    // Reply.
    await chooseAction(ann, 'Lunch at noon?', strings.actions.reply);
    await ann.getByText(strings.composer.replyingTo(b.toUpperCase())).waitFor();
    await expect.poll(() => composer(ann).evaluate((el) => el === document.activeElement)).toBe(true);
    await composer(ann).fill('Yes, see you there');
    await composer(ann).press('Enter');
    await expectInHistory(bob, 'Yes, see you there');
    expect(await ann.getByText(strings.composer.replyingTo(b.toUpperCase())).count()).toBe(0);

    // Edit: prefilled, Enter saves; Bob sees the new text.
    await chooseAction(ann, 'Yes, see you there', strings.actions.edit);
    await expect.poll(() => composer(ann).inputValue()).toBe('Yes, see you there');
    await composer(ann).fill('Yes, see you at 12:30');
    await composer(ann).press('Enter');
    await expectInHistory(bob, 'Yes, see you at 12:30');
    await gone(bob, 'Yes, see you there');

    // Delete for everyone.
    await sendText(ann, 'wrong chat, sorry');
    await expectInHistory(bob, 'wrong chat, sorry');
    await chooseAction(ann, 'wrong chat, sorry', strings.actions.delete);
    const dialog = ann.getByRole('dialog', { name: strings.actions.deleteTitle });
    await dialog.getByRole('button', { name: strings.actions.deleteForEveryone }).click();
    await gone(bob, 'wrong chat, sorry');

    // @mention with the autocomplete.
    await composer(ann).fill('');
    await composer(ann).pressSequentially('Thanks ');
    await mention(ann, b.slice(0, 4));
    await expect.poll(() => composer(ann).inputValue()).toBe(`Thanks @${b.toUpperCase()} `);
    await composer(ann).press('Enter');
    await expectInHistory(bob, `Thanks @${b.toUpperCase()}`);

    // Pin (Ann owns the group): both see the pinned bar.
    await chooseAction(ann, 'Lunch at noon?', strings.actions.pin);
    for (const page of [ann, bob]) {
      await page
        .getByRole('region', { name: strings.actions.pinnedLabel })
        .getByText('Lunch at noon?')
        .waitFor({ timeout: 10_000 });
    }

    // React: Ann's menu shows her reaction; Bob's history shows the emoji.
    await react(ann, 'Lunch at noon?', '👍');
    await expect.poll(() => actionMenu(ann).count()).toBe(0);
    await history(bob).getByText('👍', { exact: false }).first().waitFor({ timeout: 10_000 });
    await ann.screenshot({ path: `${SHOTS_DIR}/actions-1280.png` });
    await bob.screenshot({ path: `${SHOTS_DIR}/actions-390.png` });
  });
});
