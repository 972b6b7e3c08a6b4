// Media in sends, on a real database: the snapshot a message carries, the message_media rows,
// who may attach what (uploader, members who were shown it, nobody else), photo tags given with
// the send (and the mentions they make), forward, delete for everyone and expiry; every refusal
// changes nothing.
import type { Event, Message } from '@anytime/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing.js';
import { api, direct, group, registerUser, uniqueName, type TestUser } from '../../test-support/harness.js';
import { conversationRows, mediaInState, REGION, sendMedia, uploadedMedia } from '../../test-support/message-media.js';
import { sweepExpired } from '../message-actions/expiry.js';

let s: TestServer;
let a: TestUser;
let b: TestUser;
let conv: string;
beforeAll(async () => {
  s = await startTestServer();
  [a, b] = await Promise.all([registerUser(s.url), registerUser(s.url)]);
  conv = await direct(s.url, a, b);
});
afterAll(() => s?.close());

const history = async (u: TestUser, c: string) =>
  (await api(s.url, 'GET', `/v1/conversations/${c}/messages?limit=200`, { token: u.token })).body.messages as Message[];
const mentionsOf = async (u: TestUser) =>
  ((await api(s.url, 'GET', '/v1/me/mentions', { token: u.token })).body.messages as Message[]).map((m) => m.id);
async function unreadMentions(u: TestUser, id: string): Promise<number> {
  const r = await api(s.url, 'GET', '/v1/conversations', { token: u.token });
  const i = (r.body.conversations as { id: string }[]).findIndex((c) => c.id === id);
  return r.body.states[i].unreadMentions as number;
}
/** The status of GET /v1/media/:id for the user (A's access rule reads message_media). */
const canFetch = async (u: TestUser, id: string) =>
  (await api(s.url, 'GET', `/v1/media/${id}`, { token: u.token })).status;
function expectError(r: { status: number; body: { error?: { code: string } } }, status: number, code: string) {
  expect({ status: r.status, code: r.body.error?.code }).toEqual({ status, code });
}

