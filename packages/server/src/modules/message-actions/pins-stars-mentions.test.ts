// Pins (who may pin, the list), starred messages (per user, paged) and @mentions (validation,
// the per-user list, whom a message notifies), on a real database.
import type { Message } from '@anytime/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing.js';
import { api, direct, group, registerUser, send, type TestUser } from '../../test-support/harness.js';
import { mentionedUserIds } from './mentions.js';

let s: TestServer;
let owner: TestUser;
let m1: TestUser;
let m2: TestUser;
let g: string;
beforeAll(async () => {
  s = await startTestServer();
  [owner, m1, m2] = await Promise.all([registerUser(s.url), registerUser(s.url), registerUser(s.url)]);
  g = await group(s.url, owner, [m1, m2]);
});
afterAll(() => s?.close());

const sendWith = (u: TestUser, c: string, body: Record<string, unknown>) =>
  api(s.url, 'POST', `/v1/conversations/${c}/messages`, {
    token: u.token,
    body: { clientId: `c-${Math.random()}`, ...body },
  });
const mention = (u: TestUser, offset: number, length: number) => ({
  type: 'mention',
  userId: u.user.id,
  offset,
  length,
});

describe('pins', () => {
  it('admins and the owner pin in groups, members do not; any member pins in a direct chat', async () => {
    const m = (await send(s.url, m1, g, 'pin me')).body.message;
    const r = await api(s.url, 'PUT', `/v1/messages/${m.id}/pin`, { token: m1.token });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('forbidden');
    expect((await api(s.url, 'GET', `/v1/conversations/${g}/pins`, { token: m1.token })).body.messages).toEqual([]);
    const ok = await api(s.url, 'PUT', `/v1/messages/${m.id}/pin`, { token: owner.token });
    expect(ok.status).toBe(200);
    expect(ok.body.message.pin).toMatchObject({ by: owner.user.id });
    const pins = await api(s.url, 'GET', `/v1/conversations/${g}/pins`, { token: m2.token });
    expect(pins.body.messages.map((x: Message) => x.id)).toEqual([m.id]);
    expect((await api(s.url, 'DELETE', `/v1/messages/${m.id}/pin`, { token: m2.token })).status).toBe(403);
    expect((await api(s.url, 'DELETE', `/v1/messages/${m.id}/pin`, { token: owner.token })).body.message.pin).toBe(
      null,
    );
    expect((await api(s.url, 'GET', `/v1/conversations/${g}/pins`, { token: m2.token })).body.messages).toEqual([]);

    const d = await direct(s.url, m1, m2);
    const dm = (await send(s.url, m1, d, 'direct pin')).body.message;
    expect((await api(s.url, 'PUT', `/v1/messages/${dm.id}/pin`, { token: m2.token })).status).toBe(200);
    const outsider = await registerUser(s.url);
    expect((await api(s.url, 'GET', `/v1/conversations/${d}/pins`, { token: outsider.token })).status).toBe(404);
  });
});

describe('starred messages', () => {
  it('are per user, newest star first, paged, and announced on the user stream', async () => {
    const ms: Message[] = [];
    for (let i = 0; i < 3; i++) ms.push((await send(s.url, owner, g, `star ${i}`)).body.message);
    for (const m of ms)
      expect((await api(s.url, 'PUT', `/v1/messages/${m.id}/star`, { token: m1.token })).status).toBe(204);
    const p1 = await api(s.url, 'GET', '/v1/me/starred?limit=2', { token: m1.token });
    expect(p1.body.starred.map((x: { message: Message }) => x.message.text)).toEqual(['star 2', 'star 1']);
    const p2 = await api(s.url, 'GET', `/v1/me/starred?limit=2&before=${p1.body.next}`, { token: m1.token });
    expect(p2.body.starred.map((x: { message: Message }) => x.message.text)).toEqual(['star 0']);
    expect(p2.body.next).toBeNull();
    expect((await api(s.url, 'GET', '/v1/me/starred', { token: m2.token })).body.starred).toEqual([]);
    expect((await api(s.url, 'GET', '/v1/me/starred?before=garbage', { token: m1.token })).body.error.code).toBe(
      'invalid_cursor',
    );
    expect((await api(s.url, 'DELETE', `/v1/messages/${ms[1]!.id}/star`, { token: m1.token })).status).toBe(204);
    const left = await api(s.url, 'GET', '/v1/me/starred', { token: m1.token });
    expect(left.body.starred.map((x: { message: Message }) => x.message.text)).toEqual(['star 2', 'star 0']);
    const sync = await api(s.url, 'GET', '/v1/sync?limit=200', { token: m1.token });
    const starEvents = sync.body.events.filter((e: { type: string }) => e.type === 'message.starred');
    expect(starEvents.map((e: { starredAt: string | null }) => e.starredAt === null)).toEqual([
      false,
      false,
      false,
      true,
    ]);
    const outsider = await registerUser(s.url);
    expect((await api(s.url, 'PUT', `/v1/messages/${ms[0]!.id}/star`, { token: outsider.token })).status).toBe(404);
  });
});

