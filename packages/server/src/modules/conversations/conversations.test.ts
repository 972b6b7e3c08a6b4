import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '@anytime/protocol';
import { startTestServer, type TestServer } from '../../testing.js';
import { api, registerUser, send } from '../../test-support/harness.js';
import { bulkUsers } from '../../test-support/bulk-users.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

describe('conversations', () => {
  it('creates one direct chat per pair; creating again returns it with 200', async () => {
    const a = await registerUser(s.url);
    const b = await registerUser(s.url);
    const first = await api(s.url, 'POST', '/v1/conversations', {
      token: a.token,
      body: { kind: 'direct', memberIds: [b.user.id] },
    });
    expect(first.status).toBe(201);
    expect(first.body.conversation).toMatchObject({ kind: 'direct', lastSeq: 1 });
    expect([...first.body.conversation.memberIds].sort()).toEqual([a.user.id, b.user.id].sort());
    const again = await api(s.url, 'POST', '/v1/conversations', {
      token: b.token,
      body: { kind: 'direct', memberIds: [a.user.id] },
    });
    expect(again.status).toBe(200);
    expect(again.body.conversation.id).toBe(first.body.conversation.id);
  });

  it('races for the same direct chat end with one conversation', async () => {
    const a = await registerUser(s.url);
    const b = await registerUser(s.url);
    const rs = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        api(s.url, 'POST', '/v1/conversations', {
          token: i % 2 ? a.token : b.token,
          body: { kind: 'direct', memberIds: [i % 2 ? b.user.id : a.user.id] },
        }),
      ),
    );
    expect(new Set(rs.map((r) => r.body.conversation.id)).size).toBe(1);
    expect(rs.filter((r) => r.status === 201)).toHaveLength(1);
  });

  it('creates a group with the creator as owner; clientId makes it idempotent', async () => {
    const [a, b, c] = await Promise.all([registerUser(s.url), registerUser(s.url), registerUser(s.url)]);
    const body = { kind: 'group', title: 'Family', memberIds: [b.user.id, c.user.id, b.user.id], clientId: 'g1' };
    const r = await api(s.url, 'POST', '/v1/conversations', { token: a.token, body });
    expect(r.status).toBe(201);
    expect(r.body.conversation).toMatchObject({ kind: 'group', title: 'Family', createdBy: a.user.id });
    // A group's Conversation counts its members instead of listing them.
    expect(r.body.conversation).toMatchObject({ memberCount: 3, memberIds: [], ownerId: a.user.id, adminIds: [] });
    const again = await api(s.url, 'POST', '/v1/conversations', { token: a.token, body });
    expect(again.status).toBe(200);
    expect(again.body.conversation.id).toBe(r.body.conversation.id);
    const members = await api(s.url, 'GET', `/v1/conversations/${r.body.conversation.id}/members`, { token: b.token });
    const roles = Object.fromEntries(
      members.body.members.map((m: { userId: string; role: string }) => [m.userId, m.role]),
    );
    expect(roles).toEqual({ [a.user.id]: 'owner', [b.user.id]: 'member', [c.user.id]: 'member' });
  });

  it('refuses groups over the member limit and unknown members, changing nothing', async () => {
    const a = await registerUser(s.url);
    const tooMany = Array.from({ length: LIMITS.groupMembersMax }, (_, i) => `user-${i}`);
    const r = await api(s.url, 'POST', '/v1/conversations', {
      token: a.token,
      body: { kind: 'group', title: 't', memberIds: tooMany },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('too_many_members');
    const unknown = await api(s.url, 'POST', '/v1/conversations', {
      token: a.token,
      body: { kind: 'group', title: 't', memberIds: ['no-such-user'] },
    });
    expect(unknown.status).toBe(404);
    const d = await api(s.url, 'POST', '/v1/conversations', {
      token: a.token,
      body: { kind: 'direct', memberIds: ['nobody'] },
    });
    expect(d.status).toBe(404);
    expect((await api(s.url, 'GET', '/v1/conversations', { token: a.token })).body.conversations).toEqual([]);
  });

  it('accepts a group of exactly the limit, and one more is refused', async () => {
    const owner = await registerUser(s.url);
    const others = await bulkUsers(s, LIMITS.groupMembersMax);
    const full = others.slice(0, LIMITS.groupMembersMax - 1);
    const r = await api(s.url, 'POST', '/v1/conversations', {
      token: owner.token,
      body: { kind: 'group', title: 'big', memberIds: full },
    });
    expect(r.status).toBe(201);
    expect(r.body.conversation.memberCount).toBe(LIMITS.groupMembersMax);
    let count = 0;
    let after: string | null = null;
    do {
      const page: { body: { members: unknown[]; nextAfter: string | null } } = await api(
        s.url,
        'GET',
        `/v1/conversations/${r.body.conversation.id}/members?limit=200${after ? `&after=${after}` : ''}`,
        { token: owner.token },
      );
      count += page.body.members.length;
      after = page.body.nextAfter;
    } while (after);
    expect(count).toBe(LIMITS.groupMembersMax);
    const over = await api(s.url, 'POST', '/v1/conversations', {
      token: owner.token,
      body: { kind: 'group', title: 'too big', memberIds: others.slice(0, LIMITS.groupMembersMax) },
    });
    expect(over.status).toBe(400);
    expect(over.body.error.code).toBe('too_many_members');
  }, 120_000);

  it('lists conversations by latest activity and hides others', async () => {
    const [a, b, c] = await Promise.all([registerUser(s.url), registerUser(s.url), registerUser(s.url)]);
    const ab = (
      await api(s.url, 'POST', '/v1/conversations', {
        token: a.token,
        body: { kind: 'direct', memberIds: [b.user.id] },
      })
    ).body.conversation.id;
    const ac = (
      await api(s.url, 'POST', '/v1/conversations', {
        token: a.token,
        body: { kind: 'direct', memberIds: [c.user.id] },
      })
    ).body.conversation.id;
    await send(s.url, a, ab, 'newest');
    const list = await api(s.url, 'GET', '/v1/conversations', { token: a.token });
    expect(list.body.conversations.map((x: { id: string }) => x.id)).toEqual([ab, ac]);
    expect(list.body.conversations[0].lastSeq).toBe(2);
    expect((await api(s.url, 'GET', `/v1/conversations/${ab}`, { token: c.token })).status).toBe(404);
    expect((await api(s.url, 'GET', `/v1/conversations/${ab}/members`, { token: c.token })).status).toBe(404);
    expect((await api(s.url, 'GET', `/v1/conversations/${ab}`, { token: b.token })).status).toBe(200);
  });
});
