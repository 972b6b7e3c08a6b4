// Steps of the browser tests for secret chats, sealed messages and key backup, found by role
// and accessible name with the strings of src/strings.ts (as the rest of app-page.ts).
import { AxeBuilder } from '@axe-core/playwright';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { strings } from '../src/strings.js';
import { PASSWORD, signUp } from './app-page.js';
import { uniqueName, type BrowserWorld } from './browser-world.js';

/** Waits until this device's keys are set up and published (the backup notice shows). */
export async function keysReady(page: Page): Promise<void> {
  await page.getByRole('button', { name: strings.keys.openBackup }).waitFor({ timeout: 30_000 });
}

/**
 * Ann (1280 x 800) and Bob (`bobViewport`) sign up in their own browsers with fresh usernames and
 * wait until their keys are set up; `options` apply to both contexts.
 */
export async function twoWithKeys(
  world: BrowserWorld,
  bobViewport: [number, number],
  options: BrowserContextOptions = {},
) {
  const ann = await world.person(1280, 800, options);
  const bob = await world.person(bobViewport[0], bobViewport[1], options);
  const [a, b] = [uniqueName('ann'), uniqueName('bob')];
  await signUp(ann, world.server.url, a);
  await signUp(bob, world.server.url, b);
  await keysReady(ann);
  await keysReady(bob);
  return { ann, bob, a, b };
}

export async function signIn(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.goto(baseUrl);
  await page.getByLabel(strings.auth.username).fill(username);
  await page.getByLabel(strings.auth.password).fill(PASSWORD);
  await page.getByRole('button', { name: strings.auth.signInButton }).click();
}

/** Starts a secret 1:1 chat with `username` from the new-chat panel; the chat opens. */
export async function startSecretChat(page: Page, username: string): Promise<void> {
  await page.getByRole('button', { name: strings.conversations.newChat }).click();
  const form = page.getByRole('form', { name: strings.secret.newSecretChat });
  await form.getByLabel(strings.secret.members).fill(username);
  await form.getByRole('button', { name: strings.secret.newSecretChat }).click();
  await page.getByRole('textbox', { name: strings.chat.composerLabel, exact: true }).waitFor({ timeout: 30_000 });
}

/** The chat header's lock (the open chat is a secret chat). */
export function headerLock(page: Page) {
  return page.locator('.chat-header').getByRole('img', { name: strings.secret.lock });
}

/** Opens the verification screen from the chat header and returns the 60 safety-number digits. */
export async function safetyDigits(page: Page): Promise<string> {
  await page.getByRole('button', { name: strings.secret.verify, exact: true }).click();
  const number = page.getByLabel(strings.secret.safetyNumber);
  await number.waitFor({ timeout: 20_000 });
  return (await number.getAttribute('data-digits')) ?? '';
}

/** Creates the key backup from the sidebar notice. */
export async function createBackup(page: Page, passphrase: string): Promise<void> {
  await page.getByRole('button', { name: strings.keys.openBackup }).click();
  await page.getByLabel(strings.keys.newPassphrase, { exact: true }).fill(passphrase);
  await page.getByLabel(strings.keys.repeatPassphrase).fill(passphrase);
  await page.getByRole('button', { name: strings.keys.createBackup }).click();
  await page.getByText(strings.keys.backupDone).waitFor({ timeout: 60_000 });
}

/** Sends a sealed message from the composer's lock button. */
export async function sendSealed(page: Page, secret: string, viewOnce: boolean): Promise<void> {
  await page.getByRole('button', { name: strings.sealed.openComposer }).click();
  const dialog = page.getByRole('dialog', { name: strings.sealed.composerTitle });
  await dialog.getByLabel(strings.sealed.secret).fill(secret);
  if (viewOnce) await dialog.getByLabel(strings.sealed.viewOnce).check();
  await dialog.getByRole('button', { name: strings.sealed.send }).click();
  await dialog.waitFor({ state: 'detached', timeout: 20_000 });
}

/** Serious or critical axe-core violations on the page (or its `only` part) as it is now. */
export async function axeProblems(page: Page, screen: string, only?: string): Promise<string[]> {
  const width = page.viewportSize()?.width ?? 0;
  const builder = new AxeBuilder({ page });
  const result = await (only ? builder.include(only) : builder).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${screen} @${width}px: ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target).join(', ')}`);
}
