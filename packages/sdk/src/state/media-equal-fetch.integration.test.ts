// DESIGN invariant 4 for media in messages: a message carrying photos and a video, photo tags
// given with the send, added and removed after it, a delete for everyone of a tagged photo and a
// forward, received by a device over /v1/sync and the socket (across a killed socket), fold into
// the same state as a fresh fetch, unread mentions from tags included.
import type { Message } from '@anytime/protocol';
import { startTestServer, type TestServer } from '@anytime/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../test-support/harness.js';
import { buildWorld } from '../test-support/world.js';
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
/** A processed media item of the user, as the upload pipeline stores it. */
async function storedMedia(uploaderId: string, kind: 'image' | 'video'): Promise<string> {
  const id = `sdkmd${Date.now().toString(36)}${(n += 1)}`;
  const type = kind === 'image' ? 'image/jpeg' : 'video/mp4';
  const variant = { hash: 'h'.repeat(64), contentType: type, size: 10 };
  await server.server.ctx.storage.write((tx) =>
    tx.db
      .insertInto('media')
      .values({
        id,
        uploader_id: uploaderId,
        kind,
        status: 'ready',
        content_type: type,
        size: 10,
        file_name: null,
        width: 4,
        height: 3,
        duration_ms: kind === 'video' ? 1000 : null,
        placeholder: null,
        waveform: null,
        filter: null,
        variants: JSON.stringify(kind === 'image' ? { original: variant } : { original: variant, poster: variant }),
        source_hash: id,
        error: null,
        created_at: new Date().toISOString(),
      })
      .execute(),
  );
  return id;
}

const REGION = { x: 0.25, y: 0.25, w: 0.5, h: 0.5 };

describe('media in messages: events equal a fresh fetch', () => {
  it('applyEvent over everything a device received equals loadState', async () => {
    const world = await buildWorld(server.url, [2, 1, 1]);
    try {
      const [a0, a1, b0, c0] = world.devices;
      const watched = a1!; // user 0's second device
      const [direct, group] = world.conversations;
      const [ua, ub, uc] = world.users;
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
      const photo = await storedMedia(ub!.id, 'image');
      const video = await storedMedia(ub!.id, 'video');
      const album = await sendMedia(b0, group!.id, [photo, video], [{ mediaId: photo, userId: ua!.id, ...REGION }]);
      expect(album.media.map((m) => m.kind)).toEqual(['image', 'video']);

      await watched.client.connect();
      await watched.client.whenSynced();
      expect(watched.client.state.conversationStates[group!.id]!.unreadMentions).toBe(1);
      // Live, over the socket: a tag added after the send, and one removed by the person tagged.
      const withCarol = await b0!.client.api('addPhotoTag', {
        params: { id: album.id },
        body: { mediaId: photo, userId: uc!.id, ...REGION },
      });
      const mine = withCarol.message.media[0]!.tags.find((t) => t.userId === ua!.id)!;
      await a0!.client.api('removePhotoTag', { params: { id: album.id, tagId: mine.id } });
      // Over the outbox and the socket's send frame: a photo tagging user 0, then deleted for everyone.
      const second = await storedMedia(ub!.id, 'image');
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
      const tagged = await storedMedia(ub!.id, 'image');
      await sendMedia(b0, direct!.id, [tagged], [{ mediaId: tagged, userId: ua!.id, ...REGION }]);
      await b0!.client.api('sendMessage', {
        params: { id: group!.id },
        body: { clientId: crypto.randomUUID(), text: 'last' },
      });

      const fresh = await loadState(watched.client.call);
      await until(
        () => watched.events.some((e) => e.type === 'message.created' && e.message.text === 'last'),
        5000,
        'last event',
      );
      const folded = applyEvents(emptyState(), watched.events);
      expect(folded).toEqual(fresh);
      expect(watched.client.state).toEqual(fresh);

      const byId = (conv: string, id: string) => fresh.messages[conv]!.find((m: Message) => m.id === id)!;
      expect(byId(group!.id, album.id).media[0]!.tags.map((t) => t.userId)).toEqual([uc!.id]);
      expect(byId(group!.id, album.id).media[1]).toMatchObject({ id: video, kind: 'video', tags: [] });
      expect(byId(group!.id, doomed.id)).toMatchObject({ media: [], mediaIds: [] });
      expect(byId(direct!.id, fw.message.id).media.map((m) => [m.id, m.tags])).toEqual([
        [photo, []],
        [video, []],
      ]);
      // The tag mention was removed and the tagged photo deleted: no unread mention in the group;
      // the direct chat's tagged photo is one.
      expect(fresh.conversationStates[group!.id]!.unreadMentions).toBe(0);
      expect(fresh.conversationStates[direct!.id]!.unreadMentions).toBe(1);
    } finally {
      await world.close();
    }
  });
});
