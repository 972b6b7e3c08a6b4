// 1:1 calls in Debian's Chromium with fake microphone and camera, through the real server: every
// device of the callee rings and answering on one stops the other; audio and video bytes arrive
// on both sides; mute shows on the other side; a screen share arrives; hanging up leaves
// "Video call · m:ss" in both timelines.
import { describe, expect, it } from 'vitest';
import { strings } from '../src/strings.js';
import { openChat, PASSWORD, startDirectChat } from './app-page.js';
import { SHOTS_DIR } from './app-server.js';
import { setUpBrowserWorld } from './browser-world.js';
import {
  answer,
  callLine,
  caller,
  callScreen,
  FAKE_MEDIA_ARGS,
  expectMediaFlowing,
  expectVideoStreams,
  incomingDialog,
  inboundStats,
  pressControl,
  spyOnPeerConnections,
  startCall,
} from './calls-page.js';

const world = setUpBrowserWorld(FAKE_MEDIA_ARGS);

describe('1:1 calls in the browser', () => {
  it('rings every device of the callee, connects audio and video both ways, mutes, shares the screen, ends with the length in the chat', async () => {
    const ann = await caller(world, 'ann');
    const bob = await caller(world, 'bob', [390, 844]);
    // Bob's second device: the same account signed in in another browser.
    const bob2 = await world.person(1280, 800);
    await spyOnPeerConnections(bob2);
    await bob2.goto(world.server.url);
    await bob2.getByLabel(strings.auth.username).fill(bob.username);
    await bob2.getByLabel(strings.auth.password).fill(PASSWORD);
    await bob2.getByRole('button', { name: strings.auth.signInButton }).click();
    await bob2.getByRole('heading', { name: strings.conversations.heading }).waitFor();

    await startDirectChat(ann.page, bob.username);
    await startCall(ann.page, bob.name, 'video');
    await callScreen(ann.page).getByText(strings.calls.ringing).waitFor();
    await incomingDialog(bob.page).waitFor({ timeout: 20_000 });
    await incomingDialog(bob2).waitFor({ timeout: 20_000 });
    await incomingDialog(bob.page).getByRole('heading', { name: ann.name }).waitFor();
    await bob.page.screenshot({ path: `${SHOTS_DIR}/call-incoming-390.png` });

    await answer(bob.page, 'video');
    // Answered on one device: the other stops ringing.
    await incomingDialog(bob2).waitFor({ state: 'detached', timeout: 15_000 });
    await ann.page.locator('section.call-screen[data-phase="active"]').waitFor({ timeout: 15_000 });

    const annIn = await expectMediaFlowing(ann.page);
    const bobIn = await expectMediaFlowing(bob.page);
    expect(annIn.candidateTypes.length).toBeGreaterThan(0);
    expect(bobIn.candidateTypes.length).toBeGreaterThan(0);
    expect((await inboundStats(bob2)).videoBytes).toBe(0);
    // Bob sees Ann's video playing in the big tile.
    await bob.page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLVideoElement>('.call-stage > .call-tile video')].some((v) => v.videoWidth > 0),
    );
    await ann.page.screenshot({ path: `${SHOTS_DIR}/call-1to1-1280.png` });
    await bob.page.screenshot({ path: `${SHOTS_DIR}/call-1to1-390.png` });

    // Mute shows on the other side.
    await pressControl(ann.page, strings.calls.mute);
    await bob.page.locator('.call-tile[data-muted]:not(:has(video.mirrored))').waitFor({ timeout: 15_000 });
    await pressControl(ann.page, strings.calls.unmute);
    await bob.page
      .locator('.call-tile[data-muted]:not(:has(video.mirrored))')
      .waitFor({ state: 'detached', timeout: 15_000 });

    // The quality panel reads the connection (a direct host path on one machine).
    await pressControl(bob.page, strings.calls.quality);
    await bob.page
      .locator('.call-quality [data-stat="path"] dd')
      .filter({ hasText: strings.calls.stats.candidate('host') })
      .waitFor({ timeout: 15_000 });

    // Back to the chats during the call: a bar shows the call (media keeps flowing) and returns to it.
    await bob.page.getByRole('button', { name: strings.calls.minimise }).click();
    await bob.page.getByRole('region', { name: strings.calls.inCallWith(ann.name) }).waitFor();
    await expect(callScreen(bob.page).isVisible()).resolves.toBe(false);
    await expectMediaFlowing(bob.page);
    await bob.page.getByRole('button', { name: new RegExp(strings.calls.returnToCall) }).click();
    await callScreen(bob.page).waitFor({ state: 'visible' });

    // A screen share arrives as its own tile with a second video stream.
    const before = Object.keys((await inboundStats(bob.page)).videos).length;
    await pressControl(ann.page, strings.calls.shareScreen);
    await bob.page.locator('.call-tile[data-screen]').waitFor({ timeout: 20_000 });
    await expectVideoStreams(bob.page, Math.max(2, before + 1));
    await bob.page.screenshot({ path: `${SHOTS_DIR}/call-screen-share-390.png` });
    await pressControl(ann.page, strings.calls.stopSharing);
    await bob.page.locator('.call-tile[data-screen]').waitFor({ state: 'detached', timeout: 20_000 });

    await pressControl(ann.page, strings.calls.hangup);
    await callScreen(bob.page).waitFor({ state: 'detached', timeout: 15_000 });
    await expect(callLine(ann.page).textContent({ timeout: 15_000 })).resolves.toMatch(/Video call · \d+:\d\d/);
    await openChat(bob.page, ann.name);
    await expect(callLine(bob.page).textContent({ timeout: 15_000 })).resolves.toMatch(/Video call · \d+:\d\d/);
  });
});
