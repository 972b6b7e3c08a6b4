// What a person does in the web app, as steps the browser tests share: sign up, start a chat,
// send, and wait to see a message. Elements are found by role and accessible name, as a screen
// reader would, with the visible strings from src/strings.ts.
import type { Page } from 'playwright-core';
import { strings } from '../src/strings.js';

export const PASSWORD = 'correct horse battery';

export async function signUp(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.goto(baseUrl);
  await page.getByRole('button', { name: strings.auth.switchToSignUp }).click();
  await page.getByLabel(strings.auth.username).fill(username);
  await page.getByLabel(strings.auth.password).fill(PASSWORD);
  await page.getByLabel(strings.auth.displayName).fill(username.toUpperCase());
  await page.getByRole('button', { name: strings.auth.signUpButton }).click();
  await page.getByRole('heading', { name: strings.conversations.heading }).waitFor();
}

export async function startDirectChat(page: Page, username: string, panelOpen = false): Promise<void> {
  if (!panelOpen) await page.getByRole('button', { name: strings.conversations.newChat }).click();
  await page.getByLabel(strings.newDirect.search).fill(username);
  await page.getByRole('button', { name: strings.newDirect.start(username.toUpperCase()) }).click();
  await page.getByRole('textbox', { name: strings.chat.composerLabel, exact: true }).waitFor();
}

export async function createGroup(page: Page, title: string, usernames: string[]): Promise<void> {
  await page.getByRole('button', { name: strings.conversations.newChat }).click();
  await page.getByLabel(strings.newGroup.title).fill(title);
  await page.getByLabel(strings.newGroup.members).fill(usernames.join(' '));
  await page.getByRole('button', { name: strings.newGroup.create }).click();
  await page.getByRole('textbox', { name: strings.chat.composerLabel, exact: true }).waitFor();
}

export async function openChat(page: Page, title: string): Promise<void> {
  await page.getByRole('navigation', { name: strings.conversations.listLabel }).getByText(title).first().click();
  await page.getByRole('textbox', { name: strings.chat.composerLabel, exact: true }).waitFor();
}

export async function sendText(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: strings.chat.composerLabel, exact: true }).fill(text);
  await page.getByRole('button', { name: strings.chat.send }).click();
}

export function history(page: Page) {
  return page.getByRole('list', { name: strings.chat.historyLabel });
}

export async function expectInHistory(page: Page, text: string, timeout = 10_000): Promise<void> {
  await history(page).getByText(text, { exact: true }).first().waitFor({ state: 'visible', timeout });
}
