import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '@anytime/protocol';
import { startTestServer, type TestServer } from '../../testing.js';
import { api, direct, registerUser, send, type TestUser } from '../../test-support/harness.js';

let s: TestServer;
let a: TestUser;
let b: TestUser;
let conv: string;
beforeAll(async () => {
  s = await startTestServer();
  [a, b] = await Promise.all([registerUser(s.url), registerUser(s.url)]);
  conv = await direct(s.url, a, b);
});
afterAll(() => s.close());

const history = (u: TestUser, q = '') =>
  api(s.url, 'GET', `/v1/conversations/${conv}/messages${q}`, { token: u.token });

describe('messages', () => {
  it('sends with the contract shape; a repeated clientId returns the original and stores nothing', async () => {
    const r = await api(s.url, 'POST', `/v1/conversations/${conv}/messages`, {
      token: a.token,
      body: { clientId: 'same-1', text: 'hi' },
    });
    expect(r.status).toBe(201);
    expect(r.body.message).toMatchObject({
      conversationId: conv,
      senderId: a.user.id,
      clientId: 'same-1',
      text: 'hi',
      replyToId: null,
    });
    expect(typeof r.body.message.createdAt).toBe('string');
    const before = (await history(a)).body.messages.length;
    const again = await api(s.url, 'POST', `/v1/conversations/${conv}/messages`, {
      token: a.token,
      body: { clientId: 'same-1', text: 'different text' },
    });
    expect(again.status).toBe(200);
    expect(again.body.message).toEqual(r.body.message);
    expect((await history(a)).body.messages.length).toBe(before);
  });

  it('gives concurrent sends strictly increasing, gapless seqs', async () => {
    const start = (await api(s.url, 'GET', `/v1/conversations/${conv}`, { token: a.token })).body.conversation.lastSeq;
    const rs = await Promise.all(Array.from({ length: 40 }, (_, i) => send(s.url, i % 2 ? a : b, conv, `m${i}`)));
    const seqs = rs.map((r) => r.body.message.seq).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => start + 1 + i));
  });

  it('accepts 16,000 characters and refuses 16,001 with text_too_long', async () => {
    expect((await send(s.url, a, conv, 'x'.repeat(LIMITS.textMax))).status).toBe(201);
    const count = (await history(a, '?limit=200')).body.messages.length;
    const long = await send(s.url, a, conv, 'x'.repeat(LIMITS.textMax + 1));
    expect(long.status).toBe(400);
    expect(long.body.error.code).toBe('text_too_long');
    expect((await history(a, '?limit=200')).body.messages.length).toBe(count);
  });

  it('replies to a message of the same conversation only', async () => {
    const target = (await send(s.url, a, conv, 'original')).body.message;
    const reply = await api(s.url, 'POST', `/v1/conversations/${conv}/messages`, {
      token: b.token,
      body: { clientId: 'reply-1', text: 'answer', replyToId: target.id },
    });
    expect(reply.status).toBe(201);
    expect(reply.body.message.replyToId).toBe(target.id);
    const c = await registerUser(s.url);
    const other = await direct(s.url, a, c);
    const foreign = await api(s.url, 'POST', `/v1/conversations/${other}/messages`, {
      token: a.token,
      body: { clientId: 'reply-2', text: 'x', replyToId: target.id },
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.code).toBe('invalid_reply');
  });

  it('pages history by afterSeq, beforeSeq and limit, ascending', async () => {
    const u1 = await registerUser(s.url);
    const u2 = await registerUser(s.url);
    const c = await direct(s.url, u1, u2);
    for (let i = 1; i <= 12; i++) await send(s.url, u1, c, `n${i}`);
    const get = async (q: string) =>
      (await api(s.url, 'GET', `/v1/conversations/${c}/messages${q}`, { token: u2.token })).body.messages.map(
        (m: { text: string }) => m.text,
      );
    // seq 1 is the conversation's creation; message n<i> has seq i + 1.
    expect(await get('?afterSeq=0&limit=3')).toEqual(['n1', 'n2', 'n3']);
    expect(await get('?afterSeq=3&limit=2')).toEqual(['n3', 'n4']);
    expect(await get('?limit=3')).toEqual(['n10', 'n11', 'n12']);
    expect(await get('?beforeSeq=5&limit=10')).toEqual(['n1', 'n2', 'n3']);
    expect(await get('?afterSeq=2&beforeSeq=6')).toEqual(['n2', 'n3', 'n4']);
    const bad = await api(s.url, 'GET', `/v1/conversations/${c}/messages?limit=201`, { token: u2.token });
    expect(bad.status).toBe(400);
    expect((await api(s.url, 'GET', `/v1/conversations/${c}/messages?afterSeq=abc`, { token: u2.token })).status).toBe(
      400,
    );
  });

  it("refuses someone else's conversation with 404 and stores nothing", async () => {
    const outsider = await registerUser(s.url);
    const count = (await history(a, '?limit=200')).body.messages.length;
    const r = await send(s.url, outsider, conv, 'intrude');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('not_found');
    expect((await history(outsider)).status).toBe(404);
    expect((await history(a, '?limit=200')).body.messages.length).toBe(count);
  });

  it('refuses media ids that name nothing', async () => {
    const r = await api(s.url, 'POST', `/v1/conversations/${conv}/messages`, {
      token: a.token,
      body: { clientId: 'media-1', text: 'photo', mediaIds: ['nope'] },
    });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('media_not_found');
  });
});
