import { LIMITS } from '@anytime/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing.js';
import {
  api,
  direct,
  group,
  loginUser,
  registerUser,
  send,
  WsClient,
  type TestUser,
} from '../../test-support/harness.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

const patch = (u: TestUser, id: string, body: unknown) =>
  api(s.url, 'PATCH', `/v1/conversations/${id}/state`, { token: u.token, body });
const report = (u: TestUser, id: string, body: unknown) =>
  api(s.url, 'POST', `/v1/conversations/${id}/receipts`, { token: u.token, body });
async function listOf(u: TestUser) {
  const r = await api(s.url, 'GET', '/v1/conversations', { token: u.token });
  expect(r.status).toBe(200);
  return r.body as { conversations: { id: string }[]; states: { conversationId: string; [k: string]: unknown }[] };
}
async function stateOf(u: TestUser, id: string) {
  return (await listOf(u)).states.find((st) => st.conversationId === id)!;
}
const seqOf = (r: { body: { message: { seq: number; id: string } } }) => r.body.message.seq;

describe('conversation state', () => {
  it('mute, archive, pin and draft reach every device of the user and order the list', async () => {
    const a = await registerUser(s.url);
    const a2 = await loginUser(s.url, a);
    const b = await registerUser(s.url);
    const c = await registerUser(s.url);
    const ab = await direct(s.url, a, b);
    const ac = await direct(s.url, a, c);
    await send(s.url, b, ab, 'older');
    await send(s.url, c, ac, 'newer');
    expect((await listOf(a)).conversations.map((x) => x.id)).toEqual([ac, ab]);
    const ws2 = await WsClient.connect(s.url, a2.token);
    const wsB = await WsClient.connect(s.url, b.token);

    const pinned = await patch(a, ab, { pinned: true, mutedUntil: 'forever', draft: { text: 'half a thought' } });
    expect(pinned.status).toBe(200);
    expect(pinned.body.state).toMatchObject({
      conversationId: ab,
      mutedUntil: 'forever',
      archived: false,
      draft: { text: 'half a thought' },
      unreadCount: 1,
      readSeq: 0,
      version: 1,
    });
    expect(typeof pinned.body.state.pinnedAt).toBe('string');
    const ev = await ws2.next((f) => f.type === 'conversation.state.updated');
    expect(ev['state']).toEqual(pinned.body.state);
    // Pinned first, then by activity; each conversation with the user's state, in the same order.
    const list = await listOf(a);
    expect(list.conversations.map((x) => x.id)).toEqual([ab, ac]);
    expect(list.states.map((st) => st.conversationId)).toEqual([ab, ac]);
    expect(list.states[0]).toEqual(pinned.body.state);
    expect(list.states[1]).toMatchObject({ unreadCount: 1, pinnedAt: null, mutedUntil: null, version: 0 });

    // Archiving unpins; unmuting with null; a time mute is kept as given.
    const until = new Date(Date.now() + 3_600_000).toISOString();
    const archived = await patch(a2, ab, { archived: true, mutedUntil: until });
    expect(archived.body.state).toMatchObject({ archived: true, pinnedAt: null, mutedUntil: until, version: 2 });
    expect((await listOf(a)).conversations.map((x) => x.id)).toEqual([ac, ab]);
    // Private: the other member hears nothing of it.
    await new Promise((r) => setTimeout(r, 100));
    expect(wsB.events('conversation.state.updated')).toEqual([]);
    ws2.close();
    wsB.close();
  });

  it('a message from someone else unarchives unless muted; a message from the user clears the draft', async () => {
    const a = await registerUser(s.url);
    const b = await registerUser(s.url);
    const ab = await direct(s.url, a, b);
    await patch(a, ab, { archived: true, draft: { text: 'draft' } });
    await send(s.url, a, ab, 'my own message does not unarchive');
    expect(await stateOf(a, ab)).toMatchObject({ archived: true, draft: null, unreadCount: 0 });
    await send(s.url, b, ab, 'unarchives');
    expect(await stateOf(a, ab)).toMatchObject({ archived: false, unreadCount: 1 });
    await patch(a, ab, { archived: true, mutedUntil: 'forever' });
    await send(s.url, b, ab, 'muted: stays archived');
    expect(await stateOf(a, ab)).toMatchObject({ archived: true, unreadCount: 2 });
  });

  it('refuses a mute in the past, a sixth pin, a huge draft, archived+pinned, and others\u2019 conversations, changing nothing', async () => {
    const a = await registerUser(s.url);
    const others = await Promise.all(Array.from({ length: LIMITS.pinnedMax + 1 }, () => registerUser(s.url)));
    const convs: string[] = [];
    for (const o of others) convs.push(await direct(s.url, a, o));
    for (const id of convs.slice(0, LIMITS.pinnedMax)) expect((await patch(a, id, { pinned: true })).status).toBe(200);
    const before = await listOf(a);
    const last = convs.at(-1)!;
    const cases: [unknown, number, string][] = [
      [{ pinned: true }, 400, 'too_many_pinned'],
      [{ mutedUntil: new Date(Date.now() - 1000).toISOString() }, 400, 'invalid_mute'],
      [{ mutedUntil: 'tomorrow' }, 400, 'invalid_request'],
      [{ draft: { text: 'x'.repeat(LIMITS.textMax + 1) } }, 400, 'text_too_long'],
      [{ draft: { text: '' } }, 400, 'invalid_request'],
      [{ archived: true, pinned: true }, 400, 'invalid_request'],
      [{}, 400, 'invalid_request'],
    ];
    for (const [body, status, code] of cases) {
      const r = await patch(a, last, body);
      expect([r.status, r.body.error?.code], JSON.stringify(body).slice(0, 60)).toEqual([status, code]);
    }
    // Someone else's conversation, and an unknown one.
    const stranger = await registerUser(s.url);
    expect((await patch(stranger, last, { archived: true })).body.error.code).toBe('not_found');
    expect((await patch(a, 'no-such-conversation', { archived: true })).status).toBe(404);
    expect(await listOf(a)).toEqual(before);
    // Re-pinning a pinned one is fine; unpinning one makes room.
    expect((await patch(a, convs[0]!, { pinned: true })).status).toBe(200);
    expect((await patch(a, convs[0]!, { pinned: false })).status).toBe(200);
    expect((await patch(a, last, { pinned: true })).status).toBe(200);
  });
});