describe('sending media', () => {
  it('carries the snapshot in mediaIds order with an empty caption, and shares each item in message_media', async () => {
    const photo = await uploadedMedia(s, a, 'image');
    const voice = await uploadedMedia(s, a, 'voice');
    const file = await uploadedMedia(s, a, 'file');
    const video = await uploadedMedia(s, a, 'video');
    const r = await sendMedia(s, a, conv, { mediaIds: [voice, photo, file, video] });
    expect(r.status).toBe(201);
    const m = r.body.message as Message;
    expect(m.text).toBe('');
    expect(m.mediaIds).toEqual([voice, photo, file, video]);
    expect(m.media.map((x) => [x.id, x.kind])).toEqual([
      [voice, 'voice'],
      [photo, 'image'],
      [file, 'file'],
      [video, 'video'],
    ]);
    // Each item as its uploader fetches it, without the URLs and upload state: the snapshot.
    for (const item of m.media) {
      const got = (await api(s.url, 'GET', `/v1/media/${item.id}`, { token: a.token })).body.media;
      const { status, uploaderId, createdAt, url, thumbnailUrl, error, ...shared } = got;
      expect({ status, uploaderId, error }).toEqual({ status: 'ready', uploaderId: a.user.id, error: null });
      expect([typeof createdAt, typeof url, thumbnailUrl === undefined || typeof thumbnailUrl]).toEqual([
        'string',
        'string',
        item.kind === 'image' || item.kind === 'video' ? 'string' : true,
      ]);
      expect(item).toEqual({ ...shared, tags: [] });
    }
    expect(m.media[0]).toMatchObject({ contentType: 'audio/ogg', placeholder: null });
    expect(m.media[0]!.waveform!.length).toBeGreaterThan(10);
    expect(m.media[0]!.durationMs).toBeGreaterThan(500);
    expect(m.media[1]).toMatchObject({ width: 64, height: 48, fileName: null, durationMs: null, waveform: null });
    expect(typeof m.media[1]!.placeholder).toBe('string');
    expect(m.media[1]!.variants).toContain('thumb320');
    expect(m.media[2]).toMatchObject({ fileName: 'notes.pdf', contentType: 'application/pdf', width: null });
    expect(m.media[3]).toMatchObject({ contentType: 'video/mp4', width: 160, height: 120 });
    expect(m.media[3]!.variants).toEqual(expect.arrayContaining(['original', 'playback', 'poster']));
    // The other member reads the same message from history.
    expect((await history(b, conv)).find((x) => x.id === m.id)).toEqual(m);
    const shared = (await conversationRows(s, conv)).shared.filter((x) => x.message_id === m.id);
    expect(shared.map((x) => [x.media_id, x.kind, x.seq, x.position])).toEqual([
      [voice, 'voice', m.seq, 0],
      [photo, 'image', m.seq, 1],
      [file, 'file', m.seq, 2],
      [video, 'video', m.seq, 3],
    ]);
  });

  it('refuses media the sender may not attach, not ready, repeated or too many, changing nothing', async () => {
    const others = await uploadedMedia(s, b);
    const processing = await mediaInState(s, a, 'processing');
    const failed = await mediaInState(s, a, 'failed');
    const mine = await uploadedMedia(s, a);
    const eleven = await Promise.all(Array.from({ length: 11 }, () => uploadedMedia(s, a)));
    const before = await conversationRows(s, conv);
    expectError(await sendMedia(s, a, conv, { mediaIds: [mine, others] }), 404, 'media_not_found');
    expectError(await sendMedia(s, a, conv, { mediaIds: ['no-such-media'] }), 404, 'media_not_found');
    expectError(await sendMedia(s, a, conv, { mediaIds: [mine, processing] }), 409, 'media_not_ready');
    expectError(await sendMedia(s, a, conv, { mediaIds: [failed] }), 409, 'media_not_ready');
    expectError(await sendMedia(s, a, conv, { mediaIds: [mine, mine] }), 400, 'invalid_request');
    expectError(await sendMedia(s, a, conv, { mediaIds: eleven }), 400, 'invalid_request');
    expectError(await sendMedia(s, a, conv, { mediaIds: [] }), 400, 'invalid_request');
    expect(await conversationRows(s, conv)).toEqual(before);
    const ok = await sendMedia(s, a, conv, { text: 'now fine', mediaIds: [mine] });
    expect(ok.status).toBe(201);
    expect(ok.body.message.seq).toBe(before.lastSeq + 1);
  });

  it('lets members attach media shown to them, but not a removed member nor one who joined after', async () => {
    const [owner, m1, removed, late, friend] = await Promise.all([
      registerUser(s.url),
      registerUser(s.url),
      registerUser(s.url),
      registerUser(s.url),
      registerUser(s.url),
    ]);
    const g = await group(s.url, owner, [m1, removed]);
    const photo = await uploadedMedia(s, owner);
    expect((await sendMedia(s, owner, g, { mediaIds: [photo] })).status).toBe(201);
    // m1 saw it in the group: may send it on, to the group or elsewhere.
    const elsewhere = await direct(s.url, m1, friend);
    const resent = await sendMedia(s, m1, elsewhere, { mediaIds: [photo] });
    expect(resent.status).toBe(201);
    expect(resent.body.message.media[0].id).toBe(photo);
    // friend now sees it through the direct chat, and may too.
    expect((await sendMedia(s, friend, elsewhere, { mediaIds: [photo] })).status).toBe(201);
    // Removed from the group: no longer.
    expect(
      (await api(s.url, 'DELETE', `/v1/conversations/${g}/members/${removed.user.id}`, { token: owner.token })).status,
    ).toBe(204);
    const removedChat = await direct(s.url, removed, late);
    expectError(await sendMedia(s, removed, removedChat, { mediaIds: [photo] }), 404, 'media_not_found');
    // Joined after the message: not shown to them.
    const added = await api(s.url, 'POST', `/v1/conversations/${g}/members`, {
      token: owner.token,
      body: { userIds: [late.user.id] },
    });
    expect(added.status).toBeLessThan(300);
    expectError(await sendMedia(s, late, removedChat, { mediaIds: [photo] }), 404, 'media_not_found');
    // A non-member of a conversation cannot send into it at all.
    expectError(await sendMedia(s, late, elsewhere, { mediaIds: [photo] }), 404, 'not_found');
  });
});

