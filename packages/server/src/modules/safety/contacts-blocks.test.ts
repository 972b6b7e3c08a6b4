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

const block = (by: TestUser, who: TestUser) =>
  api(s.url, 'POST', '/v1/blocks', { token: by.token, body: { userId: who.user.id } });
const unblock = (by: TestUser, who: TestUser) => api(s.url, 'DELETE', `/v1/blocks/${who.user.id}`, { token: by.token });

async function countRows(conversationId: string) {
  const db = s.server.ctx.storage.read;
  const m = await db
    .selectFrom('messages')
    .select(db.fn.countAll().as('n'))
    .where('conversation_id', '=', conversationId)
    .executeTakeFirstOrThrow();
  const e = await db
    .selectFrom('events')
    .select(db.fn.countAll().as('n'))
    .where('conversation_id', '=', conversationId)
    .executeTakeFirstOrThrow();
  return { messages: Number(m.n), events: Number(e.n) };
}

describe('contacts', () => {
  it('add, rename, list and remove, on every device of the user and no one else', async () => {
    const [a, b, c] = await Promise.all([registerUser(s.url), registerUser(s.url), registerUser(s.url)]);
    const a2 = await loginUser(s.url, a);
    const ws2 = await WsClient.connect(s.url, a2.token);
    const wsB = await WsClient.connect(s.url, b.token);
    const added = await api(s.url, 'POST', '/v1/contacts', { token: a.token, body: { userId: b.user.id } });
    expect(added.status).toBe(200);
    expect(added.body.contact).toMatchObject({ userId: b.user.id, name: null });
    expect((await ws2.next((f) => f.type === 'contact.saved'))['contact']).toEqual(added.body.contact);
    const renamed = await api(s.url, 'POST', '/v1/contacts', {
      token: a.token,
      body: { userId: b.user.id, name: ' Bobby ' },
    });
    expect(renamed.body.contact).toEqual({ ...added.body.contact, name: 'Bobby' });
    // The same again changes nothing and emits nothing.
    await api(s.url, 'POST', '/v1/contacts', { token: a.token, body: { userId: b.user.id } });
    await api(s.url, 'POST', '/v1/contacts', { token: a.token, body: { userId: c.user.id, name: 'Cee' } });
    const list = await api(s.url, 'GET', '/v1/contacts', { token: a2.token });
    expect(list.body.contacts.map((x: { name: string }) => x.name).sort()).toEqual(['Bobby', 'Cee']);
    expect((await api(s.url, 'DELETE', `/v1/contacts/${c.user.id}`, { token: a.token })).status).toBe(204);
    await ws2.next((f) => f.type === 'contact.removed' && f['userId'] === c.user.id);
    expect(ws2.events('contact.saved')).toHaveLength(3);
    expect((await api(s.url, 'GET', '/v1/contacts', { token: a.token })).body.contacts).toEqual([renamed.body.contact]);
    expect(wsB.events()).toEqual([]);
    ws2.close();
    wsB.close();
  });

  it('refuses yourself, unknown users and removing a non-contact, changing nothing', async () => {
    const a = await registerUser(s.url);
    const self = await api(s.url, 'POST', '/v1/contacts', { token: a.token, body: { userId: a.user.id } });
    expect([self.status, self.body.error.code]).toEqual([400, 'self_target']);
    const unknown = await api(s.url, 'POST', '/v1/contacts', { token: a.token, body: { userId: 'nobody-here' } });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'not_found']);
    const long = await api(s.url, 'POST', '/v1/contacts', {
      token: a.token,
      body: { userId: a.user.id, name: 'x'.repeat(65) },
    });
    expect(long.status).toBe(400);
    expect((await api(s.url, 'DELETE', `/v1/contacts/${a.user.id}`, { token: a.token })).status).toBe(404);
    expect((await api(s.url, 'GET', '/v1/contacts', { token: a.token })).body.contacts).toEqual([]);
  });
});

