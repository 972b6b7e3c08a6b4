// Disappearing messages: the timer (who may set it, the timeline event), expiresAt on sends, and
// the sweeper (rows and payloads gone, one messages.expired per sweep even when sweeps race, and
// the interval with the clock moved ahead by config), on a real database.
import type { Event, Message } from '@anytime/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing.js';
import { api, direct, group, registerUser, send, type TestUser } from '../../test-support/harness.js';
import { sweepExpired } from './expiry.js';

let s: TestServer;
let a: TestUser;
let b: TestUser;
beforeAll(async () => {
  s = await startTestServer();
  [a, b] = await Promise.all([registerUser(s.url), registerUser(s.url)]);
});
afterAll(() => s?.close());

const setTimer = (base: string, u: TestUser, c: string, seconds: number) =>
  api(base, 'PUT', `/v1/conversations/${c}/timer`, { token: u.token, body: { seconds } });
const history = async (base: string, u: TestUser, c: string) =>
  (await api(base, 'GET', `/v1/conversations/${c}/messages?limit=200`, { token: u.token })).body.messages as Message[];
const events = async (u: TestUser) =>
  (await api(s.url, 'GET', '/v1/sync?limit=200', { token: u.token })).body.events as Event[];
const inSeconds = (n: number) => new Date(Date.now() + n * 1000);

describe('disappearing messages', () => {
  it('lets admins and the owner set a group timer, not members; any member of a direct chat', async () => {
    const [owner, member] = await Promise.all([registerUser(s.url), registerUser(s.url)]);
    const g = await group(s.url, owner, [member]);
    const r = await setTimer(s.url, member, g, 300);
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('forbidden');
    const ok = await setTimer(s.url, owner, g, 3600);
    expect(ok.status).toBe(200);
    expect(ok.body.conversation).toMatchObject({ disappearAfterSeconds: 3600, lastSeq: 2 });
    const announced = (await events(member)).filter((e) => e.type === 'conversation.timer_set');
    expect(announced).toEqual([
      expect.objectContaining({ conversationId: g, seq: 2, disappearAfterSeconds: 3600, setBy: owner.user.id }),
    ]);
    expect((await setTimer(s.url, owner, g, 42)).status).toBe(400);
    const d = await direct(s.url, owner, member);
    expect((await setTimer(s.url, member, d, 604_800)).body.conversation.disappearAfterSeconds).toBe(604_800);
    expect((await setTimer(s.url, owner, d, 0)).body.conversation.disappearAfterSeconds).toBeNull();
    const outsider = await registerUser(s.url);
    expect((await setTimer(s.url, outsider, d, 300)).status).toBe(404);
  });

  it('expires messages sent while the timer is on: rows, marks and stored text gone, one event', async () => {
    const c = await direct(s.url, a, b);
    const kept = (await send(s.url, a, c, 'before the timer')).body.message;
    expect(kept.expiresAt).toBeNull();
    await setTimer(s.url, a, c, 300);
    const gone = (await send(s.url, a, c, 'self-destructing secret')).body.message;
    expect(Date.parse(gone.expiresAt) - Date.parse(gone.createdAt)).toBe(300_000);
    await api(s.url, 'POST', `/v1/messages/${gone.id}/reactions`, { token: b.token, body: { emoji: '🔥' } });
    await api(s.url, 'PUT', `/v1/messages/${gone.id}/star`, { token: b.token });
    await api(s.url, 'PATCH', `/v1/messages/${gone.id}`, {
      token: a.token,
      body: { text: 'self-destructing secret!' },
    });
    // A reply sent after the timer went off stays, but loses its quote of the expired message.
    await setTimer(s.url, b, c, 0);
    const reply = await api(s.url, 'POST', `/v1/conversations/${c}/messages`, {
      token: b.token,
      body: { clientId: 'reply-to-gone', text: 'noted', replyToId: gone.id },
    });
    expect(reply.body.message).toMatchObject({ expiresAt: null, quote: { text: 'self-destructing secret!' } });

    expect(await sweepExpired(s.server.ctx, inSeconds(200))).toBe(0);
    // Two sweeps racing (as two nodes would): the message goes once, with one event.
    const swept = await Promise.all([
      sweepExpired(s.server.ctx, inSeconds(301)),
      sweepExpired(s.server.ctx, inSeconds(301)),
    ]);
    expect(swept[0] + swept[1]).toBe(1);

    const left = await history(s.url, b, c);
    expect(left.map((m) => m.id)).toEqual([kept.id, reply.body.message.id]);
    expect(left[1]).toMatchObject({ replyToId: gone.id, quote: null });
    const db = s.server.ctx.storage.read;
    expect(await db.selectFrom('messages').select('id').where('id', '=', gone.id).execute()).toEqual([]);
    for (const t of ['message_reactions', 'message_stars', 'message_edits', 'message_changes'] as const) {
      expect(await db.selectFrom(t).select('message_id').where('message_id', '=', gone.id).execute(), t).toEqual([]);
    }
    const payloads = await db.selectFrom('events').select('payload').where('conversation_id', '=', c).execute();
    expect(payloads.some((p) => p.payload.includes('self-destructing'))).toBe(false);
    const expired = (await events(b)).filter((e) => e.type === 'messages.expired');
    expect(expired).toEqual([expect.objectContaining({ conversationId: c, messageIds: [gone.id] })]);
    const conv = (await api(s.url, 'GET', `/v1/conversations/${c}`, { token: a.token })).body.conversation;
    expect(conv.lastSeq).toBe((expired[0] as { seq: number }).seq);
    expect((await api(s.url, 'GET', '/v1/me/starred', { token: b.token })).body.starred).toEqual([]);
  });

  it('runs on its own every EXPIRY_SWEEP_INTERVAL_MS (clock moved ahead by EXPIRY_CLOCK_SKEW_SECONDS)', async () => {
    const fast = await startTestServer({ env: { EXPIRY_SWEEP_INTERVAL_MS: '50', EXPIRY_CLOCK_SKEW_SECONDS: '400' } });
    try {
      const [x, y] = await Promise.all([registerUser(fast.url), registerUser(fast.url)]);
      const c = await direct(fast.url, x, y);
      await setTimer(fast.url, x, c, 300);
      const m = (await send(fast.url, x, c, 'soon gone')).body.message;
      expect(m.expiresAt).not.toBeNull();
      const deadline = Date.now() + 5_000;
      while ((await history(fast.url, y, c)).length > 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(await history(fast.url, y, c)).toEqual([]);
    } finally {
      await fast.close();
    }
  });
});