describe('photo tags with the send', () => {
  it('stores the tags in the snapshot and photo_tags; a tag is a mention (listed, counted) of the tagged only', async () => {
    const [owner, m1, m2] = await Promise.all([registerUser(s.url), registerUser(s.url), registerUser(s.url)]);
    const g = await group(s.url, owner, [m1, m2]);
    const p1 = await uploadedMedia(s, owner);
    const p2 = await uploadedMedia(s, owner);
    const r = await sendMedia(s, owner, g, {
      text: 'beach day',
      mediaIds: [p1, p2],
      photoTags: [
        { mediaId: p1, userId: m1.user.id, ...REGION },
        { mediaId: p2, userId: m1.user.id, x: 0.5, y: 0.5, w: 0.5, h: 0.5 },
        { mediaId: p2, userId: owner.user.id, ...REGION },
      ],
    });
    expect(r.status).toBe(201);
    const m = r.body.message as Message;
    expect(m.media[0]!.tags).toEqual([
      { id: expect.any(String), userId: m1.user.id, taggedBy: owner.user.id, createdAt: m.createdAt, ...REGION },
    ]);
    expect(m.media[1]!.tags.map((t) => t.userId)).toEqual([m1.user.id, owner.user.id]);
    const rows = await conversationRows(s, g);
    expect(rows.tags.map((t) => [t.media_id, t.user_id]).sort()).toEqual(
      [
        [p1, m1.user.id],
        [p2, m1.user.id],
        [p2, owner.user.id],
      ].sort(),
    );
    // The sender tagging themselves is no mention; m1 is mentioned once for the message.
    expect(rows.mentions).toEqual([{ message_id: m.id, user_id: m1.user.id }]);
    expect(await mentionsOf(m1)).toEqual([m.id]);
    expect(await mentionsOf(m2)).toEqual([]);
    expect(await unreadMentions(m1, g)).toBe(1);
    expect(await unreadMentions(m2, g)).toBe(0);
    expect((await history(m2, g)).at(-1)).toEqual(m);
  });

  it('refuses bad tags with a clear error, changing nothing', async () => {
    const [owner, m1, outsider] = await Promise.all([registerUser(s.url), registerUser(s.url), registerUser(s.url)]);
    const g = await group(s.url, owner, [m1]);
    const photo = await uploadedMedia(s, owner);
    const other = await uploadedMedia(s, owner);
    const video = await uploadedMedia(s, owner, 'file');
    const tag = (mediaId: string, userId = m1.user.id, region = REGION) => ({ mediaId, userId, ...region });
    const before = await conversationRows(s, g);
    const cases: [unknown, number, string][] = [
      [{ mediaIds: [photo], photoTags: [tag(other)] }, 400, 'invalid_tag'],
      [{ mediaIds: [photo, video], photoTags: [tag(video)] }, 400, 'invalid_tag'],
      [{ text: 'x', photoTags: [tag(photo)] }, 400, 'invalid_tag'],
      [{ mediaIds: [photo], photoTags: [tag(photo, outsider.user.id)] }, 400, 'mention_not_member'],
      [{ mediaIds: [photo], photoTags: [tag(photo), tag(photo)] }, 400, 'invalid_tag'],
      [
        { mediaIds: [photo], photoTags: [tag(photo, m1.user.id, { x: 0.8, y: 0, w: 0.3, h: 0.1 })] },
        400,
        'invalid_tag',
      ],
      [
        { mediaIds: [photo], photoTags: [tag(photo, m1.user.id, { x: 0, y: 0.5, w: 0.1, h: 0.6 })] },
        400,
        'invalid_tag',
      ],
      [
        { mediaIds: [photo], photoTags: [tag(photo, m1.user.id, { x: 0, y: 0, w: 0, h: 0.1 })] },
        400,
        'invalid_request',
      ],
      [
        { mediaIds: [photo], photoTags: [tag(photo, m1.user.id, { x: -0.1, y: 0, w: 0.1, h: 0.1 })] },
        400,
        'invalid_request',
      ],
    ];
    for (const [body, status, code] of cases) {
      const r = await sendMedia(s, owner, g, body as never);
      expect({ body, status: r.status, code: r.body.error?.code }).toEqual({ body, status, code });
    }
    expect(await conversationRows(s, g)).toEqual(before);
    expect(await mentionsOf(m1)).toEqual([]);
  });
});

