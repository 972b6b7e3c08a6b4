// Media in a secret chat, end to end in Debian's Chromium: Ann attaches a photo and a file and
// records a voice note in a secret (MLS) chat; her browser encrypts each with its own key and
// uploads only ciphertext. Bob's browser fetches, checks and decrypts them: the photo shows at
// its real size from a local blob: URL, the file downloads from one, the voice note plays.
import { readFile } from 'node:fs/promises';
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
});