describe('blocks', () => {
  it("refuse the blocked user's sends into the direct chat with 403 and store nothing; history stays readable", async () => {
    const [a, b] = await Promise.all([registerUser(s.url), registerUser(s.url)]);
    const conv = await direct(s.url, a, b);
    await send(s.url, a, conv, 'before the block');
    const wsA2 = await WsClient.connect(s.url, (await loginUser(s.url, a)).token);
    expect((await block(a, b)).status).toBe(204);
    const ev = await wsA2.next((f) => f.type === 'block.added');
    expect((ev['block'] as { userId: string }).userId).toBe(b.user.id);
    const before = await countRows(conv);
    const r = await send(s.url, b, conv, 'let me in');
    expect([r.status, r.body.error.code]).toEqual([403, 'blocked']);
    // Over the socket too.
    const wsB = await WsClient.connect(s.url, b.token);
    wsB.send({ type: 'send', conversationId: conv, clientId: 'blocked-ws', text: 'over the socket' });
    const err = await wsB.next((f) => f.type === 'error');
    expect(err).toMatchObject({ clientId: 'blocked-ws', error: { code: 'blocked' } });
    // The blocker cannot write either until they unblock.
    expect((await send(s.url, a, conv, 'hello?')).status).toBe(403);
    expect(await countRows(conv)).toEqual(before);
    const history = await api(s.url, 'GET', `/v1/conversations/${conv}/messages`, { token: b.token });
    expect(history.body.messages.map((m: { text: string }) => m.text)).toEqual(['before the block']);
    // Blocking again changes nothing; the list shows it once.
    expect((await block(a, b)).status).toBe(204);
    expect((await api(s.url, 'GET', '/v1/blocks', { token: a.token })).body.blocks).toEqual([
      { userId: b.user.id, blockedAt: (ev['block'] as { blockedAt: string }).blockedAt },
    ]);
    expect(wsA2.events('block.added')).toHaveLength(1);
    expect((await unblock(a, b)).status).toBe(204);
    await wsA2.next((f) => f.type === 'block.removed' && f['userId'] === b.user.id);
    expect((await send(s.url, b, conv, 'friends again')).status).toBe(201);
    expect(wsB.events('block.added')).toEqual([]);
    wsA2.close();
    wsB.close();
  });

  it('stop a new direct chat and group adds either way, but not group messages', async () => {
    const [a, b, c] = await Promise.all([registerUser(s.url), registerUser(s.url), registerUser(s.url)]);
    const g = await group(s.url, c, [a, b], 'both in it');
    await block(a, b);
    for (const [from, to] of [
      [b, a],
      [a, b],
    ] as const) {
      const d = await api(s.url, 'POST', '/v1/conversations', {
        token: from.token,
        body: { kind: 'direct', memberIds: [to.user.id] },
      });
      expect([d.status, d.body.error?.code]).toEqual([403, 'blocked']);
    }
    const g2 = await api(s.url, 'POST', '/v1/conversations', {
      token: b.token,
      body: { kind: 'group', title: 'trap', memberIds: [a.user.id, c.user.id] },
    });
    expect([g2.status, g2.body.error.code]).toEqual([403, 'blocked']);
    // Adding to an existing group is refused the same way, and adds nobody.
    const own = await group(s.url, b, [c], 'b owns it');
    const add = await api(s.url, 'POST', `/v1/conversations/${own}/members`, {
      token: b.token,
      body: { userIds: [a.user.id] },
    });
    expect([add.status, add.body.error?.code]).toEqual([403, 'blocked']);
    const members = await api(s.url, 'GET', `/v1/conversations/${own}/members`, { token: b.token });
    expect(members.body.members.map((m: { userId: string }) => m.userId)).not.toContain(a.user.id);
    expect((await send(s.url, b, g, 'in the group')).status).toBe(201);
    expect((await send(s.url, a, g, 'still here')).status).toBe(201);
    expect((await api(s.url, 'GET', '/v1/conversations', { token: a.token })).body.conversations).toHaveLength(1);
  });

  it('a direct chat that existed before the block is returned, not refused', async () => {
    const [a, b] = await Promise.all([registerUser(s.url), registerUser(s.url)]);
    const conv = await direct(s.url, a, b);
    await block(a, b);
    const again = await api(s.url, 'POST', '/v1/conversations', {
      token: b.token,
      body: { kind: 'direct', memberIds: [a.user.id] },
    });
    expect([again.status, again.body.conversation.id]).toEqual([200, conv]);
  });

  it('refuse yourself, unknown users and unblocking someone not blocked', async () => {
    const a = await registerUser(s.url);
    const self = await block(a, a);
    expect([self.status, self.body.error.code]).toEqual([400, 'self_target']);
    const unknown = await api(s.url, 'POST', '/v1/blocks', { token: a.token, body: { userId: 'no-such-user' } });
    expect(unknown.status).toBe(404);
    expect((await unblock(a, a)).status).toBe(404);
    expect((await api(s.url, 'GET', '/v1/blocks', { token: a.token })).body.blocks).toEqual([]);
  });
});