describe('receipts and unread counts', () => {
  it('direct chat: delivered over the socket, read over HTTP; ticks reach the sender, the count clears on every device', async () => {
    const a = await registerUser(s.url);
    const b = await registerUser(s.url);
    const b2 = await loginUser(s.url, b);
    const ab = await direct(s.url, a, b);
    const m1 = seqOf(await send(s.url, a, ab, 'one'));
    const m2 = seqOf(await send(s.url, a, ab, 'two'));
    expect(await stateOf(b, ab)).toMatchObject({ unreadCount: 2, readSeq: 0 });
    const wsA = await WsClient.connect(s.url, a.token);
    const wsB = await WsClient.connect(s.url, b.token);
    const wsB2 = await WsClient.connect(s.url, b2.token);

    wsB.send({ type: 'receipts', conversationId: ab, deliveredSeq: m2 });
    const delivered = await wsA.next((f) => f.type === 'receipt.updated');
    expect(delivered['receipt']).toEqual({ conversationId: ab, userId: b.user.id, deliveredSeq: m2, readSeq: 0 });

    const read = await report(b2, ab, { readSeq: m1 });
    expect(read.status).toBe(200);
    expect(read.body.state).toMatchObject({ readSeq: m1, unreadCount: 1 });
    for (const ws of [wsB, wsB2]) {
      expect((await ws.next((f) => f.type === 'conversation.state.updated'))['state']).toEqual(read.body.state);
    }
    const readEv = await wsA.next((f) => f.type === 'receipt.updated');
    expect(readEv['receipt']).toMatchObject({ deliveredSeq: m2, readSeq: m1 });
    // Over the socket too; then a read behind it changes nothing and tells nobody.
    wsB2.send({ type: 'receipts', conversationId: ab, readSeq: m2 });
    expect((await wsB.next((f) => f.type === 'conversation.state.updated'))['state']).toMatchObject({
      readSeq: m2,
      unreadCount: 0,
    });
    const back = await report(b, ab, { readSeq: m1, deliveredSeq: 1 });
    expect(back.body.state).toMatchObject({ readSeq: m2, unreadCount: 0 });
    expect((await api(s.url, 'GET', `/v1/conversations/${ab}/receipts`, { token: a.token })).body).toEqual({
      receipts: [{ conversationId: ab, userId: b.user.id, deliveredSeq: m2, readSeq: m2 }],
    });
    // The reader sees no receipts of the sender's reading of their (nonexistent) messages.
    expect((await api(s.url, 'GET', `/v1/conversations/${ab}/receipts`, { token: b.token })).body).toEqual({
      receipts: [],
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(wsA.events('receipt.updated')).toHaveLength(3);
    expect(wsB.events('conversation.state.updated')).toHaveLength(2);
    for (const ws of [wsA, wsB, wsB2]) ws.close();
  });

  it('groups: read by N with the list, only for the sender; receipts go only to the senders concerned', async () => {
    const [a, b, c, d] = await Promise.all([1, 2, 3, 4].map(() => registerUser(s.url)));
    const g = await group(s.url, a!, [b!, c!, d!]);
    const wsD = await WsClient.connect(s.url, d!.token);
    const ma = (await send(s.url, a!, g, 'from a')).body.message as { id: string; seq: number };
    const mb = (await send(s.url, b!, g, 'from b')).body.message as { id: string; seq: number };
    await report(c!, g, { readSeq: ma.seq });
    await report(d!, g, { readSeq: mb.seq });
    await report(b!, g, { deliveredSeq: mb.seq });
    const info = await api(s.url, 'GET', `/v1/messages/${ma.id}/receipts`, { token: a!.token });
    expect(info.status).toBe(200);
    expect({ readBy: [...info.body.readBy].sort(), deliveredTo: info.body.deliveredTo }).toEqual({
      readBy: [c!.user.id, d!.user.id].sort(),
      deliveredTo: [b!.user.id],
    });
    const infoB = await api(s.url, 'GET', `/v1/messages/${mb.id}/receipts`, { token: b!.token });
    expect(infoB.body).toEqual({ readBy: [d!.user.id], deliveredTo: [] });
    // Not the sender: forbidden; not a member: not found.
    expect((await api(s.url, 'GET', `/v1/messages/${ma.id}/receipts`, { token: c!.token })).status).toBe(403);
    const outsider = await registerUser(s.url);
    expect((await api(s.url, 'GET', `/v1/messages/${ma.id}/receipts`, { token: outsider.token })).status).toBe(404);
    expect((await api(s.url, 'GET', `/v1/messages/nope/receipts`, { token: a!.token })).status).toBe(404);
    // d sent nothing: reading by others never reached d.
    await new Promise((r) => setTimeout(r, 100));
    expect(wsD.events('receipt.updated')).toEqual([]);
    wsD.close();
  });

  it('read receipts off: the reader is not shown as having read, and sees nobody reading (delivered still shown)', async () => {
    const [a, b, c] = (await Promise.all([1, 2, 3].map(() => registerUser(s.url)))) as [TestUser, TestUser, TestUser];
    const g = await group(s.url, a, [b, c]);
    await api(s.url, 'PATCH', '/v1/me/settings', { token: b.token, body: { readReceipts: false } });
    const ma = seqOf(await send(s.url, a, g, 'from a'));
    const mb = seqOf(await send(s.url, b, g, 'from b'));
    await report(b, g, { readSeq: ma });
    await report(c, g, { readSeq: mb });
    await report(a, g, { readSeq: mb });
    const receiptsOf = async (u: TestUser) =>
      (await api(s.url, 'GET', `/v1/conversations/${g}/receipts`, { token: u.token })).body.receipts;
    // a sees b's delivery but not b's reading; c's reading is shown.
    expect(await receiptsOf(a)).toEqual([
      ...[
        { conversationId: g, userId: b.user.id, deliveredSeq: ma, readSeq: 0 },
        { conversationId: g, userId: c.user.id, deliveredSeq: ma, readSeq: ma },
      ].sort((x, y) => (x.userId < y.userId ? -1 : 1)),
    ]);
    // b sees deliveries only.
    expect(await receiptsOf(b)).toEqual(
      [
        { conversationId: g, userId: a.user.id, deliveredSeq: mb, readSeq: 0 },
        { conversationId: g, userId: c.user.id, deliveredSeq: mb, readSeq: 0 },
      ].sort((x, y) => (x.userId < y.userId ? -1 : 1)),
    );
    // b's own unread count still follows b's reading.
    expect(await stateOf(b, g)).toMatchObject({ readSeq: ma, unreadCount: 0 });
  });

  it('refuses a seq beyond the last, others\u2019 conversations and empty reports, over HTTP and the socket', async () => {
    const a = await registerUser(s.url);
    const b = await registerUser(s.url);
    const stranger = await registerUser(s.url);
    const ab = await direct(s.url, a, b);
    const last = seqOf(await send(s.url, a, ab, 'hi'));
    const before = await listOf(b);
    for (const [u, body, code] of [
      [b, { readSeq: last + 1 }, 'invalid_seq'],
      [b, { deliveredSeq: last + 100 }, 'invalid_seq'],
      [b, {}, 'invalid_request'],
      [b, { readSeq: -1 }, 'invalid_request'],
      [b, { readSeq: 1.5 }, 'invalid_request'],
      [stranger, { readSeq: 1 }, 'not_found'],
    ] as [TestUser, unknown, string][]) {
      expect((await report(u, ab, body)).body.error.code).toBe(code);
    }
    const ws = await WsClient.connect(s.url, b.token);
    ws.send({ type: 'receipts', conversationId: ab, readSeq: last + 1 });
    expect((await ws.next((f) => f.type === 'error'))['error']).toMatchObject({ code: 'invalid_seq' });
    ws.send({ type: 'receipts', conversationId: ab });
    expect((await ws.next((f) => f.type === 'error'))['error']).toMatchObject({ code: 'invalid_request' });
    const wsS = await WsClient.connect(s.url, stranger.token);
    wsS.send({ type: 'receipts', conversationId: ab, readSeq: 1 });
    expect((await wsS.next((f) => f.type === 'error'))['error']).toMatchObject({ code: 'not_found' });
    expect(await listOf(b)).toEqual(before);
    expect((await api(s.url, 'GET', `/v1/conversations/${ab}/receipts`, { token: a.token })).body.receipts).toEqual([]);
    ws.close();
    wsS.close();
  });
});
