// Edit (history, window, sender only) and delete for everyone / for me, on a real database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing.js';
import { api, direct, group, registerUser, send, type TestUser } from '../../test-support/harness.js';

let s: TestServer;
let short: TestServer;
let a: TestUser;
let b: TestUser;
let conv: string;
beforeAll(async () => {
  [s, short] = await Promise.all([startTestServer(), startTestServer({ env: { EDIT_WINDOW_SECONDS: '1' } })]);
  [a, b] = await Promise.all([registerUser(s.url), registerUser(s.url)]);
  conv = await direct(s.url, a, b);
});
afterAll(async () => {
  await Promise.all([s?.close(), short?.close()]);
});

const edit = (base: string, u: TestUser, id: string, body: unknown) =>
  api(base, 'PATCH', `/v1/messages/${id}`, { token: u.token, body });
const history = async (base: string, u: TestUser, c: string) =>
  (await api(base, 'GET', `/v1/conversations/${c}/messages?limit=200`, { token: u.token })).body.messages as {
    id: string;
    text: string;
  }[];
const lastSeq = async (base: string, u: TestUser, c: string) =>
  (await api(base, 'GET', `/v1/conversations/${c}`, { token: u.token })).body.conversation.lastSeq as number;

describe('edit', () => {
  it('takes the next seq, keeps earlier versions, and shows in history', async () => {
    const m = (await send(s.url, a, conv, 'first')).body.message;
    const r1 = await edit(s.url, a, m.id, { text: 'second' });
    expect(r1.status).toBe(200);
    expect(r1.body.message).toMatchObject({ id: m.id, seq: m.seq, text: 'second', updatedSeq: m.seq + 1 });
    expect(r1.body.message.editedAt).not.toBeNull();
    const r2 = await edit(s.url, a, m.id, { text: 'third' });
    expect(r2.body.message.updatedSeq).toBe(m.seq + 2);
    expect(await lastSeq(s.url, a, conv)).toBe(m.seq + 2);
    const edits = await api(s.url, 'GET', `/v1/messages/${m.id}/edits`, { token: b.token });
    expect(edits.status).toBe(200);
    expect(edits.body.edits.map((e: { text: string }) => e.text)).toEqual(['first', 'second']);
    expect(edits.body.edits[0].at).toBe(m.createdAt);
    expect((await history(s.url, b, conv)).find((x) => x.id === m.id)?.text).toBe('third');
    // The same text again changes nothing and takes no seq.
    expect((await edit(s.url, a, m.id, { text: 'third' })).status).toBe(200);
    expect(await lastSeq(s.url, a, conv)).toBe(m.seq + 2);
  });

  it("refuses someone else's message with 403, and outsiders with 404, changing nothing", async () => {
    const m = (await send(s.url, a, conv, 'mine')).body.message;
    const before = await lastSeq(s.url, a, conv);
    const r = await edit(s.url, b, m.id, { text: 'hijacked' });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('forbidden');
    const outsider = await registerUser(s.url);
    expect((await edit(s.url, outsider, m.id, { text: 'x' })).status).toBe(404);
    expect((await api(s.url, 'GET', `/v1/messages/${m.id}/edits`, { token: outsider.token })).status).toBe(404);
    expect((await edit(s.url, a, 'no-such-message', { text: 'x' })).status).toBe(404);
    expect(await lastSeq(s.url, a, conv)).toBe(before);
    expect((await history(s.url, a, conv)).find((x) => x.id === m.id)?.text).toBe('mine');
  });

  it('refuses an edit after the window (EDIT_WINDOW_SECONDS=1) with edit_window_passed', async () => {
    const [x, y] = await Promise.all([registerUser(short.url), registerUser(short.url)]);
    const c = await direct(short.url, x, y);
    const m = (await send(short.url, x, c, 'quick')).body.message;
    expect((await edit(short.url, x, m.id, { text: 'in time' })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1_200));
    const late = await edit(short.url, x, m.id, { text: 'too late' });
    expect(late.status).toBe(403);
    expect(late.body.error.code).toBe('edit_window_passed');
    const del = await api(short.url, 'DELETE', `/v1/messages/${m.id}`, { token: x.token });
    expect(del.status).toBe(403);
    expect(del.body.error.code).toBe('edit_window_passed');
    expect((await history(short.url, x, c)).find((h) => h.id === m.id)?.text).toBe('in time');
  });
});

