// The gallery on a real database: each tab (photos, videos, files, voice, links) newest first,
// paged by whole messages with nextBeforeSeq, as the member sees the timeline (from joining,
// without hidden, deleted or expired messages); members only.
import type { GalleryResponse, Message } from '@anytime/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing.js';
import { api, group, registerUser, send, type TestUser } from '../../test-support/harness.js';
import { sendMedia, uploadedMedia } from '../../test-support/message-media.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.close());

const gallery = async (u: TestUser, c: string, query: string) =>
  api<GalleryResponse & { error?: { code: string } }>(s.url, 'GET', `/v1/conversations/${c}/media?${query}`, {
    token: u.token,
  });
async function sent(u: TestUser, c: string, kinds: ('image' | 'video' | 'voice' | 'file' | 'audio')[], text = '') {
  const ids = [];
  for (const kind of kinds) ids.push(await uploadedMedia(s, u, kind));
  const r = await sendMedia(s, u, c, { text, mediaIds: ids });
  expect(r.status).toBe(201);
  return r.body.message as Message;
}

describe('gallery', () => {
  it('lists each kind newest first, keeps messages whole across pages, and shows only what the member sees', async () => {
    const [owner, m1, late] = await Promise.all([registerUser(s.url), registerUser(s.url), registerUser(s.url)]);
    const g = await group(s.url, owner, [m1]);
    const first = await sent(owner, g, ['image', 'image']);
    const mixed = await sent(m1, g, ['video', 'image', 'file', 'voice', 'audio']);
    const hidden = await sent(owner, g, ['image']);
    const deleted = await sent(owner, g, ['image']);
    const last = await sent(m1, g, ['image', 'image', 'image']);
    await send(s.url, owner, g, 'no media here');
    expect((await api(s.url, 'POST', `/v1/messages/${hidden.id}/hide`, { token: m1.token })).status).toBe(204);
    expect((await api(s.url, 'DELETE', `/v1/messages/${deleted.id}`, { token: owner.token })).status).toBe(200);

    const all = await gallery(m1, g, 'kind=photos');
    expect(all.status).toBe(200);
    const photos = (m: Message) => m.media.filter((x) => x.kind === 'image').map((x) => [m.id, x.id]);
    expect(all.body.items.map((i) => [i.messageId, i.media!.id])).toEqual([
      ...photos(last),
      ...photos(mixed),
      ...photos(first),
    ]);
    expect(all.body.nextBeforeSeq).toBeNull();
    expect(all.body.items[0]).toEqual({
      messageId: last.id,
      seq: last.seq,
      senderId: m1.user.id,
      createdAt: last.createdAt,
      media: last.media[0],
      url: null,
    });
    // The owner did not hide anything.
    expect((await gallery(owner, g, 'kind=photos')).body.items.map((i) => i.messageId)).toContain(hidden.id);

    // Pages end on a message boundary: limit 2 takes the 3 photos of `last` whole.
    const p1 = await gallery(m1, g, 'kind=photos&limit=2');
    expect(p1.body.items.map((i) => i.messageId)).toEqual([last.id, last.id, last.id]);
    expect(p1.body.nextBeforeSeq).toBe(last.seq);
    const p2 = await gallery(m1, g, `kind=photos&limit=2&beforeSeq=${p1.body.nextBeforeSeq}`);
    expect(p2.body.items.map((i) => i.messageId)).toEqual([mixed.id, first.id, first.id]);
    expect(p2.body.nextBeforeSeq).toBeNull();
    const p3 = await gallery(m1, g, 'kind=photos&limit=1&beforeSeq=' + last.seq);
    expect(p3.body.items.map((i) => i.messageId)).toEqual([mixed.id]);
    expect(p3.body.nextBeforeSeq).toBe(mixed.seq);

    const ofKind = async (kind: string) => (await gallery(m1, g, `kind=${kind}`)).body.items.map((i) => i.media!.kind);
    expect(await ofKind('videos')).toEqual(['video']);
    expect(await ofKind('voice')).toEqual(['voice']);
    expect(await ofKind('files')).toEqual(['file', 'audio']);
    expect((await gallery(m1, g, 'kind=links')).body.items).toEqual([]);

    // A member who joined later sees only what came after.
    await api(s.url, 'POST', `/v1/conversations/${g}/members`, {
      token: owner.token,
      body: { userIds: [late.user.id] },
    });
    expect((await gallery(late, g, 'kind=photos')).body).toEqual({ items: [], nextBeforeSeq: null });
    const after = await sent(owner, g, ['image']);
    expect((await gallery(late, g, 'kind=photos')).body.items.map((i) => i.messageId)).toEqual([after.id]);
  });

  it('lists every link of the texts, newest first, paged by message', async () => {
    const [a, b] = await Promise.all([registerUser(s.url), registerUser(s.url)]);
    const g = await group(s.url, a, [b]);
    const m1 = (await send(s.url, a, g, 'see https://example.com/a, and http://example.org/b?x=1#top.')).body.message;
    await send(s.url, b, g, 'ftp://not.a.web.link and nothing else');
    const m3 = (await send(s.url, b, g, 'again HTTPS://Example.com/c')).body.message;
    const gone = (await send(s.url, b, g, 'https://example.com/deleted')).body.message;
    await api(s.url, 'DELETE', `/v1/messages/${gone.id}`, { token: b.token });
    const r = await gallery(a, g, 'kind=links');
    expect(r.body.items.map((i) => [i.messageId, i.url, i.media])).toEqual([
      [m3.id, 'https://example.com/c', null],
      [m1.id, 'https://example.com/a', null],
      [m1.id, 'http://example.org/b?x=1', null],
    ]);
    const p1 = await gallery(a, g, 'kind=links&limit=1');
    expect(p1.body).toMatchObject({ items: [{ messageId: m3.id }], nextBeforeSeq: m3.seq });
    const p2 = await gallery(a, g, `kind=links&limit=1&beforeSeq=${m3.seq}`);
    expect(p2.body.items.map((i) => i.messageId)).toEqual([m1.id, m1.id]);
    expect(p2.body.nextBeforeSeq).toBeNull();
  });

  it('leaves out messages past their expiry before the sweeper removes them', async () => {
    const [a, b] = await Promise.all([registerUser(s.url), registerUser(s.url)]);
    const g = await group(s.url, a, [b]);
    const kept = await sent(a, g, ['image']);
    const expired = await sent(a, g, ['image'], 'and https://example.com/x');
    await s.server.ctx.storage.write((tx) =>
      tx.db
        .updateTable('messages')
        .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
        .where('id', '=', expired.id)
        .execute(),
    );
    expect((await gallery(b, g, 'kind=photos')).body.items.map((i) => i.messageId)).toEqual([kept.id]);
    expect((await gallery(b, g, 'kind=links')).body.items).toEqual([]);
  });

  it('is for members only and refuses bad queries', async () => {
    const [a, b, outsider] = await Promise.all([registerUser(s.url), registerUser(s.url), registerUser(s.url)]);
    const g = await group(s.url, a, [b]);
    await sent(a, g, ['image']);
    expect((await gallery(outsider, g, 'kind=photos')).status).toBe(404);
    await api(s.url, 'DELETE', `/v1/conversations/${g}/members/${b.user.id}`, { token: a.token });
    expect((await gallery(b, g, 'kind=photos')).status).toBe(404);
    for (const q of ['kind=stickers', '', 'kind=photos&limit=0', 'kind=photos&beforeSeq=0', 'kind=photos&x=1']) {
      const r = await gallery(a, g, q);
      expect({ q, status: r.status, code: r.body.error?.code }).toEqual({ q, status: 400, code: 'invalid_request' });
    }
  });
});
