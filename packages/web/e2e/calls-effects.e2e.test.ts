// Effects on the outgoing call video, in Chromium with the fake camera playing a face: a mask
// picked from the effects menu changes the picture the other person receives (the face region
// of the remote video), and taking it off brings the face back; a live filter (mono) takes the
// colour out of the remote picture.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { strings } from '../src/strings.js';
import { startDirectChat } from './app-page.js';
import { SHOTS_DIR } from './app-server.js';
import { setUpBrowserWorld } from './browser-world.js';
import { answer, caller, expectMediaFlowing, pressControl, startCall } from './calls-page.js';
import { FAKE_FACE_CAMERA_ARGS } from './masks/fake-camera.js';

const world = setUpBrowserWorld([...FAKE_FACE_CAMERA_ARGS, '--autoplay-policy=no-user-gesture-required']);

/** Mean RGB of the face area (in 640x480 units of the fake camera's face) of the remote video. */
function faceColour(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const video = [...document.querySelectorAll<HTMLVideoElement>('.call-stage > .call-tile video')].find(
      (v) => v.videoWidth > 0,
    );
    if (!video) return [];
    const canvas = document.createElement('canvas');
    canvas.width = 640;
    canvas.height = 480;
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    ctx.drawImage(video, 0, 0, 640, 480);
    const { data } = ctx.getImageData(240, 200, 160, 150);
    const sum = [0, 0, 0];
    for (let i = 0; i < data.length; i += 4) for (let c = 0; c < 3; c++) sum[c]! += data[i + c]!;
    return sum.map((v) => v / (data.length / 4));
  });
}

const distance = (a: number[], b: number[]) => Math.hypot(...a.map((v, i) => v - (b[i] ?? 0)));

async function waitForColour(page: Page, test: (c: number[]) => boolean, timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const c = await faceColour(page);
    if (c.length === 3 && test(c)) return c;
    if (Date.now() > deadline) throw new Error(`face colour never matched, last ${JSON.stringify(c)}`);
    await page.waitForTimeout(500);
  }
}

describe('effects in a call', () => {
  it('a mask on the outgoing video changes what the other side sees', async () => {
    const ann = await caller(world, 'ann');
    const bob = await caller(world, 'bob');
    await startDirectChat(ann.page, bob.username);
    await startCall(ann.page, bob.name, 'video');
    await answer(bob.page, 'video');
    await expectMediaFlowing(bob.page);
    const plain = await waitForColour(bob.page, () => true, 20_000);
    // The plain picture is steady (the fake camera loops one face).
    await bob.page.waitForTimeout(1000);
    expect(distance(await faceColour(bob.page), plain)).toBeLessThan(15);

    await pressControl(ann.page, strings.calls.effects);
    await ann.page.getByLabel(strings.calls.mask).selectOption('full-face');
    // The face model loads on first use (a few seconds on a busy machine).
    const masked = await waitForColour(bob.page, (c) => distance(c, plain) > 25, 90_000);
    await bob.page.screenshot({ path: `${SHOTS_DIR}/call-mask-remote.png` });
    await ann.page.getByLabel(strings.calls.mask).selectOption('');
    await waitForColour(bob.page, (c) => distance(c, plain) < 15 && distance(c, masked) > 20, 30_000);

    // A live filter: mono takes the colour out of what Bob receives.
    const spread = (c: number[]) => Math.max(...c) - Math.min(...c);
    expect(spread(plain)).toBeGreaterThan(12);
    await ann.page.getByLabel(strings.calls.filter).selectOption('mono');
    await waitForColour(bob.page, (c) => spread(c) < 6, 30_000);
  }, 180_000);
});