describe('delete for everyone', () => {
  it('leaves a tombstone, clears edit history, and scrubs the stored event payloads', async () => {
    const m = (await send(s.url, a, conv, 'secret plan')).body.message;
    await edit(s.url, a, m.id, { text: 'secret plan v2' });
    const reply = await api(s.url, 'POST', `/v1/conversations/${conv}/messages`, {
      token: b.token,
      body: { clientId: 'reply-to-secret', text: 'ok', replyToId: m.id },
    });
    expect(reply.body.message.quote).toEqual({ senderId: a.user.id, text: 'secret plan v2' });
    const r = await api(s.url, 'DELETE', `/v1/messages/${m.id}`, { token: a.token });
    expect(r.status).toBe(200);
    expect(r.body.message).toMatchObject({ id: m.id, text: '', entities: [], mediaIds: [], reactions: [] });
    expect(r.body.message.deletedAt).not.toBeNull();
    expect((await history(s.url, b, conv)).find((x) => x.id === m.id)).toMatchObject({ text: '' });
    expect((await history(s.url, b, conv)).find((x) => x.id === reply.body.message.id)).toMatchObject({
      replyToId: m.id,
      quote: null,
    });
    expect((await api(s.url, 'GET', `/v1/messages/${m.id}/edits`, { token: b.token })).body.edits).toEqual([]);
    const payloads = await s.server.ctx.storage.read
      .selectFrom('events')
      .select('payload')
      .where('conversation_id', '=', conv)
      .execute();
    expect(payloads.some((p) => p.payload.includes('secret plan'))).toBe(false);
    // Again: the same tombstone, nothing new.
    const seq = await lastSeq(s.url, a, conv);
    expect((await api(s.url, 'DELETE', `/v1/messages/${m.id}`, { token: a.token })).status).toBe(200);
    expect(await lastSeq(s.url, a, conv)).toBe(seq);
    // A deleted message cannot be edited, reacted to or replied to.
    expect((await edit(s.url, a, m.id, { text: 'back' })).body.error.code).toBe('message_deleted');
    const react = await api(s.url, 'POST', `/v1/messages/${m.id}/reactions`, { token: b.token, body: { emoji: '👍' } });
    expect(react.body.error.code).toBe('message_deleted');
  });

  it('refuses a member who is not the sender nor an admin; lets the group owner delete anyone', async () => {
    const [owner, m1, m2] = await Promise.all([registerUser(s.url), registerUser(s.url), registerUser(s.url)]);
    const g = await group(s.url, owner, [m1, m2]);
    const msg = (await send(s.url, m1, g, 'by m1')).body.message;
    const r = await api(s.url, 'DELETE', `/v1/messages/${msg.id}`, { token: m2.token });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('forbidden');
    expect((await history(s.url, m1, g)).find((x) => x.id === msg.id)?.text).toBe('by m1');
    const byOwner = await api(s.url, 'DELETE', `/v1/messages/${msg.id}`, { token: owner.token });
    expect(byOwner.status).toBe(200);
    expect(byOwner.body.message.deletedAt).not.toBeNull();
    // In a direct chat the other member cannot delete your message for everyone.
    const mine = (await send(s.url, a, conv, 'direct one')).body.message;
    expect((await api(s.url, 'DELETE', `/v1/messages/${mine.id}`, { token: b.token })).status).toBe(403);
  });
});

describe('delete for me', () => {
  it('hides the message from that user only and tells their devices on their own stream', async () => {
    const m = (await send(s.url, a, conv, 'hide me')).body.message;
    const seq = await lastSeq(s.url, a, conv);
    expect((await api(s.url, 'POST', `/v1/messages/${m.id}/hide`, { token: b.token })).status).toBe(204);
    expect((await api(s.url, 'POST', `/v1/messages/${m.id}/hide`, { token: b.token })).status).toBe(204);
    expect((await history(s.url, b, conv)).some((x) => x.id === m.id)).toBe(false);
    expect((await history(s.url, a, conv)).some((x) => x.id === m.id)).toBe(true);
    expect(await lastSeq(s.url, a, conv)).toBe(seq);
    const sync = await api(s.url, 'GET', '/v1/sync?limit=200', { token: b.token });
    const hidden = sync.body.events.filter((e: { type: string }) => e.type === 'message.hidden');
    expect(hidden).toEqual([expect.objectContaining({ messageId: m.id, conversationId: conv })]);
    const syncA = await api(s.url, 'GET', '/v1/sync?limit=200', { token: a.token });
    expect(syncA.body.events.some((e: { type: string }) => e.type === 'message.hidden')).toBe(false);
  });
});
