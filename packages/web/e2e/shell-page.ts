// Steps of the app shell that the browser tests share: find a chat's row, its badge and marks,
// use its menu, search, and the group info panel. By role and accessible name, with the strings
// from src/strings.ts.
import type { Locator, Page } from 'playwright-core';
import { strings } from '../src/strings.js';

const t = strings.chatList;

export function chatList(page: Page): Locator {
  return page.getByRole('navigation', { name: strings.conversations.listLabel });
}

/** The list row (li) of the chat shown under this title. */
export function row(page: Page, title: string): Locator {
  return chatList(page)
    .locator('li.chat-row')
    .filter({ has: page.locator('.conversation-title', { hasText: title }) });
}

export async function rowAction(page: Page, title: string, ...items: string[]): Promise<void> {
  await row(page, title)
    .getByRole('button', { name: t.menuButton(title) })
    .click();
  for (const item of items) await page.getByRole('menuitem', { name: item, exact: true }).click();
}

export async function searchFor(page: Page, text: string): Promise<void> {
  // Keys go to the page in front (another person's page may be there).
  await page.bringToFront();
  await page.keyboard.press('Control+k');
  await page.keyboard.type(text);
}

/** Opens the open chat's info panel (the group's, or the other person's). */
export async function openInfo(page: Page): Promise<void> {
  await page.getByRole('button', { name: strings.panel.info, exact: true }).click();
}
