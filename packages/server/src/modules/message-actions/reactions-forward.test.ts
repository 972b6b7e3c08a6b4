// Reactions (one emoji each, counts and a capped who, the full list), replies with a quote, and
// forwarding, on a real database.
import { LIMITS } from '@anytime/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing.js';
import { api, direct, group, registerUser, send, type TestUser } from '../../test-support/harness.js';

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

const react = (u: TestUser, id: string, emoji: string) =>
  api(s.url, 'POST', `/v1/messages/${id}/reactions`, { token: u.token, body: { emoji } });
const unreact = (u: TestUser, id: string, emoji: string) =>
  api(s.url, 'DELETE', `/v1/messages/${id}/reactions?emoji=${encodeURIComponent(emoji)}`, { token: u.token });

describe('reactions', () => {
  it('counts one of each emoji per user, several emoji allowed, and removes', async () => {
    const m = (await send(s.url, a, conv, 'react to me')).body.message;
    expect((await react(a, m.id, '👍')).body.message.reactions).toEqual([
      { emoji: '👍', count: 1, userIds: [a.user.id] },
    ]);
    const again = await react(a, m.id, '👍');
    expect(again.body.message.updatedSeq).toBe(m.seq + 1);
    await react(b, m.id, '👍');
    const family = '👨‍👩‍👧';
    const r = await react(a, m.id, family);
    expect(r.status).toBe(200);
    expect(r.body.message.reactions).toEqual([
      { emoji: '👍', count: 2, userIds: [a.user.id, b.user.id] },
      { emoji: family, count: 1, userIds: [a.user.id] },
    ]);
    const removed = await unreact(a, m.id, '👍');
    expect(removed.body.message.reactions).toEqual([
      { emoji: '👍', count: 1, userIds: [b.user.id] },
      { emoji: family, count: 1, userIds: [a.user.id] },
    ]);
    const hist = await api(s.url, 'GET', `/v1/conversations/${conv}/messages?limit=200`, { token: b.token });
    expect(hist.body.messages.find((x: { id: string }) => x.id === m.id).reactions).toEqual(
      removed.body.message.reactions,
    );
  });

  it('refuses text instead of an emoji with invalid_emoji, changing nothing', async () => {
    const m = (await send(s.url, a, conv, 'x')).body.message;
    for (const emoji of ['lol', '👍👍', '', 'a👍']) {
      const r = await react(b, m.id, emoji);
      expect(r.status, emoji).toBe(400);
      expect(r.body.error.code, emoji).toBe('invalid_emoji');
    }
    expect((await unreact(b, m.id, 'nope')).body.error.code).toBe('invalid_emoji');
    const hist = await api(s.url, 'GET', `/v1/conversations/${conv}/messages?afterSeq=${m.seq - 1}`, {
      token: b.token,
    });
    expect(hist.body.messages[0]).toMatchObject({ id: m.id, reactions: [], updatedSeq: m.seq });
  });

  it('names at most reactionWhoInline users per emoji; the route lists everyone, paged', async () => {
    const owner = await registerUser(s.url);
    const others = await Promise.all(Array.from({ length: LIMITS.reactionWhoInline + 3 }, () => registerUser(s.url)));
    const g = await group(s.url, owner, others);
    const m = (await send(s.url, owner, g, 'vote')).body.message;
    let last;
    for (const u of others) last = await react(u, m.id, '🎉');
    expect(last!.body.message.reactions[0].count).toBe(others.length);
    expect(last!.body.message.reactions[0].userIds).toHaveLength(LIMITS.reactionWhoInline);
    const page1 = await api(s.url, 'GET', `/v1/messages/${m.id}/reactions?limit=10`, { token: owner.token });
    expect(page1.status).toBe(200);
    const after = page1.body.reactions.at(-1).userId;
    const page2 = await api(s.url, 'GET', `/v1/messages/${m.id}/reactions?limit=10&afterUserId=${after}`, {
      token: owner.token,
    });
    const all = [...page1.body.reactions, ...page2.body.reactions].map((r: { userId: string }) => r.userId);
    expect(all.sort()).toEqual(others.map((u) => u.user.id).sort());
    const outsider = await registerUser(s.url);
    expect((await api(s.url, 'GET', `/v1/messages/${m.id}/reactions`, { token: outsider.token })).status).toBe(404);
    expect((await react(outsider, m.id, '🎉')).status).toBe(404);
  });
});

describe('replies', () => {
  it('carry a quote snapshot: the sender and a short excerpt', async () => {
    const long = `${'x'.repeat(LIMITS.quoteExcerptMax - 1)}😀 and more`;
    const target = (await send(s.url, a, conv, long)).body.message;
    const r = await api(s.url, 'POST', `/v1/conversations/${conv}/messages`, {
      token: b.token,
      body: { clientId: 'reply-quote', text: 'answer', replyToId: target.id },
    });
    expect(r.status).toBe(201);
    expect(r.body.message.replyToId).toBe(target.id);
    // The emoji's surrogate pair would be cut in two: the excerpt stops before it.
    expect(r.body.message.quote).toEqual({ senderId: a.user.id, text: 'x'.repeat(LIMITS.quoteExcerptMax - 1) });
  });
});

describe('forward', () => {
  it('copies text into another conversation, marked with the original sender, idempotent by clientId', async () => {
    const c = await registerUser(s.url);
    const other = await direct(s.url, b, c);
    const m = (await send(s.url, a, conv, 'pass it on')).body.message;
    const body = { clientId: 'fwd-1', conversationId: other };
    const r = await api(s.url, 'POST', `/v1/messages/${m.id}/forward`, { token: b.token, body });
    expect(r.status).toBe(201);
    expect(r.body.message).toMatchObject({
      conversationId: other,
      senderId: b.user.id,
      text: 'pass it on',
      forwarded: { senderId: a.user.id },
      entities: [],
    });
    const again = await api(s.url, 'POST', `/v1/messages/${m.id}/forward`, { token: b.token, body });
    expect(again.status).toBe(200);
    expect(again.body.message).toEqual(r.body.message);
    // Forwarding the forwarded copy keeps naming the first sender.
    const twice = await api(s.url, 'POST', `/v1/messages/${r.body.message.id}/forward`, {
      token: c.token,
      body: { clientId: 'fwd-2', conversationId: other },
    });
    expect(twice.body.message.forwarded).toEqual({ senderId: a.user.id });
  });

  it('refuses a message from a conversation the user is not in, and a target they are not in', async () => {
    const [c, d] = await Promise.all([registerUser(s.url), registerUser(s.url)]);
    const cd = await direct(s.url, c, d);
    const m = (await send(s.url, a, conv, 'private')).body.message;
    const r = await api(s.url, 'POST', `/v1/messages/${m.id}/forward`, {
      token: c.token,
      body: { clientId: 'steal', conversationId: cd },
    });
    expect(r.status).toBe(404);
    const into = await api(s.url, 'POST', `/v1/messages/${m.id}/forward`, {
      token: a.token,
      body: { clientId: 'intrude', conversationId: cd },
    });
    expect(into.status).toBe(404);
    const hist = await api(s.url, 'GET', `/v1/conversations/${cd}/messages`, { token: c.token });
    expect(hist.body.messages).toEqual([]);
  });
});
