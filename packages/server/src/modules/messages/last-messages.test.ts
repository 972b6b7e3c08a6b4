// The conversation list's lastMessages: the latest message each user may see, in list order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing.js';
import { api, direct, group, registerUser, send, type TestUser } from '../../test-support/harness.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

interface ListBody {
  conversations: { id: string }[];
  lastMessages: ({ id: string; text: string; senderId: string; deletedAt: string | null; system: unknown } | null)[];
}
async function listOf(u: TestUser): Promise<ListBody> {
  const r = await api<ListBody>(s.url, 'GET', '/v1/conversations', { token: u.token });
  expect(r.status).toBe(200);
  return r.body;
}
function lastOf(list: ListBody, id: string) {
  const i = list.conversations.findIndex((c) => c.id === id);
  expect(i).toBeGreaterThanOrEqual(0);
  return list.lastMessages[i];
}

describe('conversation list: last messages', () => {
  it('gives each conversation its latest message, in the same order as the conversations', async () => {
    const a = await registerUser(s.url);
    const b = await registerUser(s.url);
    const c = await registerUser(s.url);
    const ab = await direct(s.url, a, b);
    const ac = await direct(s.url, a, c);
    await send(s.url, b, ab, 'first from b');
    await send(s.url, a, ab, 'reply from a');
    await send(s.url, c, ac, 'hello from c');
    const list = await listOf(a);
    expect(list.lastMessages).toHaveLength(list.conversations.length);
    expect(list.conversations.map((x) => x.id)).toEqual([ac, ab]);
    expect(list.lastMessages.map((m) => m?.text)).toEqual(['hello from c', 'reply from a']);
    expect(lastOf(list, ab)).toMatchObject({ senderId: a.user.id });
    // A direct chat without messages has none.
    const d = await registerUser(s.url);
    const ad = await direct(s.url, a, d);
    expect(lastOf(await listOf(a), ad)).toBeNull();
  });

  it('skips messages deleted for the user, keeps tombstones, and starts from when the user joined', async () => {
    const a = await registerUser(s.url);
    const b = await registerUser(s.url);
    const ab = await direct(s.url, a, b);
    await send(s.url, a, ab, 'kept');
    const hidden = await send(s.url, b, ab, 'hidden for a');
    const hide = await api(s.url, 'POST', `/v1/messages/${hidden.body.message.id}/hide`, { token: a.token });
    expect(hide.status).toBeLessThan(300);
    expect(lastOf(await listOf(a), ab)?.text).toBe('kept');
    // The other member still sees it.
    expect(lastOf(await listOf(b), ab)?.text).toBe('hidden for a');

    const gone = await send(s.url, a, ab, 'to be deleted');
    const del = await api(s.url, 'DELETE', `/v1/messages/${gone.body.message.id}`, { token: a.token });
    expect(del.status).toBe(200);
    const tomb = lastOf(await listOf(b), ab);
    expect(tomb).toMatchObject({ id: gone.body.message.id });
    expect(tomb?.deletedAt).not.toBeNull();

    // A member added later sees the system item of their joining, not the talk before it.
    const c = await registerUser(s.url);
    const g = await group(s.url, a, [b], 'family');
    await send(s.url, b, g, 'before c joined');
    const add = await api(s.url, 'POST', `/v1/conversations/${g}/members`, {
      token: a.token,
      body: { userIds: [c.user.id] },
    });
    expect(add.status).toBe(200);
    const forC = lastOf(await listOf(c), g);
    expect(forC?.text).not.toBe('before c joined');
    expect(forC?.system).toMatchObject({ action: 'members_added' });
    expect(lastOf(await listOf(b), g)?.system).toMatchObject({ action: 'members_added' });
  });

  it('is empty for a user without conversations', async () => {
    const a = await registerUser(s.url);
    expect(await listOf(a)).toEqual({ conversations: [], states: [], lastMessages: [] });
  });
});
