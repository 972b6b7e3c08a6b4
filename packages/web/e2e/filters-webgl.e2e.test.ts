// Parity of the browser's filter renderer with the data model, in real headless Chromium: the
// test card drawn by renderFilter with WebGL2 (on SwiftShader) and with the canvas 2D fallback is
// compared, per filter and channel, with the reference kernels of @anytime/protocol (the same
// reference the sharp and ffmpeg renderers are held to in the server's filters.test.ts).
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILTER_IDS, FILTERS, applyFilterRgba, type FilterId } from '@anytime/protocol';
import { channelStats, filterTestCard, meanAbsDiff } from '@anytime/protocol/testing';
import { launchChromium } from './browser.js';
import { bundleForPage } from './bundle.js';

const W = 320;
const H = 240;
const card = filterTestCard(W, H);
/** As in the server's parity test: one rounding step per pass, blur kernels differing slightly. */
const MAX_MAD = 2;
const MIN_CHANGE = 4;

type Backend = 'webgl' | 'canvas';
interface PageApi {
  renderFilter(s: ImageBitmap, f: FilterId, t: HTMLCanvasElement, o: { backend: Backend }): Backend;
}

let browser: Browser;
let page: Page;
beforeAll(async () => {
  const { js: script } = await bundleForPage('../src/media/filters/index.ts', 'anytimeFilters');
  browser = await launchChromium({ webgl: true });
  page = await browser.newPage();
  await page.setContent('<!doctype html><title>filters</title>');
  await page.addScriptTag({ content: script });
});
afterAll(async () => {
  await browser?.close();
});

/** Renders the card in the page; the pixels read back as RGBA. */
async function renderInPage(filter: FilterId, backend: Backend): Promise<{ used: Backend; px: Uint8Array }> {
  const { used, b64 } = await page.evaluate(
    async ({ card, w, h, filter, backend }) => {
      const api = (window as unknown as { anytimeFilters: PageApi }).anytimeFilters;
      const bytes = Uint8ClampedArray.from(atob(card), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new ImageData(bytes, w, h), {
        premultiplyAlpha: 'none',
        colorSpaceConversion: 'none',
      });
      const target = document.createElement('canvas');
      target.width = w;
      target.height = h;
      const used = api.renderFilter(bitmap, filter, target, { backend });
      const read = document.createElement('canvas');
      read.width = w;
      read.height = h;
      const ctx = read.getContext('2d')!;
      ctx.drawImage(target, 0, 0);
      const data = ctx.getImageData(0, 0, w, h).data;
      let s = '';
      for (let i = 0; i < data.length; i++) s += String.fromCharCode(data[i]!);
      return { used, b64: btoa(s) };
    },
    { card: Buffer.from(card.buffer).toString('base64'), w: W, h: H, filter, backend },
  );
  return { used, px: new Uint8Array(Buffer.from(b64, 'base64')) };
}

function reference(filter: FilterId): Uint8ClampedArray {
  const px = card.slice();
  applyFilterRgba(filter, px, W, H);
  return px;
}

const fmt = (m: number[]) => m.map((v) => v.toFixed(2)).join('/');

describe('browser filter renderers match the data model', () => {
  const measured: string[] = [];
  afterAll(async () => {
    // The numbers docs/media-effects.md quotes.
    await writeFile(join(tmpdir(), 'anytime-filter-parity-web.txt'), measured.join('\n'));
  });

  for (const id of FILTER_IDS) {
    it(`${id}: WebGL2 and canvas 2D within ${MAX_MAD} levels of the reference`, async () => {
      const ref = reference(id);
      const gl = await renderInPage(id, 'webgl');
      expect(gl.used).toBe('webgl');
      const c2d = await renderInPage(id, 'canvas');
      expect(c2d.used).toBe('canvas');
      const glMad = meanAbsDiff(gl.px, ref);
      const c2dMad = meanAbsDiff(c2d.px, ref);
      measured.push(`${id}\twebgl ${fmt(glMad)}\tcanvas ${fmt(c2dMad)}`);
      for (const m of [...glMad, ...c2dMad]) expect(m).toBeLessThan(MAX_MAD);
      if (id === 'none') expect(Math.max(...meanAbsDiff(gl.px, card))).toBe(0);
      else expect(Math.max(...meanAbsDiff(gl.px, card))).toBeGreaterThan(MIN_CHANGE);
      if (FILTERS[id].steps.some((s) => s.op === 'grain')) {
        const a = channelStats(gl.px).sd;
        const r = channelStats(ref).sd;
        for (let c = 0; c < 3; c++) expect(Math.abs(a[c]! - r[c]!)).toBeLessThan(1);
      }
    });
  }
});
