// Issue 6 end to end, in Debian's Chromium with a fake camera (the synthetic face of
// assets/face.mjpeg) and a fake microphone: one person takes a photo with the camera, applies a
// mask and a filter, tags a friend and sends it; the friend sees the photo really loaded and is
// mentioned (the chat list's @ badge, the tag on the photo). And a voice note recorded by one is
// played by the other at 2×. The media screens get an axe scan.
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { strings } from '../src/strings.js';
import { SHOTS_DIR } from './app-server.js';
import { actionMenu, axeFindings, openActions } from './actions-page.js';
import { history, openChat } from './app-page.js';
import { setUpBrowserWorld } from './browser-world.js';
import { FAKE_FACE_CAMERA_ARGS } from './masks/fake-camera.js';
import { waitForServiceWorker } from './pwa-page.js';
import { CAMERA_PHOTO_NAME } from '../src/media/compose/use-composer-media.js';
import { editPhoto, loadedPhoto, meanColour, recordVoiceNote, tagInTray, takeCameraPhoto } from './media-page.js';

const world = setUpBrowserWorld(FAKE_FACE_CAMERA_ARGS);
const media = { permissions: ['camera', 'microphone'] };

describe('media in the browser', () => {
  it('a camera photo with a mask and a filter, tagged with the friend, who sees it loaded and is mentioned', async () => {
    const { ann, bob, a, b } = await world.directChat([1280, 800], media);

    await takeCameraPhoto(ann, strings.masks.names['glasses']!);
    // The photo taken goes straight to the editor: a filter and a sticker.
    await editPhoto(ann, strings.photoEditor.filterNames.sepia, '⭐');
    await tagInTray(ann, CAMERA_PHOTO_NAME, b.toUpperCase());
    await ann.getByRole('textbox', { name: strings.chat.composerLabel, exact: true }).fill('Look at us');
    await ann.getByRole('button', { name: strings.chat.send }).click();
    await ann.screenshot({ path: `${SHOTS_DIR}/photo-sending-1280.png` });

    // Bob is told he was mentioned before opening the chat.
    const list = bob.getByRole('navigation', { name: strings.conversations.listLabel });
    await list.getByLabel(strings.chatList.mentions(1)).waitFor({ timeout: 30_000 });
    await openChat(bob, a.toUpperCase());
    const img = await loadedPhoto(bob);
    expect(await img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBeGreaterThan(0);
    await history(bob).getByText('Look at us').waitFor();
    // Sepia on the face's blue-grey background: red clearly above blue (without it, blue wins).
    const colour = await meanColour(img);
    expect(colour.r).toBeGreaterThan(colour.b + 15);
    expect(await history(bob).locator('.tagged-line .mention-me').textContent()).toBe(strings.chat.you);

    const findings = await axeFindings(bob, 'message with a photo', '.messages .message');

    // Text messages can be read aloud (speech synthesis), from their actions.
    await openActions(bob, 'Look at us');
    await actionMenu(bob).getByRole('menuitem', { name: strings.media.readAloud }).click();
    await actionMenu(bob).waitFor({ state: 'detached' });

    // The viewer shows where he is tagged, and lets him remove the tag.
    await history(bob)
      .getByRole('button', { name: strings.media.openPhoto(1, 1) })
      .click();
    const viewer = bob.getByRole('dialog', { name: strings.media.viewer });
    await viewer.getByRole('button', { name: strings.media.showTags }).click();
    await viewer.locator('.tag-box .tag-label', { hasText: strings.chat.you }).waitFor();
    await viewer.getByRole('button', { name: strings.media.tagRemove(strings.chat.you) }).waitFor();
    const full = viewer.locator('.photo-image img');
    await bob.waitForFunction(
      (el) => el instanceof HTMLImageElement && el.naturalWidth > 0,
      await full.elementHandle(),
    );
    await bob.screenshot({ path: `${SHOTS_DIR}/photo-viewer-1280.png` });
    findings.push(...(await axeFindings(bob, 'photo viewer', '[role="dialog"]')));
    expect(findings).toEqual([]);
    await viewer.getByRole('button', { name: strings.actions.close }).click();

    // The contact's info lists the photo in its gallery; opening it shows the message.
    await bob.getByRole('button', { name: strings.panel.info }).click();
    const gallery = bob.getByRole('region', { name: strings.media.gallery });
    await gallery.getByRole('button', { name: `${strings.media.photo} · ${strings.media.openInChat}` }).click();
    await history(bob).locator('.message.highlighted .attachments').waitFor();
  });

  it('masks work offline: the face model and its wasm come from the service worker cache', async () => {
    const { ann, b } = await world.directChat([1280, 800], media);
    // One online visit installs the service worker, which precaches the build (models included).
    await waitForServiceWorker(ann);

    await ann.context().setOffline(true);
    const failed: string[] = [];
    ann.on('requestfailed', (r) => {
      if (r.url().includes('/assets/')) failed.push(r.url());
    });
    await ann.reload();
    await openChat(ann, b.toUpperCase());
    // takeCameraPhoto waits until the tracker has loaded: its status line ("Loading masks…", or
    // "Masks could not be loaded" if a model or wasm file could not be fetched) must go away.
    await takeCameraPhoto(ann, strings.masks.names['glasses']!);
    await ann.getByRole('dialog', { name: strings.photoEditor.dialog }).waitFor({ timeout: 20_000 });
    expect(failed).toEqual([]);
  });

  it('a voice note recorded by one is played by the other at 2×', async () => {
    const { ann, bob, a } = await world.directChat([1280, 800], media);
    await recordVoiceNote(ann, 2_500);

    await openChat(bob, a.toUpperCase());
    const player = history(bob).locator('.voice-player').first();
    await player.waitFor({ timeout: 30_000 });
    // The server measured it and drew its waveform.
    const slider = player.getByRole('slider', { name: strings.media.waveform });
    expect(Number(await slider.getAttribute('aria-valuemax'))).toBeGreaterThanOrEqual(2);
    await player.getByRole('button', { name: strings.media.speed(1) }).click();
    await player.getByRole('button', { name: strings.media.speed(1.5) }).click();
    await player.getByRole('button', { name: strings.media.speed(2) }).waitFor();
    await player.getByRole('button', { name: strings.media.play }).click();
    await player.getByRole('button', { name: strings.media.pause }).waitFor({ timeout: 10_000 });
    const audio = player.locator('audio');
    await bob.waitForFunction(
      (el) => el instanceof HTMLAudioElement && el.currentTime > 0.3,
      await audio.elementHandle(),
      {
        timeout: 10_000,
      },
    );
    const state = await audio.evaluate((el: HTMLAudioElement) => ({ rate: el.playbackRate, paused: el.paused }));
    expect(state).toEqual({ rate: 2, paused: false });
    // The played part of the waveform follows.
    await player.locator('.bar.played').first().waitFor({ timeout: 5_000 });
    await bob.screenshot({ path: `${SHOTS_DIR}/voice-note-1280.png` });
    expect(await axeFindings(bob, 'voice note', '.messages .message')).toEqual([]);
  });

  it('a video with a filter chosen before sending plays for the friend, filtered by the server', async () => {
    // A one-second test pattern in colour (WebM, as a browser would record it), made with ffmpeg.
    const dir = await mkdtemp(join(tmpdir(), 'anytime-video-'));
    const clip = join(dir, 'clip.webm');
    await promisify(execFile)('/usr/bin/ffmpeg', [
      ...['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=15'],
      ...['-t', '1', '-c:v', 'libvpx', '-b:v', '300k', '-y', clip],
    ]);
    const { ann, bob, a } = await world.directChat([1280, 800], media);

    await ann.locator('input[type="file"]').setInputFiles(clip);
    const tray = ann.getByRole('list', { name: strings.media.attachments });
    await tray.getByRole('button', { name: strings.media.edit('clip.webm') }).click();
    const picker = ann.getByRole('dialog', { name: strings.photoEditor.videoDialog });
    await picker.getByRole('button', { name: strings.photoEditor.filterNames.mono }).click();
    await picker.getByRole('button', { name: strings.photoEditor.done }).click();
    await tray.getByText(strings.photoEditor.filterNames.mono).waitFor();
    await ann.getByRole('button', { name: strings.chat.send }).click();

    await openChat(bob, a.toUpperCase());
    const play = history(bob).getByRole('button', { name: strings.media.playVideo });
    await play.waitFor({ timeout: 60_000 });
    // The poster (from the filtered video) is grey: no colour left in the test pattern.
    const poster = play.locator('img');
    await bob.waitForFunction(
      (el) => el instanceof HTMLImageElement && el.naturalWidth > 0,
      await poster.elementHandle(),
      {
        timeout: 20_000,
      },
    );
    // (The unfiltered pattern's pixels differ by about 180 between channels on average.)
    expect((await meanColour(poster)).chroma).toBeLessThan(10);
    await play.click();
    const video = history(bob).locator('video');
    await bob.waitForFunction(
      (el) => el instanceof HTMLVideoElement && el.readyState >= 2 && el.videoWidth > 0,
      await video.elementHandle(),
      {
        timeout: 20_000,
      },
    );
    expect(await video.getAttribute('controls')).not.toBeNull();
  });
});