describe('@mentions', () => {
  it('are carried as entities, listed for the mentioned user newest first, and tell whom to notify', async () => {
    const text = 'hi @m1 and @m2';
    const r = await sendWith(owner, g, { text, entities: [mention(m1, 3, 3), mention(m2, 11, 3)] });
    expect(r.status).toBe(201);
    expect(r.body.message.entities).toHaveLength(2);
    const all = await sendWith(owner, g, {
      text: '@all lunch',
      entities: [{ type: 'mention_all', offset: 0, length: 4 }],
    });
    expect(all.status).toBe(201);
    const list = await api(s.url, 'GET', '/v1/me/mentions', { token: m1.token });
    expect(list.body.messages.map((x: Message) => x.text)).toEqual(['@all lunch', text]);
    const page = await api(s.url, 'GET', '/v1/me/mentions?limit=1', { token: m2.token });
    expect(page.body.messages.map((x: Message) => x.text)).toEqual(['@all lunch']);
    const next = await api(s.url, 'GET', `/v1/me/mentions?limit=1&before=${page.body.next}`, { token: m2.token });
    expect(next.body.messages.map((x: Message) => x.text)).toEqual([text]);
    expect((await api(s.url, 'GET', '/v1/me/mentions', { token: owner.token })).body.messages).toEqual([]);
    expect((await mentionedUserIds(s.server.ctx.storage.read, r.body.message)).sort()).toEqual(
      [m1.user.id, m2.user.id].sort(),
    );
    expect((await mentionedUserIds(s.server.ctx.storage.read, all.body.message)).sort()).toEqual(
      [m1.user.id, m2.user.id].sort(),
    );
    // A forward copies the text but not the mentions.
    const fwd = await api(s.url, 'POST', `/v1/messages/${r.body.message.id}/forward`, {
      token: m1.token,
      body: { clientId: 'fwd-mention', conversationId: g },
    });
    expect(fwd.body.message).toMatchObject({ text, entities: [] });
    // An edit that drops the mention takes the message out of the list.
    await api(s.url, 'PATCH', `/v1/messages/${r.body.message.id}`, { token: owner.token, body: { text: 'hi all' } });
    const after = await api(s.url, 'GET', '/v1/me/mentions', { token: m1.token });
    expect(after.body.messages.map((x: Message) => x.text)).toEqual(['@all lunch']);
  });

  it('refuses a mention of a non-member, @all by a non-admin, and bad offsets, storing nothing', async () => {
    const outsider = await registerUser(s.url);
    const before = (await api(s.url, 'GET', `/v1/conversations/${g}`, { token: owner.token })).body.conversation
      .lastSeq;
    const nonMember = await sendWith(owner, g, { text: 'hey @x', entities: [mention(outsider, 4, 2)] });
    expect(nonMember.status).toBe(400);
    expect(nonMember.body.error.code).toBe('mention_not_member');
    const allByMember = await sendWith(m1, g, {
      text: '@all',
      entities: [{ type: 'mention_all', offset: 0, length: 4 }],
    });
    expect(allByMember.status).toBe(403);
    expect(allByMember.body.error.code).toBe('mention_all_forbidden');
    for (const entities of [[mention(m1, 3, 10)], [mention(m1, 0, 3), mention(m2, 2, 2)]]) {
      const bad = await sendWith(owner, g, { text: 'hey @m1', entities });
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('invalid_entities');
    }
    const d = await direct(s.url, owner, m1);
    const allInDirect = await sendWith(owner, d, {
      text: '@all',
      entities: [{ type: 'mention_all', offset: 0, length: 4 }],
    });
    expect(allInDirect.body.error.code).toBe('mention_all_forbidden');
    const m = (await send(s.url, owner, g, 'plain')).body.message;
    const edit = await api(s.url, 'PATCH', `/v1/messages/${m.id}`, {
      token: owner.token,
      body: { text: 'hey @x', entities: [mention(outsider, 4, 2)] },
    });
    expect(edit.body.error.code).toBe('mention_not_member');
    expect((await api(s.url, 'GET', `/v1/conversations/${g}`, { token: owner.token })).body.conversation.lastSeq).toBe(
      before + 1,
    );
    expect((await api(s.url, 'GET', '/v1/me/mentions', { token: outsider.token })).body.messages).toEqual([]);
  });
});
