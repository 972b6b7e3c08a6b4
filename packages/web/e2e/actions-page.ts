// Steps on a message's actions in the browser tests: open its menu (right-click, as a mouse
// user would), pick an action, react, and work the composer's @mention list.
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { strings } from '../src/strings.js';
import { history } from './app-page.js';

export function actionMenu(page: Page) {
  return page.getByRole('menu', { name: strings.actions.menuLabel });
}

export async function openActions(page: Page, text: string): Promise<void> {
  await history(page).getByText(text, { exact: true }).first().click({ button: 'right' });
  await actionMenu(page).waitFor();
}

export async function chooseAction(page: Page, text: string, label: string): Promise<void> {
  await openActions(page, text);
  await actionMenu(page).getByRole('menuitem', { name: label, exact: true }).click();
}

export async function react(page: Page, text: string, emoji: string): Promise<void> {
  await openActions(page, text);
  await actionMenu(page)
    .getByRole('menuitem', { name: strings.actions.reactWith(emoji) })
    .click();
}

export function composer(page: Page) {
  return page.getByRole('textbox', { name: strings.chat.composerLabel, exact: true });
}

/** Types "@" and the start of a name, then picks the first suggestion with Enter. */
export async function mention(page: Page, prefix: string): Promise<void> {
  await composer(page).pressSequentially(`@${prefix}`);
  await page.getByRole('listbox', { name: strings.composer.mentionList }).getByRole('option').first().waitFor();
  await composer(page).press('Enter');
}

/** Serious or critical axe-core findings inside `selector` (an open menu or dialog). */
export async function axeFindings(page: Page, what: string, selector: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).include(selector).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${what}: ${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target).join(', ')}`);
}
