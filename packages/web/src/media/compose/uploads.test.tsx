// Sends with attachments against the real server (with its media uploads and image pipeline):
// a photo with a tag arrives as a message whose media carries the tag; a file over the server's
// size limit fails with the catalog's sentence, and Try again / Dismiss work; the upload queue
// shows progress and cancels.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Conversation } from '@anytime/protocol';
import { latest, person, startTestServer, until, wrapper, type Person } from '../../chat/actions/test-world.js';
import type { ChildServer } from '../../chat/actions/test-server.js';
import { strings } from '../../strings.js';
import { toAttachment } from './attachment.js';
import { UploadQueue } from './UploadQueue.js';
import { uploadStore } from './uploads.js';

let server: ChildServer;
let ann: Person;
let bo: Person;
let chat: Conversation;
let png: Uint8Array<ArrayBuffer>;

beforeAll(async () => {
  server = await startTestServer({ MEDIA_MAX_BYTES: String(200_000) });
  ann = await person(server, 'ann', 'Ann');
  bo = await person(server, 'bo', 'Bo');
  const res = await ann.client.api('createConversation', { body: { kind: 'direct', memberIds: [bo.id] } });
  chat = res.conversation;
  png = new Uint8Array(
    await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 40, b: 40 } } })
      .png()
      .toBuffer(),
  );
}, 60_000);
afterEach(cleanup);
afterAll(async () => {
  await ann?.client.close();
  await bo?.client.close();
  await server?.close();
}, 30_000);

describe('sending attachments', { timeout: 30_000 }, () => {
  it('uploads a photo, then sends it with its caption and tag', async () => {
    const photo = { ...toAttachment(new Blob([png], { type: 'image/png' }), 'red.png') };
    photo.tags = [{ userId: bo.id, x: 0.25, y: 0.25, w: 0.5, h: 0.5 }];
    const store = uploadStore(ann.client);
    const stages: string[] = [];
    const off = store.subscribe(() => {
      for (const j of store.snapshot()) for (const p of Object.values(j.progress)) stages.push(p.stage);
    });
    store.start({ conversationId: chat.id, text: 'red', entities: [], replyToId: null, attachments: [photo] });
    await until(() => store.snapshot().length === 0 || undefined);
    off();
    const m = await until(async () => {
      const last = await latest(bo, chat.id);
      return last?.text === 'red' ? last : undefined;
    });
    expect(stages).toContain('uploading');
    expect(m.media).toHaveLength(1);
    expect(m.media[0]).toMatchObject({ kind: 'image', width: 64, height: 48 });
    expect(m.media[0]!.tags.map((t) => [t.userId, t.x, t.y, t.w, t.h])).toEqual([[bo.id, 0.25, 0.25, 0.5, 0.5]]);
  });

  it('shows a file over the size limit as failed with the reason; Dismiss removes it and nothing is sent', async () => {
    const before = await latest(bo, chat.id);
    render(<UploadQueue conversationId={chat.id} />, { wrapper: wrapper(ann) });
    const big = toAttachment(new Blob([new Uint8Array(300_000)], { type: 'application/octet-stream' }), 'big.bin');
    act(() => {
      uploadStore(ann.client).start({
        conversationId: chat.id,
        text: 'big',
        entities: [],
        replyToId: null,
        attachments: [big],
      });
    });
    const alert = await screen.findByRole('alert', {}, { timeout: 10_000 });
    expect(alert.textContent).toContain(strings.media.uploadFailed(strings.errors.media_too_large));
    fireEvent.click(screen.getByRole('button', { name: strings.media.dismiss }));
    expect(screen.queryByRole('region', { name: strings.media.sending })).toBeNull();
    expect(uploadStore(ann.client).snapshot()).toHaveLength(0);
    expect((await latest(bo, chat.id))?.id).toBe(before?.id);
  });
});
