// End to end in Debian's Chromium: two people in separate browsers start a secret (MLS) 1:1
// chat, write both ways and read each other decrypted, see the lock in the list and the header,
// compare safety numbers (equal on both pages) and mark each other verified. Bob replies to a
// message and reacts to it; Ann deletes one of hers for everyone and it leaves Bob's page. Then Ann
// backs up her keys, signs in on a new browser, is asked for the passphrase (a wrong one is
// refused) and reads the secret history from before, without the deleted message.
import { describe, expect, it } from 'vitest';
import { strings } from '../src/strings.js';
import { SHOTS_DIR } from './app-server.js';
import { actionMenu, chooseAction, composer, react } from './actions-page.js';
import { expectInHistory, history, openChat, sendText } from './app-page.js';
import { setUpBrowserWorld } from './browser-world.js';
import {
  axeProblems,
  createBackup,
  headerLock,
  safetyDigits,
  signIn,
  startSecretChat,
  twoWithKeys,
} from './secret-page.js';

const world = setUpBrowserWorld();

describe('secret chats in the browser', () => {
  it('two browsers chat end to end encrypted, verify safety numbers, and a new browser restores the history', async () => {
    const { ann, bob, a, b } = await twoWithKeys(world, [390, 844]);

    await startSecretChat(ann, b);
    await expect(headerLock(ann).count()).resolves.toBe(1);
    await sendText(ann, 'the secret plan');
    await expectInHistory(ann, 'the secret plan', 30_000);

    // Bob's list shows the chat with a lock; opening it shows Ann's message decrypted.
    const row = bob
      .getByRole('navigation', { name: strings.conversations.listLabel })
      .getByRole('listitem')
      .filter({ hasText: a.toUpperCase() });
    await row.getByRole('img', { name: strings.secret.lock }).waitFor({ timeout: 30_000 });
    await openChat(bob, a.toUpperCase());
    await expect(headerLock(bob).count()).resolves.toBe(1);
    await expectInHistory(bob, 'the secret plan', 30_000);
    await sendText(bob, 'understood, over');
    await expectInHistory(ann, 'understood, over', 30_000);
    expect(await history(ann).getByText(strings.secret.encryptedFallback).count()).toBe(0);
    // Ann's chat list previews the decrypted newest message, under the lock.
    const annRow = ann
      .getByRole('navigation', { name: strings.conversations.listLabel })
      .getByRole('listitem')
      .filter({ hasText: b.toUpperCase() });
    await annRow.getByText('understood, over').waitFor({ timeout: 10_000 });
    await annRow.getByRole('img', { name: strings.secret.lock }).waitFor();
    // Bob replies to Ann's message and reacts to it; Ann sees both. Ann deletes a message of hers
    // for everyone: it leaves Bob's page.
    await chooseAction(bob, 'the secret plan', strings.actions.reply);
    await bob.getByText(strings.composer.replyingTo(a.toUpperCase())).waitFor();
    await composer(bob).fill('a reply in secret');
    await composer(bob).press('Enter');
    await expectInHistory(ann, 'a reply in secret', 30_000);
    await history(ann).locator('.quote').filter({ hasText: 'the secret plan' }).first().waitFor();
    await react(bob, 'the secret plan', '👍');
    await expect.poll(() => actionMenu(bob).count()).toBe(0);
    await history(ann).getByText('👍', { exact: false }).first().waitFor({ timeout: 30_000 });
    await sendText(ann, 'delete me soon');
    await expectInHistory(bob, 'delete me soon', 30_000);
    await chooseAction(ann, 'delete me soon', strings.actions.delete);
    await ann
      .getByRole('dialog', { name: strings.actions.deleteTitle })
      .getByRole('button', { name: strings.actions.deleteForEveryone })
      .click();
    await history(bob).getByText('delete me soon', { exact: true }).waitFor({ state: 'detached', timeout: 30_000 });
    expect(await history(ann).getByText('delete me soon', { exact: true }).count()).toBe(0);
    await ann.screenshot({ path: `${SHOTS_DIR}/secret-chat-1280.png` });
    await bob.screenshot({ path: `${SHOTS_DIR}/secret-chat-390.png` });

    // Safety numbers: the same 60 digits on both pages; marking verified shows the badge.
    const annDigits = await safetyDigits(ann);
    const bobDigits = await safetyDigits(bob);
    expect(annDigits).toMatch(/^\d{60}$/);
    expect(bobDigits).toBe(annDigits);
    await ann.getByRole('img', { name: strings.secret.qrLabel(b.toUpperCase()) }).waitFor();
    await ann.getByRole('button', { name: strings.secret.markVerified }).click();
    await ann.getByRole('img', { name: strings.secret.verifiedLabel(b.toUpperCase()) }).waitFor();
    await ann.screenshot({ path: `${SHOTS_DIR}/secret-verify-1280.png` });
    await bob.screenshot({ path: `${SHOTS_DIR}/secret-verify-390.png` });
    expect([...(await axeProblems(ann, 'verify')), ...(await axeProblems(bob, 'verify'))]).toEqual([]);
    await ann.getByRole('button', { name: strings.panel.close }).click();
    await ann
      .locator('.chat-header')
      .getByRole('img', { name: strings.secret.verifiedLabel(b.toUpperCase()) })
      .waitFor();

    // Ann backs up her keys, then signs in on a new browser: the restore screen asks for the
    // passphrase, refuses a wrong one, and the restored device reads the secret history.
    const passphrase = 'violet canyon pepper orbit';
    await createBackup(ann, passphrase);
    const ann2 = await world.person(390, 844);
    await signIn(ann2, world.server.url, a);
    await ann2.getByRole('heading', { name: strings.keys.restoreTitle }).waitFor({ timeout: 30_000 });
    await ann2.getByLabel(strings.keys.passphrase).fill('not the passphrase');
    await ann2.getByRole('button', { name: strings.keys.restore }).click();
    await ann2.getByRole('alert').filter({ hasText: strings.keys.wrongPassphrase }).waitFor({ timeout: 60_000 });
    await ann2.screenshot({ path: `${SHOTS_DIR}/secret-restore-390.png` });
    expect(await axeProblems(ann2, 'restore')).toEqual([]);
    await ann2.getByLabel(strings.keys.passphrase).fill(passphrase);
    await ann2.getByRole('button', { name: strings.keys.restore }).click();
    await ann2.getByRole('heading', { name: strings.conversations.heading }).waitFor({ timeout: 60_000 });
    await openChat(ann2, b.toUpperCase());
    await expectInHistory(ann2, 'the secret plan', 30_000);
    await expectInHistory(ann2, 'understood, over', 30_000);
    await expectInHistory(ann2, 'a reply in secret', 30_000);
    expect(await history(ann2).getByText('delete me soon', { exact: true }).count()).toBe(0);
    expect(await history(ann2).getByText(strings.secret.encryptedFallback).count()).toBe(0);
  });
});
