// Unread mentions per conversation: messages of others after the read position that mention the
// user by name or everyone (@all); a delete for everyone and an edit change the count; reading
// clears it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing.js';
import { api, group, registerUser, uniqueName, type TestUser } from '../../test-support/harness.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

async function send(u: TestUser, conversationId: string, text: string, entities: unknown[] = []) {
  const r = await api(s.url, 'POST', `/v1/conversations/${conversationId}/messages`, {
    token: u.token,
    body: { clientId: uniqueName('c'), text, entities },
  });
  expect(r.status).toBe(201);
  return r.body.message as { id: string; seq: number };
}
async function stateOf(u: TestUser, id: string) {
  const r = await api(s.url, 'GET', '/v1/conversations', { token: u.token });
  const i = (r.body.conversations as { id: string }[]).findIndex((c) => c.id === id);
  return r.body.states[i] as { unreadCount: number; unreadMentions: number; readSeq: number };
}
const mention = (userId: string) => ({ type: 'mention', userId, offset: 0, length: 4 });

describe('unread mentions', () => {
  it('counts mentions by name and @all from others after the read position', async () => {
    const [owner, a, b] = [await registerUser(s.url), await registerUser(s.url), await registerUser(s.url)];
    const g = await group(s.url, owner, [a, b]);
    await send(b, g, 'hey! plain message');
    await send(b, g, 'Anna, look', [mention(a.user.id)]);
    await send(b, g, 'Owen only', [mention(owner.user.id)]);
    const all = await send(owner, g, '@all dinner', [{ type: 'mention_all', offset: 0, length: 4 }]);
    // A's own mention of themself does not count (their own message).
    await send(a, g, 'me me', [mention(a.user.id)]);
    expect(await stateOf(a, g)).toMatchObject({ unreadCount: 4, unreadMentions: 2 });
    expect(await stateOf(owner, g)).toMatchObject({ unreadCount: 4, unreadMentions: 1 });
    // The sender of @all is not mentioned by their own message.
    expect(await stateOf(b, g)).toMatchObject({ unreadMentions: 1 });

    // Reading up to the @all message clears them.
    const read = await api(s.url, 'POST', `/v1/conversations/${g}/receipts`, {
      token: a.token,
      body: { readSeq: all.seq },
    });
    expect(read.status).toBe(200);
    expect(read.body.state).toMatchObject({ unreadCount: 0, unreadMentions: 0 });
  });

  it('follows edits and deletes of unread messages', async () => {
    const [owner, a] = [await registerUser(s.url), await registerUser(s.url)];
    const g = await group(s.url, owner, [a]);
    const m = await send(owner, g, 'Anna? nothing yet');
    expect(await stateOf(a, g)).toMatchObject({ unreadCount: 1, unreadMentions: 0 });
    const edit = await api(s.url, 'PATCH', `/v1/messages/${m.id}`, {
      token: owner.token,
      body: { text: 'Anna? nothing yet', entities: [mention(a.user.id)] },
    });
    expect(edit.status).toBe(200);
    expect(await stateOf(a, g)).toMatchObject({ unreadCount: 1, unreadMentions: 1 });
    const del = await api(s.url, 'DELETE', `/v1/messages/${m.id}`, { token: owner.token });
    expect(del.status).toBe(200);
    // The tombstone still counts as unread, but mentions nobody any more.
    expect(await stateOf(a, g)).toMatchObject({ unreadCount: 1, unreadMentions: 0 });
  });

  it('refuses a mention of someone outside the group and counts nothing for it', async () => {
    const [owner, a, stranger] = [await registerUser(s.url), await registerUser(s.url), await registerUser(s.url)];
    const g = await group(s.url, owner, [a]);
    const r = await api(s.url, 'POST', `/v1/conversations/${g}/messages`, {
      token: owner.token,
      body: { clientId: uniqueName('c'), text: 'Stan!', entities: [mention(stranger.user.id)] },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('mention_not_member');
    expect(await stateOf(a, g)).toMatchObject({ unreadCount: 0, unreadMentions: 0 });
  });
});
