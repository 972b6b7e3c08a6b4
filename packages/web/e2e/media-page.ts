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

/** Opens the camera, puts on a mask, waits for the preview and takes the photo (it joins the tray). */
export async function takeCameraPhoto(page: Page, maskName: string): Promise<void> {
  await page.getByRole('button', { name: t.camera }).click();
  const camera = page.getByRole('dialog', { name: strings.masks.camera });
  await camera.getByRole('button', { name: maskName }).click();
  await camera.getByRole('button', { name: maskName, pressed: true }).waitFor();
  const shutter = camera.getByRole('button', { name: strings.masks.takePhoto });
  await page.waitForFunction((el) => el instanceof HTMLButtonElement && !el.disabled, await shutter.elementHandle(), {
    timeout: 20_000,
  });
  // The mask needs the face tracker (loaded on the first mask) before it is drawn.
  await camera.getByRole('status').waitFor({ state: 'detached', timeout: 30_000 });
  // A few frames with the face found, so the mask is on the picture.
  await page.waitForTimeout(1_000);
  await shutter.click();
  await camera.waitFor({ state: 'detached' });
}

/** In the photo editor (open over the chat): picks the filter, adds a sticker, and saves. */
export async function editPhoto(page: Page, filterName: string, sticker: string): Promise<void> {
  const editor = page.getByRole('dialog', { name: strings.photoEditor.dialog });
  await editor.getByRole('img', { name: strings.photoEditor.canvas }).waitFor({ timeout: 20_000 });
  const strip = editor.getByRole('group', { name: strings.photoEditor.filterStrip });
  await strip.getByRole('button', { name: filterName }).click();
  await strip.getByRole('button', { name: filterName, pressed: true }).waitFor();
  await editor.getByRole('button', { name: strings.photoEditor.stickersTab }).click();
  await editor.getByRole('button', { name: strings.photoEditor.addSticker(sticker) }).click();
  await editor.getByRole('button', { name: strings.photoEditor.done }).click();
  await editor.waitFor({ state: 'detached', timeout: 20_000 });
}

/** Mean red, green and blue of a loaded image (drawn on a canvas in the page), and its mean
 * colourfulness (the largest difference between two channels of a pixel: 0 for greys). */
export async function meanColour(img: Locator): Promise<{ r: number; g: number; b: number; chroma: number }> {
  return img.evaluate((el: HTMLImageElement) => {
    const c = document.createElement('canvas');
    c.width = 64;
    c.height = 64;
    const g = c.getContext('2d')!;
    g.drawImage(el, 0, 0, 64, 64);
    const d = g.getImageData(0, 0, 64, 64).data;
    const sum = { r: 0, g: 0, b: 0, chroma: 0 };
    for (let i = 0; i < d.length; i += 4) {
      const [r, gr, b] = [d[i]!, d[i + 1]!, d[i + 2]!];
      sum.r += r;
      sum.g += gr;
      sum.b += b;
      sum.chroma += Math.max(r, gr, b) - Math.min(r, gr, b);
    }
    const n = d.length / 4;
    return { r: sum.r / n, g: sum.g / n, b: sum.b / n, chroma: sum.chroma / n };
  });
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
