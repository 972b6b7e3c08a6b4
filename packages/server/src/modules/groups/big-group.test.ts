// A group of LIMITS.groupMembersMax (10,000) members: creating it, sending into it with
// members' sockets connected, changing it, and syncing a member stay usable. The times are
// printed for docs/benchmarks.md; nothing here asserts a time (the machine is shared).
import { LIMITS } from '@anytime/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, testBackend, type TestServer } from '../../testing.js';
import { bulkUsers } from '../../test-support/bulk-users.js';
import { api, registerUser, send, WsClient } from '../../test-support/harness.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

const SOCKETS = 20;
const SENDS = 30;

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const v = await fn();
  return [v, performance.now() - t0];
}

describe('a 10,000-member group', () => {
  it('is created, sent into, changed and synced at usable speed', async () => {
    const owner = await registerUser(s.url);
    const live = await Promise.all(Array.from({ length: SOCKETS }, () => registerUser(s.url)));
    const bulk = await bulkUsers(s, LIMITS.groupMembersMax - 1 - SOCKETS);
    const sockets = await Promise.all(live.map((u) => WsClient.connect(s.url, u.token)));
    const memberIds = [...live.map((u) => u.user.id), ...bulk];

    const [created, createMs] = await timed(() =>
      api(s.url, 'POST', '/v1/conversations', {
        token: owner.token,
        body: { kind: 'group', title: 'everyone', memberIds },
      }),
    );
    expect(created.status).toBe(201);
    const id = created.body.conversation.id as string;
    expect(created.body.conversation.memberCount).toBe(LIMITS.groupMembersMax);
    // The event names no members: it stays small whatever the group's size.
    expect(JSON.stringify(created.body.conversation).length).toBeLessThan(1_000);
    await Promise.all(sockets.map((ws) => ws.next((f) => f.type === 'conversation.created', 10_000)));

    const sendMs: number[] = [];
    for (let i = 0; i < SENDS; i++) {
      const [r, ms] = await timed(() => send(s.url, owner, id, `news ${i}`));
      expect(r.status).toBe(201);
      sendMs.push(ms);
    }
    const last = `news ${SENDS - 1}`;
    await Promise.all(
      sockets.map((ws) =>
        ws.next((f) => f.type === 'message.created' && (f['message'] as { text: string }).text === last, 10_000),
      ),
    );
    for (const ws of sockets) expect(ws.events('message.created')).toHaveLength(SENDS);

    const newcomer = await registerUser(s.url);
    const [full] = await timed(() =>
      api(s.url, 'POST', `/v1/conversations/${id}/members`, {
        token: owner.token,
        body: { userIds: [newcomer.user.id] },
      }),
    );
    expect(full.body.error.code).toBe('too_many_members');
    const [, removeMs] = await timed(() =>
      api(s.url, 'DELETE', `/v1/conversations/${id}/members/${bulk[0]}`, { token: owner.token }),
    );
    const [added, addMs] = await timed(() =>
      api(s.url, 'POST', `/v1/conversations/${id}/members`, {
        token: owner.token,
        body: { userIds: [newcomer.user.id] },
      }),
    );
    expect(added.body.conversation.memberCount).toBe(LIMITS.groupMembersMax);
    const [, renameMs] = await timed(() =>
      api(s.url, 'PATCH', `/v1/conversations/${id}`, { token: owner.token, body: { title: 'all of us' } }),
    );
    const [list, listMs] = await timed(() => api(s.url, 'GET', '/v1/conversations', { token: live[0]!.token }));
    expect(list.body.conversations[0].title).toBe('all of us');
    const [page, pageMs] = await timed(() =>
      api(s.url, 'GET', `/v1/conversations/${id}/members?limit=200`, { token: live[0]!.token }),
    );
    expect(page.body.members).toHaveLength(200);
    const [synced, syncMs] = await timed(() => api(s.url, 'GET', '/v1/sync?limit=200', { token: live[1]!.token }));
    expect(synced.status).toBe(200);

    const sorted = [...sendMs].sort((a, b) => a - b);
    const ms = (n: number) => Math.round(n * 10) / 10;
    console.log(
      `[big-group ${testBackend()}] ${LIMITS.groupMembersMax} members, ${SOCKETS} sockets: create ${ms(createMs)} ms; ` +
        `send p50 ${ms(sorted[Math.floor(SENDS / 2)]!)} ms, max ${ms(sorted.at(-1)!)} ms; remove ${ms(removeMs)} ms; ` +
        `add ${ms(addMs)} ms; rename ${ms(renameMs)} ms; list conversations ${ms(listMs)} ms; ` +
        `members page ${ms(pageMs)} ms; sync page ${ms(syncMs)} ms`,
    );
    sockets.forEach((w) => w.close());
  }, 180_000);
});
