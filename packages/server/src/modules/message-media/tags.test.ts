// Photo tags after the send, on a real database: the sender tags members (others may not), the
// sender or the person tagged removes a tag (a third member may not), each change is a timeline
// change (next seq, message.updated with the new snapshot) and moves the mention; refusals
// change nothing.
import type { Event, Message } from '@anytime/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing.js';
import { api, group, registerUser, type TestUser } from '../../test-support/harness.js';
import { conversationRows, REGION, sendMedia, uploadedMedia } from '../../test-support/message-media.js';

let s: TestServer;
let owner: TestUser;
let m1: TestUser;
let m2: TestUser;
let outsider: TestUser;
let g: string;
beforeAll(async () => {
  s = await startTestServer();
  [owner, m1, m2, outsider] = await Promise.all([
    registerUser(s.url),
    registerUser(s.url),
    registerUser(s.url),
    registerUser(s.url),
  ]);
  g = await group(s.url, owner, [m1, m2]);
});
afterAll(() => s?.close());

const addTag = (u: TestUser, messageId: string, body: Record<string, unknown>) =>
  api(s.url, 'POST', `/v1/messages/${messageId}/tags`, { token: u.token, body });
const removeTag = (u: TestUser, messageId: string, tagId: string) =>
  api(s.url, 'DELETE', `/v1/messages/${messageId}/tags/${tagId}`, { token: u.token });
const mentionsOf = async (u: TestUser) =>
  ((await api(s.url, 'GET', '/v1/me/mentions', { token: u.token })).body.messages as Message[]).map((m) => m.id);
async function unreadMentions(u: TestUser): Promise<number> {
  const r = await api(s.url, 'GET', '/v1/conversations', { token: u.token });
  const i = (r.body.conversations as { id: string }[]).findIndex((c) => c.id === g);
  return r.body.states[i].unreadMentions as number;
}
const events = async (u: TestUser) =>
  (await api(s.url, 'GET', '/v1/sync?limit=200', { token: u.token })).body.events as Event[];

async function photoMessage(): Promise<{ message: Message; photo: string; video: string }> {
  const photo = await uploadedMedia(s, owner);
  const video = await uploadedMedia(s, owner, 'file');
  const r = await sendMedia(s, owner, g, { text: 'party', mediaIds: [photo, video] });
  expect(r.status).toBe(201);
  return { message: r.body.message as Message, photo, video };
}

