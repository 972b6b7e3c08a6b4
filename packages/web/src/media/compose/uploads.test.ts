// @vitest-environment node
// Sends with attachments against the real server (its uploads and image pipeline), in Node (the
// SDK uploads Blobs with fetch, which reads Node's Blob, not jsdom's): a photo with a tag arrives
// as a message whose media carries the tag; a file over the server's size limit fails with the
// catalog's sentence, Try again fails the same way, Dismiss forgets it, and nothing is sent.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conversation } from '@anytime/protocol';
import { latest, person, startTestServer, until, type Person } from '../../chat/actions/test-world.js';
import type { ChildServer } from '../../test-support/test-server.js';
import { strings } from '../../strings.js';
import { toAttachment } from './attachment.js';
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
  chat = (await ann.client.api('createConversation', { body: { kind: 'direct', memberIds: [bo.id] } })).conversation;
  png = new Uint8Array(
    await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 40, b: 40 } } })
      .png()
      .toBuffer(),
  );
}, 60_000);
afterAll(async () => {
  await ann?.client.close();
  await bo?.client.close();
  await server?.close();
}, 30_000);

describe('sending attachments', { timeout: 30_000 }, () => {
  it('uploads a photo, then sends it with its caption and tag', async () => {
    const photo = toAttachment(new Blob([png], { type: 'image/png' }), 'red.png');
    photo.tags = [{ userId: bo.id, x: 0.25, y: 0.25, w: 0.5, h: 0.5 }];
    const store = uploadStore(ann.client);
    const stages = new Set<string>();
    const off = store.subscribe(() => {
      for (const j of store.snapshot()) for (const p of Object.values(j.progress)) stages.add(p.stage);
    });
    store.start({ conversationId: chat.id, text: 'red', entities: [], replyToId: null, attachments: [photo] });
    expect(store.snapshot().map((j) => j.status)).toEqual(['uploading']);
    const m = await until(async () => {
      const last = await latest(bo, chat.id);
      return last?.text === 'red' ? last : undefined;
    }, 20_000);
    off();
    expect(store.snapshot()).toHaveLength(0);
    expect(stages.has('uploading')).toBe(true);
    expect(m.media).toHaveLength(1);
    expect(m.media[0]).toMatchObject({ kind: 'image', width: 64, height: 48, fileName: 'red.png' });
    expect(m.media[0]!.tags.map((t) => [t.userId, t.x, t.y, t.w, t.h])).toEqual([[bo.id, 0.25, 0.25, 0.5, 0.5]]);
    // Bo was tagged: a mention for him.
    await until(() => (bo.client.state.conversationStates[chat.id]?.unreadMentions ?? 0) > 0 || undefined);
  });

  it('a file over the size limit fails with the reason; retry fails again; dismiss forgets it; nothing is sent', async () => {
    const before = await latest(bo, chat.id);
    const store = uploadStore(ann.client);
    const big = toAttachment(new Blob([new Uint8Array(300_000)], { type: 'application/octet-stream' }), 'big.bin');
    const id = store.start({ conversationId: chat.id, text: 'big', entities: [], replyToId: null, attachments: [big] });
    const failed = await until(() => store.snapshot().find((j) => j.id === id && j.status === 'failed'));
    expect(failed.error).toBe(strings.errors.media_too_large);
    store.retry(id);
    expect(store.snapshot().find((j) => j.id === id)?.status).toBe('uploading');
    await until(() => store.snapshot().find((j) => j.id === id && j.status === 'failed'));
    store.cancel(id);
    expect(store.snapshot()).toHaveLength(0);
    expect((await latest(bo, chat.id))?.id).toBe(before?.id);
  });
});
