// Parity of the server renderers with the data model: the test card rendered with sharp
// (applyImageFilter) and with ffmpeg (the test card as a PNG through videoFilterGraph) is compared
// with the reference kernels of @anytime/protocol, per filter and per channel; every filter must
// also visibly change the card. Real sharp, real /usr/bin/ffmpeg.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp, { type Sharp } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILTER_IDS, FILTERS, applyFilterRgba, type FilterId } from '@anytime/protocol';
import { channelStats, filterTestCard, meanAbsDiff } from '@anytime/protocol/testing';
import { applyImageFilter, videoFilterGraph } from './index.js';

const run = promisify(execFile);
const W = 320;
const H = 240;
const card = filterTestCard(W, H);

/**
 * Largest mean absolute difference per channel (0..255) allowed between a renderer and the
 * reference: each step may round differently by one level (sharp truncates recomb, ffmpeg's
 * colorchannelmixer rounds each term), and Gaussian blurs differ in kernel truncation and
 * edge handling; 2 levels is below what the eye sees on a photo, and a filter that is wrong
 * in any real way (a swapped channel, a sign, a missing step) is off by 10 or more.
 */
const MAX_MAD = 2;
/** Least mean difference from the unfiltered card for a filter to count as doing something. */
const MIN_CHANGE = 4;

let dir: string;
let cardPng: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'anytime-filters-'));
  cardPng = join(dir, 'card.png');
  await sharp(Buffer.from(card.buffer), { raw: { width: W, height: H, channels: 4 } })
    .png()
    .toFile(cardPng);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function reference(filter: FilterId): Uint8ClampedArray {
  const px = card.slice();
  applyFilterRgba(filter, px, W, H);
  return px;
}

async function rgba(image: Sharp): Promise<Uint8Array> {
  const { data, info } = await image.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  expect([info.width, info.height]).toEqual([W, H]);
  return data;
}

async function viaFfmpeg(filter: FilterId): Promise<Uint8Array> {
  const graph = videoFilterGraph(filter, { width: W, height: H });
  if (!graph) return rgba(sharp(cardPng));
  const out = join(dir, `${filter}.png`);
  await run('/usr/bin/ffmpeg', [
    '-v',
    'error',
    '-y',
    '-i',
    cardPng,
    '-vf',
    `${graph},format=rgb24`,
    '-frames:v',
    '1',
    out,
  ]);
  return rgba(sharp(await readFile(out)));
}

const fmt = (m: number[]) => m.map((v) => v.toFixed(2)).join('/');

describe('server filter renderers match the data model', () => {
  const measured: string[] = [];
  afterAll(async () => {
    // The numbers docs/media-effects.md quotes.
    await writeFile(join(tmpdir(), 'anytime-filter-parity-server.txt'), measured.join('\n'));
  });

  for (const id of FILTER_IDS) {
    it(`${id}: sharp and ffmpeg within ${MAX_MAD} levels of the reference`, async () => {
      const ref = reference(id);
      const bySharp = await rgba(await applyImageFilter(sharp(cardPng), id, { width: W, height: H }));
      const byFfmpeg = await viaFfmpeg(id);
      const sharpMad = meanAbsDiff(bySharp, ref);
      const ffmpegMad = meanAbsDiff(byFfmpeg, ref);
      const change = meanAbsDiff(ref, card);
      measured.push(`${id}\tsharp ${fmt(sharpMad)}\tffmpeg ${fmt(ffmpegMad)}\tchange ${fmt(change)}`);
      for (const m of [...sharpMad, ...ffmpegMad]) expect(m).toBeLessThan(MAX_MAD);
      if (id === 'none') expect(Math.max(...change)).toBe(0);
      else {
        expect(Math.max(...change)).toBeGreaterThan(MIN_CHANGE);
        for (const out of [bySharp, byFfmpeg]) expect(Math.max(...meanAbsDiff(out, card))).toBeGreaterThan(MIN_CHANGE);
      }
      if (FILTERS[id].steps.some((s) => s.op === 'grain')) {
        // Grain: the noise itself is exact, so the spread matches too.
        const a = channelStats(bySharp).sd;
        const b = channelStats(byFfmpeg).sd;
        const r = channelStats(ref).sd;
        for (let c = 0; c < 3; c++) {
          expect(Math.abs(a[c]! - r[c]!)).toBeLessThan(1);
          expect(Math.abs(b[c]! - r[c]!)).toBeLessThan(1);
        }
      }
    });
  }

  it('keeps the alpha channel of a photo that has one, and adds none to one that has not', async () => {
    const translucent = await sharp(cardPng).removeAlpha().ensureAlpha(0.5).png().toBuffer();
    const withAlpha = await applyImageFilter(sharp(translucent), 'sepia', { width: W, height: H });
    const a = await withAlpha.raw().toBuffer({ resolveWithObject: true });
    expect(a.info.channels).toBe(4);
    const alphaIn = (await sharp(translucent).raw().toBuffer())[3];
    expect(alphaIn).toBeLessThan(255);
    expect(a.data[3]).toBe(alphaIn);
    const jpeg = await sharp(cardPng).jpeg().toBuffer();
    const noAlpha = await applyImageFilter(sharp(jpeg), 'warm', { width: W, height: H });
    expect((await noAlpha.raw().toBuffer({ resolveWithObject: true })).info.channels).toBe(3);
  });

  it('uses the decoded pixels: a rotated photo gets the filter at its displayed size', async () => {
    const jpeg = await sharp(cardPng).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const out = await applyImageFilter(sharp(jpeg).rotate(), 'pixelate', { width: W, height: H });
    const { info } = await out.raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([H, W]);
    await expect(applyImageFilter(sharp(cardPng), 'mono', { width: 0, height: 10 })).rejects.toThrow(
      /invalid image size/,
    );
  });

  it("has no graph for 'none' and one chain for the others", () => {
    expect(videoFilterGraph('none', { width: W, height: H })).toBeNull();
    for (const id of FILTER_IDS.filter((f) => f !== 'none')) {
      expect(videoFilterGraph(id, { width: 1280, height: 720 })).toMatch(/^format=gbrp,/);
    }
  });
});
