// DESIGN invariant 4 for media in messages: a message carrying a photo and a file (uploaded), photo tags
// given with the send, added and removed after it, a delete for everyone of a tagged photo and a
// forward, received by a device over /v1/sync and the socket (across a killed socket), fold into
// the same state as a fresh fetch, unread mentions from tags included.
import type { Message } from '@anytime/protocol';
import { startTestServer, type TestServer } from '@anytime/server';
import { isDeepStrictEqual } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../test-support/harness.js';
import { buildWorld, type WorldDevice } from '../test-support/world.js';
import { applyEvents } from './apply-event.js';
import { emptyState } from './client-state.js';
import { loadState } from './load-state.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

let n = 0;
/** Uploads a photo (a PNG, different each time) or a PDF with client.media; ready at once. */
async function uploaded(d: WorldDevice, kind: 'image' | 'file'): Promise<string> {
  n += 1;
  const bytes =
    kind === 'image'
      ? await sharp({ create: { width: 8, height: 6, channels: 3, background: { r: n * 20, g: 90, b: 160 } } })
          .png()
          .toBuffer()
      : Buffer.from(`%PDF-1.4\n% ${n}\n%%EOF\n`);
  const media = await d.client.media.upload(new Blob([new Uint8Array(bytes)]));
  expect(media).toMatchObject({ status: 'ready', kind });
  return media.id;
}

const REGION = { x: 0.25, y: 0.25, w: 0.5, h: 0.5 };

describe('media in messages: events equal a fresh fetch', () => {
  it('applyEvent over everything a device received equals loadState', async () => {
    const world = await buildWorld(server.url, [2, 1, 1]);
    try {
      const [a0, a1, b0, c0] = world.devices;
      const watched = a1!; // user 0's second device
      const [direct, group] = world.conversations;
      const [ua, , uc] = world.users;
      for (const d of [a0!, b0!, c0!]) await d.client.connect();
      const sendMedia = async (d: typeof b0, conv: string, mediaIds: string[], photoTags: unknown[] = []) =>
        (
          await d!.client.api('sendMessage', {
            params: { id: conv },
            body: { clientId: crypto.randomUUID(), text: '', mediaIds, photoTags: photoTags as never },
          })
        ).message;

      // Before the watched device connects: it gets these over HTTP sync (the user and their
      // settings too, which the fold needs to tell the user's mentions).
      await a0!.client.api('updateMe', { body: { about: 'media' } });
      await a0!.client.api('updateSettings', { body: { lastSeen: 'nobody' } });
      const photo = await uploaded(b0!, 'image');
      const file = await uploaded(b0!, 'file');
      const album = await sendMedia(b0, group!.id, [photo, file], [{ mediaId: photo, userId: ua!.id, ...REGION }]);
      expect(album.media.map((m) => m.kind)).toEqual(['image', 'file']);

      await watched.client.connect();
      await watched.client.whenSynced();
      expect(watched.client.state.conversationStates[group!.id]!.unreadMentions).toBe(1);
      // Live, over the socket: a tag added after the send, and one removed by the person tagged.
      const withCarol = await b0!.client.media.addTag(album.id, { mediaId: photo, userId: uc!.id, ...REGION });
      const mine = withCarol.media[0]!.tags.find((t) => t.userId === ua!.id)!;
      await a0!.client.media.removeTag(album.id, mine.id);
      // Over the outbox and the socket's send frame: a photo tagging user 0, then deleted for everyone.
      const second = await uploaded(b0!, 'image');
      await b0!.client.send(group!.id, 'look at you', {
        mediaIds: [second],
        photoTags: [{ mediaId: second, userId: ua!.id, ...REGION }],
      });
      await until(() => b0!.client.pending.length === 0, 5000, 'media send');
      const doomed = (await b0!.client.api('listMessages', { params: { id: group!.id }, query: {} })).messages.at(-1)!;
      expect(doomed.media[0]!.tags.map((t) => t.userId)).toEqual([ua!.id]);
      watched.kill();
      await b0!.client.api('deleteMessage', { params: { id: doomed.id } });
      // User 0 forwards the album to the direct chat: same media, no tags.
      const fw = await a0!.client.api('forwardMessage', {
        params: { id: album.id },
        body: { clientId: crypto.randomUUID(), conversationId: direct!.id },
      });
      const tagged = await uploaded(b0!, 'image');
      await sendMedia(b0, direct!.id, [tagged], [{ mediaId: tagged, userId: ua!.id, ...REGION }]);
      await b0!.client.api('sendMessage', {
        params: { id: group!.id },
        body: { clientId: crypto.randomUUID(), text: 'last' },
      });

      await until(
        () => watched.events.some((e) => e.type === 'message.created' && e.message.text === 'last'),
        5000,
        'last event',
      );
      // Receipts of other devices may still be on their way: fold and fetch until both settle
      // (a difference that never goes away fails below).
      let fresh = await loadState(watched.client.call);
      const settled = async () => {
        fresh = await loadState(watched.client.call);
        return isDeepStrictEqual(applyEvents(emptyState(), watched.events), fresh);
      };
      await until(settled, 5000, 'events to equal a fresh fetch').catch(() => undefined);
      const folded = applyEvents(emptyState(), watched.events);
      expect(folded).toEqual(fresh);
      expect(watched.client.state).toEqual(fresh);

      const byId = (conv: string, id: string) => fresh.messages[conv]!.find((m: Message) => m.id === id)!;
      expect(byId(group!.id, album.id).media[0]!.tags.map((t) => t.userId)).toEqual([uc!.id]);
      expect(byId(group!.id, album.id).media[1]).toMatchObject({ id: file, kind: 'file', tags: [] });
      expect(byId(group!.id, doomed.id)).toMatchObject({ media: [], mediaIds: [] });
      expect(byId(direct!.id, fw.message.id).media.map((m) => [m.id, m.tags])).toEqual([
        [photo, []],
        [file, []],
      ]);
      // The gallery (client.media.gallery) lists the album's photo; the deleted one is gone.
      const photos = await a0!.client.media.gallery(group!.id, { kind: 'photos' });
      expect(photos.items.map((i) => [i.messageId, i.media?.id])).toEqual([[album.id, photo]]);
      expect(photos.items[0]!.media).toEqual(byId(group!.id, album.id).media[0]);
      const files = await a0!.client.media.gallery(direct!.id, { kind: 'files', limit: 1 });
      expect(files.items.map((i) => i.media?.id)).toEqual([file]);
      // The tag mention was removed and the tagged photo deleted: no unread mention in the group;
      // the direct chat's tagged photo is one.
      expect(fresh.conversationStates[group!.id]!.unreadMentions).toBe(0);
      expect(fresh.conversationStates[direct!.id]!.unreadMentions).toBe(1);
    } finally {
      await world.close();
    }
  });
});
