// The photo editor in real Chromium (WebGL on SwiftShader): pick a filter from the strip, add a
// sticker (moved with the keyboard) and a text, press Done; the JPEG that comes out has the
// photo's size, the filter on the photo (grey where nothing was put), the red sticker where it was
// moved and the green text. The editor passes an axe scan, and Escape cancels.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFilterRgba } from '@anytime/protocol';
import { filterTestCard, meanAbsDiff } from '@anytime/protocol/testing';
import { strings } from '../src/strings.js';
import { SHOTS_DIR } from './app-server.js';
import { launchChromium } from './browser.js';
import { bundleForPage } from './bundle.js';
import type * as Harness from './harness/photo-editor.js';
import type { HarnessResult } from './harness/photo-editor.js';

const W = 640;
const H = 480;
const card = filterTestCard(W, H);
const s = strings.photoEditor;

let browser: Browser;
let bundle: { js: string; css: string };
let png: string;
let webm: Buffer;
beforeAll(async () => {
  // A one-second colourful test video, VP8 (Chromium plays it without proprietary codecs).
  const dir = await mkdtemp(join(tmpdir(), 'anytime-video-'));
  const file = join(dir, 'test.webm');
  await promisify(execFile)('/usr/bin/ffmpeg', [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=320x240:rate=25:duration=1',
    '-c:v',
    'libvpx',
    file,
  ]);
  webm = await readFile(file);
  await rm(dir, { recursive: true, force: true });
  bundle = await bundleForPage('./harness/photo-editor.tsx', 'photoEditorHarness');
  png = (
    await sharp(Buffer.from(card.buffer), { raw: { width: W, height: H, channels: 4 } })
      .png()
      .toBuffer()
  ).toString('base64');
  browser = await launchChromium({ webgl: true });
  await mkdir(SHOTS_DIR, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

async function newPage(): Promise<Page> {
  // A context of its own: axe-core needs one.
  const context = await browser.newContext({ viewport: { width: 900, height: 900 } });
  const page = await context.newPage();
  await page.setContent('<!doctype html><html lang="en"><head><title>Photo editor</title></head><body></body></html>');
  await page.addStyleTag({ content: bundle.css });
  await page.addScriptTag({ content: bundle.js });
  return page;
}

async function open(): Promise<Page> {
  const page = await newPage();
  await page.evaluate((b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const api = (window as unknown as { photoEditorHarness: { mount(b: Blob): void } }).photoEditorHarness;
    api.mount(new Blob([bytes], { type: 'image/png' }));
  }, png);
  await page.getByRole('button', { name: s.filterNames.mono }).waitFor();
  await page.locator('.photo-editor-stage:not([hidden])').waitFor();
  return page;
}

/** Mean colour of a box (fractions of the size) of decoded RGB pixels. */
function mean(px: Buffer, x0: number, y0: number, x1: number, y1: number): [number, number, number] {
  const sum = [0, 0, 0];
  let n = 0;
  for (let y = Math.round(y0 * H); y < Math.round(y1 * H); y++) {
    for (let x = Math.round(x0 * W); x < Math.round(x1 * W); x++) {
      for (let c = 0; c < 3; c++) sum[c]! += px[(y * W + x) * 3 + c]!;
      n++;
    }
  }
  return sum.map((v) => v / n) as [number, number, number];
}

describe('PhotoEditor in Chromium', () => {
  it('applies a filter, a sticker and a text, and gives a JPEG with them at the photo size', async () => {
    const page = await open();
    await page.getByRole('button', { name: s.filterNames.mono }).click();
    await expect
      .poll(() => page.getByRole('button', { name: s.filterNames.mono }).getAttribute('aria-pressed'))
      .toBe('true');

    await page.getByRole('button', { name: s.stickersTab }).click();
    await page.getByRole('button', { name: s.addSticker('❤️') }).click();
    const sticker = page.getByRole('button', { name: s.sticker('❤️') });
    await sticker.focus();
    // Up 0.02 five times: the sticker's centre moves from y 0.5 to 0.4.
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowUp');

    await page.getByRole('button', { name: s.textTab }).click();
    await page.getByLabel(s.textLabel).fill('HELLO');
    await page.getByRole('radiogroup', { name: s.textColor }).getByRole('radio', { name: 'Green' }).click();
    await page.getByRole('button', { name: s.addText }).click();
    await page.getByRole('button', { name: s.text('HELLO') }).waitFor();

    const axe = await new AxeBuilder({ page }).include('.photo-editor').analyze();
    const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    await page.screenshot({ path: `${SHOTS_DIR}/photo-editor-900.png` });

    await page.getByRole('button', { name: s.done }).click();
    await page.waitForFunction(() => window.photoEditorResult !== undefined);
    const result = (await page.evaluate(() => window.photoEditorResult)) as HarnessResult;
    expect(result.cancelled).toBe(false);
    expect(result.filter).toBe('mono');
    expect(result.type).toBe('image/jpeg');
    const { data, info } = await sharp(Buffer.from(result.bytes!, 'base64'))
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([W, H, 3]);

    // Where nothing was put, the photo is the mono filter of the card (up to JPEG loss)...
    const ref = card.slice();
    applyFilterRgba('mono', ref, W, H);
    const top = (px: Uint8Array | Uint8ClampedArray, channels: number) => {
      const out = new Uint8Array(W * Math.round(H * 0.35) * 4);
      for (let i = 0; i < out.length / 4; i++) {
        for (let c = 0; c < 3; c++) out[i * 4 + c] = px[i * channels + c]!;
        out[i * 4 + 3] = 255;
      }
      return out;
    };
    const mad = meanAbsDiff(top(data, 3), top(ref, 4));
    for (const m of mad) expect(m).toBeLessThan(4);
    // ... which differs from the colourful original there (the hue sweep).
    expect(Math.max(...meanAbsDiff(top(data, 3), top(card, 4)))).toBeGreaterThan(20);
    // The red heart where the keyboard moved it (centre 0.5, 0.4), in colour on the grey photo.
    const [hr, hg, hb] = mean(data, 0.47, 0.37, 0.53, 0.43);
    expect(hr - hg).toBeGreaterThan(80);
    expect(hr - hb).toBeGreaterThan(60);
    // The green text at (0.5, 0.8): many clearly green pixels in its band, none in the original.
    let green = 0;
    for (let y = Math.round(0.76 * H); y < Math.round(0.84 * H); y++) {
      for (let x = Math.round(0.35 * W); x < Math.round(0.65 * W); x++) {
        const i = (y * W + x) * 3;
        if (data[i + 1]! > data[i]! + 60 && data[i + 1]! > data[i + 2]! + 40) green++;
      }
    }
    expect(green).toBeGreaterThan(300);
    await page.context().close();
  });

  it('undoes the last thing put on the photo, and cancels with Escape', async () => {
    const page = await open();
    await page.getByRole('button', { name: s.stickersTab }).click();
    await page.getByRole('button', { name: s.addSticker('⭐') }).click();
    await page.getByRole('button', { name: s.addSticker('🐱') }).click();
    await expect.poll(() => page.getByRole('button', { name: /^Sticker / }).count()).toBe(2);
    await page.getByRole('button', { name: s.undo }).click();
    await expect.poll(() => page.getByRole('button', { name: /^Sticker / }).count()).toBe(1);
    await page.getByRole('button', { name: s.sticker('⭐') }).waitFor();
    // Drawing: a stroke dragged on the photo, then undone.
    await page.getByRole('button', { name: s.drawTab }).click();
    const box = (await page.getByRole('img', { name: s.canvas }).boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.3, { steps: 5 });
    await page.mouse.up();
    const inked = () =>
      page.evaluate(() => {
        const c = document.querySelector<HTMLCanvasElement>('canvas[role="img"]')!;
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) n++;
        return n;
      });
    const withStroke = await inked();
    await page.getByRole('button', { name: s.undo }).click();
    await expect.poll(inked).toBeLessThan(withStroke);
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => window.photoEditorResult !== undefined);
    expect(await page.evaluate(() => window.photoEditorResult)).toEqual({ cancelled: true });
    await page.context().close();
  });

  it('plays a video through the chosen filter and gives back the original file with the filter', async () => {
    const page = await newPage();
    await page.evaluate((b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const api = (window as unknown as { photoEditorHarness: { mountVideo(b: Blob): void } }).photoEditorHarness;
      api.mountVideo(new Blob([bytes], { type: 'video/webm' }));
    }, webm.toString('base64'));
    const preview = page.getByRole('img', { name: s.videoPreview });
    await preview.waitFor();
    // How far from grey the preview is: the mean of max − min over the pixels.
    const colourfulness = () =>
      page.evaluate(() => {
        const src = document.querySelector<HTMLCanvasElement>('canvas.photo-editor-video')!;
        const c = document.createElement('canvas');
        c.width = src.width;
        c.height = src.height;
        const ctx = c.getContext('2d')!;
        ctx.drawImage(src, 0, 0);
        const d = ctx.getImageData(0, 0, c.width, c.height).data;
        let sum = 0;
        for (let i = 0; i < d.length; i += 4)
          sum += Math.max(d[i]!, d[i + 1]!, d[i + 2]!) - Math.min(d[i]!, d[i + 1]!, d[i + 2]!);
        return sum / (d.length / 4);
      });
    await expect.poll(colourfulness, { timeout: 10_000 }).toBeGreaterThan(40);
    await page.getByRole('button', { name: s.filterNames.mono }).click();
    await expect.poll(colourfulness, { timeout: 10_000 }).toBeLessThan(1);
    await page.getByRole('button', { name: s.done }).click();
    await page.waitForFunction(() => window.photoEditorResult !== undefined);
    const result = (await page.evaluate(() => window.photoEditorResult)) as HarnessResult;
    expect(result.filter).toBe('mono');
    expect(Buffer.from(result.bytes!, 'base64').equals(webm)).toBe(true);
    await page.context().close();
  });

  it('caps the long side of a large photo at 2560, keeping its aspect ratio', async () => {
    const page = await newPage();
    const { type, bytes } = await page.evaluate(async () => {
      const api = (window as unknown as { photoEditorHarness: typeof Harness }).photoEditorHarness;
      const big = document.createElement('canvas');
      big.width = 3000;
      big.height = 2000;
      const ctx = big.getContext('2d')!;
      ctx.fillStyle = '#c83232';
      ctx.fillRect(0, 0, 3000, 2000);
      const blob = await api.composeEdited(await createImageBitmap(big), { filter: 'mono', items: [] });
      const b = new Uint8Array(await blob.arrayBuffer());
      let s = '';
      for (const x of b) s += String.fromCharCode(x);
      return { type: blob.type, bytes: btoa(s) };
    });
    expect(type).toBe('image/jpeg');
    const { data, info } = await sharp(Buffer.from(bytes, 'base64')).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([2560, 1707]);
    // Mono turned the red grey.
    expect(Math.abs(data[0]! - data[2]!)).toBeLessThan(4);
    await page.context().close();
  });
});