describe('forward, delete and expiry', () => {
  it('forwards the media (shared in the target, no tags copied); the target members may send it on', async () => {
    const [c1, c2] = await Promise.all([registerUser(s.url), registerUser(s.url)]);
    const photo = await uploadedMedia(s, a);
    const src = (
      await sendMedia(s, a, conv, {
        text: 'look',
        mediaIds: [photo],
        photoTags: [{ mediaId: photo, userId: b.user.id, ...REGION }],
      })
    ).body.message as Message;
    const target = await group(s.url, b, [c1]);
    const fw = await api(s.url, 'POST', `/v1/messages/${src.id}/forward`, {
      token: b.token,
      body: { clientId: uniqueName('f'), conversationId: target },
    });
    expect(fw.status).toBe(201);
    const copy = fw.body.message as Message;
    expect(copy.forwarded).toEqual({ senderId: a.user.id });
    expect(copy.media).toEqual([{ ...src.media[0], tags: [] }]);
    const rows = await conversationRows(s, target);
    expect(rows.shared.map((x) => [x.message_id, x.media_id, x.seq])).toEqual([[copy.id, photo, copy.seq]]);
    expect(rows.tags).toEqual([]);
    // c2 never saw it; c1 saw it in the target group and may send it on (to c2, who then may too).
    const c2chat = await direct(s.url, c2, a);
    expectError(await sendMedia(s, c2, c2chat, { mediaIds: [photo] }), 404, 'media_not_found');
    expect([await canFetch(c1, photo), await canFetch(c2, photo)]).toEqual([200, 404]);
    const other = await direct(s.url, c1, c2);
    expect((await sendMedia(s, c1, other, { mediaIds: [photo] })).status).toBe(201);
    expect((await sendMedia(s, c2, c2chat, { mediaIds: [photo] })).status).toBe(201);
  });

  it('delete for everyone clears the media and tags, stops sharing it, and drops the tag mention', async () => {
    const [owner, m1, m2] = await Promise.all([registerUser(s.url), registerUser(s.url), registerUser(s.url)]);
    const g = await group(s.url, owner, [m1, m2]);
    const photo = await uploadedMedia(s, owner);
    const m = (
      await sendMedia(s, owner, g, {
        text: 'oops',
        mediaIds: [photo],
        photoTags: [{ mediaId: photo, userId: m1.user.id, ...REGION }],
      })
    ).body.message as Message;
    expect(await mentionsOf(m1)).toEqual([m.id]);
    expect(await canFetch(m2, photo)).toBe(200);
    const del = await api(s.url, 'DELETE', `/v1/messages/${m.id}`, { token: owner.token });
    expect(del.status).toBe(200);
    expect(del.body.message).toMatchObject({ mediaIds: [], media: [], text: '' });
    expect((await history(m2, g)).find((x) => x.id === m.id)).toMatchObject({ media: [], mediaIds: [] });
    const rows = await conversationRows(s, g);
    expect(rows.shared).toEqual([]);
    expect(rows.tags).toEqual([]);
    expect(rows.mentions).toEqual([]);
    expect(await mentionsOf(m1)).toEqual([]);
    expect(await unreadMentions(m1, g)).toBe(0);
    // The stored message.created no longer carries the media either.
    const events = (await api(s.url, 'GET', '/v1/sync?limit=200', { token: m2.token })).body.events as Event[];
    const created = events.find((e) => e.type === 'message.created' && e.message.id === m.id);
    expect(created).toMatchObject({ message: { media: [], mediaIds: [] } });
    // m2 was shown it only through that message: it is no longer theirs to fetch or attach.
    expect(await canFetch(m2, photo)).toBe(404);
    const d = await direct(s.url, m2, m1);
    expectError(await sendMedia(s, m2, d, { mediaIds: [photo] }), 404, 'media_not_found');
    // The uploader still may.
    expect((await sendMedia(s, owner, g, { mediaIds: [photo] })).status).toBe(201);
  });

  it('expiry removes what the message shared', async () => {
    const [x, y] = await Promise.all([registerUser(s.url), registerUser(s.url)]);
    const c = await direct(s.url, x, y);
    await api(s.url, 'PUT', `/v1/conversations/${c}/timer`, { token: x.token, body: { seconds: 300 } });
    const photo = await uploadedMedia(s, x);
    const m = (
      await sendMedia(s, x, c, { mediaIds: [photo], photoTags: [{ mediaId: photo, userId: y.user.id, ...REGION }] })
    ).body.message as Message;
    expect((await conversationRows(s, c)).shared).toHaveLength(1);
    expect(await canFetch(y, photo)).toBe(200);
    expect(await sweepExpired(s.server.ctx, new Date(Date.now() + 301_000))).toBeGreaterThanOrEqual(1);
    const rows = await conversationRows(s, c);
    expect(rows.messages.map((r) => r.id)).not.toContain(m.id);
    expect(rows.shared).toEqual([]);
    expect(rows.tags).toEqual([]);
    expect(rows.mentions).toEqual([]);
    expect(await canFetch(y, photo)).toBe(404);
    const other = await direct(s.url, y, await registerUser(s.url));
    expectError(await sendMedia(s, y, other, { mediaIds: [photo] }), 404, 'media_not_found');
  });
});