describe('photo tags after the send', () => {
  it('the sender tags a member: next seq, message.updated with the snapshot, a mention; removing undoes it', async () => {
    const { message, photo } = await photoMessage();
    const r = await addTag(owner, message.id, { mediaId: photo, userId: m1.user.id, ...REGION });
    expect(r.status).toBe(200);
    const tagged = r.body.message as Message;
    expect(tagged.updatedSeq).toBe(message.seq + 1);
    const tag = tagged.media[0]!.tags[0]!;
    expect(tag).toEqual({
      id: expect.any(String),
      userId: m1.user.id,
      taggedBy: owner.user.id,
      createdAt: expect.any(String),
      ...REGION,
    });
    expect(tagged.media[1]!.tags).toEqual([]);
    // Every member's devices learn it from the stream; history agrees.
    const updated = (await events(m2)).filter((e) => e.type === 'message.updated' && e.message.id === message.id);
    expect(updated.at(-1)).toMatchObject({ seq: tagged.updatedSeq, message: tagged });
    const hist = await api(s.url, 'GET', `/v1/conversations/${g}/messages?limit=200`, { token: m2.token });
    expect((hist.body.messages as Message[]).find((m) => m.id === message.id)).toEqual(tagged);
    expect(await mentionsOf(m1)).toContain(message.id);
    expect(await unreadMentions(m1)).toBe(1);
    expect(await mentionsOf(m2)).not.toContain(message.id);

    // The person tagged removes it: the snapshot, photo_tags and the mention follow.
    const removed = await removeTag(m1, message.id, tag.id);
    expect(removed.status).toBe(200);
    expect(removed.body.message.media[0].tags).toEqual([]);
    expect(removed.body.message.updatedSeq).toBe(tagged.updatedSeq + 1);
    expect((await conversationRows(s, g)).tags.filter((t) => t.id === tag.id)).toEqual([]);
    expect(await mentionsOf(m1)).not.toContain(message.id);
    expect(await unreadMentions(m1)).toBe(0);

    // An edit of the caption keeps the tag and its mention.
    const retag = await addTag(owner, message.id, { mediaId: photo, userId: m1.user.id, ...REGION });
    const edited = await api(s.url, 'PATCH', `/v1/messages/${message.id}`, {
      token: owner.token,
      body: { text: 'party!' },
    });
    expect(edited.body.message.media).toEqual(retag.body.message.media);
    expect(await mentionsOf(m1)).toContain(message.id);
    await removeTag(owner, message.id, retag.body.message.media[0].tags[0].id);

    // The sender removes a tag of someone else.
    const again = await addTag(owner, message.id, { mediaId: photo, userId: m2.user.id, ...REGION });
    const id2 = again.body.message.media[0].tags[0].id as string;
    expect((await removeTag(owner, message.id, id2)).body.message.media[0].tags).toEqual([]);
  });

  it('refuses tags from others, of non-members, on non-photos, twice, outside the photo; changing nothing', async () => {
    const { message, photo, video } = await photoMessage();
    const ok = await addTag(owner, message.id, { mediaId: photo, userId: m1.user.id, ...REGION });
    expect(ok.status).toBe(200);
    const before = await conversationRows(s, g);
    const cases: [TestUser, Record<string, unknown>, number, string][] = [
      [m1, { mediaId: photo, userId: m2.user.id, ...REGION }, 403, 'forbidden'],
      [outsider, { mediaId: photo, userId: m2.user.id, ...REGION }, 404, 'not_found'],
      [owner, { mediaId: photo, userId: outsider.user.id, ...REGION }, 400, 'mention_not_member'],
      [owner, { mediaId: video, userId: m2.user.id, ...REGION }, 400, 'invalid_tag'],
      [owner, { mediaId: 'not-in-message', userId: m2.user.id, ...REGION }, 400, 'invalid_tag'],
      [owner, { mediaId: photo, userId: m1.user.id, ...REGION }, 400, 'invalid_tag'],
      [owner, { mediaId: photo, userId: m2.user.id, x: 0.9, y: 0.1, w: 0.2, h: 0.1 }, 400, 'invalid_tag'],
      [owner, { mediaId: photo, userId: m2.user.id, x: 0.1, y: 0.1, w: 0.2, h: 1.5 }, 400, 'invalid_request'],
      [owner, { mediaId: photo, userId: m2.user.id }, 400, 'invalid_request'],
    ];
    for (const [u, body, status, code] of cases) {
      const r = await addTag(u, message.id, body);
      expect({ body, status: r.status, code: r.body.error?.code }).toEqual({ body, status, code });
    }
    const tagId = before.tags[0]!.id;
    // A third member may not remove someone else's tag; a non-member cannot see the message.
    const third = await removeTag(m2, message.id, tagId);
    expect({ status: third.status, code: third.body.error?.code }).toEqual({ status: 403, code: 'forbidden' });
    expect((await removeTag(outsider, message.id, tagId)).status).toBe(404);
    expect((await removeTag(owner, message.id, 'no-such-tag')).status).toBe(404);
    expect(await conversationRows(s, g)).toEqual(before);
  });

  it('a removed member can no longer tag nor untag; deleted messages take no tag changes (409)', async () => {
    const [o, leaving] = await Promise.all([registerUser(s.url), registerUser(s.url)]);
    const g2 = await group(s.url, o, [leaving, m1]);
    const photo = await uploadedMedia(s, leaving);
    const sent = (
      await sendMedia(s, leaving, g2, {
        mediaIds: [photo],
        photoTags: [{ mediaId: photo, userId: m1.user.id, ...REGION }],
      })
    ).body.message as Message;
    const tagId = sent.media[0]!.tags[0]!.id;
    await api(s.url, 'DELETE', `/v1/conversations/${g2}/members/${leaving.user.id}`, { token: o.token });
    expect((await addTag(leaving, sent.id, { mediaId: photo, userId: o.user.id, ...REGION })).status).toBe(404);
    expect((await removeTag(leaving, sent.id, tagId)).status).toBe(404);

    const { message, photo: p } = await photoMessage();
    const t = (await addTag(owner, message.id, { mediaId: p, userId: m1.user.id, ...REGION })).body.message;
    expect((await api(s.url, 'DELETE', `/v1/messages/${message.id}`, { token: owner.token })).status).toBe(200);
    const before = await conversationRows(s, g);
    const add = await addTag(owner, message.id, { mediaId: p, userId: m2.user.id, ...REGION });
    expect({ status: add.status, code: add.body.error.code }).toEqual({ status: 409, code: 'message_deleted' });
    const rm = await removeTag(m1, message.id, t.media[0].tags[0].id);
    expect({ status: rm.status, code: rm.body.error.code }).toEqual({ status: 409, code: 'message_deleted' });
    expect(await conversationRows(s, g)).toEqual(before);
  });
});
