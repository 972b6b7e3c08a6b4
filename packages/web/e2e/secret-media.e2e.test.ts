// Media in a secret chat, end to end in Debian's Chromium: Ann attaches a photo and a file and
// records a voice note in a secret (MLS) chat; her browser encrypts each with its own key and
// uploads only ciphertext. Bob's browser fetches, checks and decrypts them: the photo shows at
// its real size from a local blob: URL, the file downloads from one, the voice note plays. A
// video shows the poster Ann's browser made and plays.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { strings } from '../src/strings.js';
import { SHOTS_DIR } from './app-server.js';
import { expectInHistory, history, openChat } from './app-page.js';
import { setUpBrowserWorld } from './browser-world.js';
import { FAKE_FACE_CAMERA_ARGS } from './masks/fake-camera.js';
import { loadedPhoto, recordVoiceNote } from './media-page.js';
import { startSecretChat, twoWithKeys } from './secret-page.js';

const world = setUpBrowserWorld(FAKE_FACE_CAMERA_ARGS);
const PHOTO = fileURLToPath(new URL('./assets/face.jpg', import.meta.url));

describe('media in secret chats in the browser', () => {
  it('a photo, a file and a voice note sent encrypted are shown, downloadable and played for the other person', async () => {
    const { ann, bob, a, b } = await twoWithKeys(world, [1280, 800], { permissions: ['microphone'] });
    await startSecretChat(ann, b);

    await ann.locator('.secret-composer input[type=file]').setInputFiles([
      { name: 'view.jpg', mimeType: 'image/jpeg', buffer: await readFile(PHOTO) },
      { name: 'plan.txt', mimeType: 'text/plain', buffer: Buffer.from('meet at the old mill') },
    ]);
    await ann.getByRole('list', { name: strings.secret.attachedFiles }).getByText('plan.txt').waitFor();
    await ann.getByRole('textbox', { name: strings.chat.composerLabel, exact: true }).fill('our view');
    await ann.getByRole('button', { name: strings.chat.send }).click();
    await expectInHistory(ann, 'our view', 30_000);
    await recordVoiceNote(ann, 2_000);

    await openChat(bob, a.toUpperCase());
    await expectInHistory(bob, 'our view', 30_000);
    const img = await loadedPhoto(bob);
    const shown = await img.evaluate((el: HTMLImageElement) => ({
      src: el.src.slice(0, 5),
      w: el.naturalWidth,
      h: el.naturalHeight,
    }));
    expect(shown).toEqual({ src: 'blob:', w: 640, h: 480 });

    // The file: a download link to the decrypted bytes.
    const link = history(bob).getByRole('link', { name: strings.media.download('plan.txt') });
    await bob.waitForFunction((el) => (el as HTMLAnchorElement).href.startsWith('blob:'), await link.elementHandle(), {
      timeout: 30_000,
    });
    const text = await link.evaluate(async (el: HTMLAnchorElement) => (await fetch(el.href)).text());
    expect(text).toBe('meet at the old mill');

    // The voice note: Ann's browser measured it; Bob's plays the decrypted audio.
    const player = history(bob).locator('.voice-player').first();
    await player.waitFor({ timeout: 30_000 });
    await player.getByRole('button', { name: strings.media.play }).click();
    const audio = player.locator('audio');
    await bob.waitForFunction(
      (el) => el instanceof HTMLAudioElement && el.currentTime > 0.3,
      await audio.elementHandle(),
      {
        timeout: 20_000,
      },
    );
    expect(await history(bob).getByText(strings.secret.encryptedFallback).count()).toBe(0);
    await bob.screenshot({ path: `${SHOTS_DIR}/secret-media-1280.png` });

    // The server holds three opaque blobs and made no media item of any of them.
    const db = world.server.server.ctx.storage.read;
    const blobs = await db.selectFrom('mls_blobs').selectAll().execute();
    expect(blobs.length).toBe(3);
    const media = await db.selectFrom('media').select('id').execute();
    expect(media).toEqual([]);
    const res = await fetch(
      `${world.server.url}/v1/conversations/${blobs[0]!.conversation_id}/mls/blobs/${blobs[0]!.id}`,
    );
    expect(res.status).toBe(401);
  });

  it('a video sent encrypted shows the sender’s poster and plays for the other person', async () => {
    // A one-second test pattern (WebM), made with ffmpeg.
    const dir = await mkdtemp(join(tmpdir(), 'anytime-secret-video-'));
    const clip = join(dir, 'clip.webm');
    await promisify(execFile)('/usr/bin/ffmpeg', [
      ...['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=15'],
      ...['-t', '1', '-c:v', 'libvpx', '-b:v', '300k', '-y', clip],
    ]);
    const { ann, bob, a, b } = await twoWithKeys(world, [1280, 800]);
    await startSecretChat(ann, b);
    await ann.locator('.secret-composer input[type=file]').setInputFiles(clip);
    await ann.getByRole('list', { name: strings.secret.attachedFiles }).getByText('clip.webm').waitFor();
    await ann.getByRole('button', { name: strings.chat.send }).click();
    await ann.getByRole('list', { name: strings.secret.attachedFiles }).waitFor({ state: 'detached', timeout: 30_000 });

    await openChat(bob, a.toUpperCase());
    const play = history(bob).getByRole('button', { name: strings.media.playVideo });
    await play.waitFor({ timeout: 30_000 });
    // The poster is the thumbnail Ann's browser made, carried inside the encrypted message.
    const poster = play.locator('img');
    await bob.waitForFunction(
      (el) => el instanceof HTMLImageElement && el.complete && el.naturalWidth > 0,
      await poster.elementHandle(),
      { timeout: 20_000 },
    );
    expect((await poster.getAttribute('src'))?.startsWith('data:image/jpeg')).toBe(true);
    expect(await history(bob).locator('.duration-badge').textContent()).toMatch(/^0:0[01]$/);
    await play.click();
    const video = history(bob).locator('video');
    await bob.waitForFunction(
      (el) => el instanceof HTMLVideoElement && el.currentTime > 0.2,
      await video.elementHandle(),
      {
        timeout: 20_000,
      },
    );
    expect((await video.getAttribute('src'))?.startsWith('blob:')).toBe(true);
  });
});
