// What a person does with media in the web app, as steps the browser tests share: record a
// voice note, tag someone in the photo waiting in the composer, send, and wait for a photo to
// have really loaded. Found by role and accessible name, with the strings of src/strings.ts.
import type { Locator, Page } from 'playwright-core';
import { strings } from '../src/strings.js';
import { history } from './app-page.js';

const t = strings.media;

/** Clicks the microphone (hands-free mode), records for `ms`, and sends. */
export async function recordVoiceNote(page: Page, ms: number): Promise<void> {
  await page.getByRole('button', { name: t.record }).click();
  await page.getByRole('group', { name: t.recording }).waitFor();
  await page.waitForTimeout(ms);
  await page.getByRole('button', { name: t.stopAndSend }).click();
}

/** Tags `personName` at the middle of the first photo in the composer's tray. */
export async function tagInTray(page: Page, fileName: string, personName: string): Promise<void> {
  await page
    .getByRole('list', { name: t.attachments })
    .getByRole('button', { name: t.tag(fileName) })
    .click();
  const dialog = page.getByRole('dialog', { name: t.tagHeading });
  const stage = dialog.getByRole('button', { name: t.tag(fileName) });
  await stage.locator('img').waitFor();
  await stage.click();
  await dialog.getByRole('group', { name: t.tagPick }).getByRole('button', { name: personName }).click();
  await dialog.locator('.tag-label', { hasText: personName }).waitFor();
  await dialog.getByRole('button', { name: t.tagDone }).click();
}

/** The name the composer gave the first attachment in its tray. */
export async function firstTrayName(page: Page): Promise<string> {
  return (
    (await page.getByRole('list', { name: t.attachments }).locator('.attach-item .name').first().textContent()) ?? ''
  );
}

/** The first photo of the history whose image has loaded (naturalWidth > 0), as a locator. */
export async function loadedPhoto(page: Page, timeout = 30_000): Promise<Locator> {
  const img = history(page).locator('.attachments .photo-image img').first();
  await img.waitFor({ state: 'attached', timeout });
  await page.waitForFunction(
    (el) => el instanceof HTMLImageElement && el.complete && el.naturalWidth > 0,
    await img.elementHandle(),
    { timeout },
  );
  return img;
}
