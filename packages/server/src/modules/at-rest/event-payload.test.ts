// Message event payloads at rest (event-payload.ts), on the real database of the run: a plain
// message's event stores the message row's own ciphertext of its text (sealed once per send), a
// message with other content is sealed whole, both read back in clear; a moved or changed text is
// refused, look-alikes come back as they were, and key rotation rewrites the payloads.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventBody, Message } from '@anytime/protocol';
import { startTestServer, type TestServer } from '../../testing.js';
import { api, direct, registerUser, send, type TestUser } from '../../test-support/harness.js';
import { EventPayload, SPLIT_PREFIX, splitText } from './event-payload.js';
import { reencryptConversation } from './rotate.js';
import type { Keyring } from './keyring.js';

let s: TestServer;
let a: TestUser;
let b: TestUser;
beforeAll(async () => {
  s = await startTestServer();
  a = await registerUser(s.url);
  b = await registerUser(s.url);
});
afterAll(() => s.close());

/** A column as stored (the prefix keeps the sealing dialect from opening it). */
async function raw(query: 'text' | 'payload', id: string): Promise<string> {
  const r =
    query === 'text'
      ? await sql<{ v: string }>`SELECT 'raw:' || text AS v FROM messages WHERE id = ${id}`.execute(
          s.server.ctx.storage.read,
        )
      : await sql<{ v: string }>`SELECT 'raw:' || e.payload AS v FROM events e JOIN messages m
          ON m.conversation_id = e.conversation_id AND m.seq = e.seq
          WHERE m.id = ${id} AND e.type = 'message.created'`.execute(s.server.ctx.storage.read);
  return r.rows[0]!.v.slice(4);
}

const setPayload = (id: string, payload: string) =>
  s.server.ctx.storage.write((tx) =>
    sql`UPDATE events SET payload = ${payload} WHERE type = 'message.created' AND seq =
      (SELECT seq FROM messages WHERE id = ${id}) AND conversation_id =
      (SELECT conversation_id FROM messages WHERE id = ${id})`.execute(tx.db),
  );

/** The message.created event of a message, read back through the storage's event log. */
async function createdEvent(u: TestUser, id: string) {
  const events = await s.server.ctx.storage.readUserEvents(u.user.id, { t: 0, p: 0 }, 10_000);
  const e = events.find((x) => x.type === 'message.created' && x.message.id === id);
  if (!e || e.type !== 'message.created') throw new Error(`no message.created for ${id}`);
  return e;
}

const sendAs = async (u: TestUser, conv: string, text: string) =>
  (await send(s.url, u, conv, text)).body.message as Message;

describe('message event payloads at rest', () => {
  it("store the message row's ciphertext of the text once, and read back in clear", async () => {
    const conv = await direct(s.url, a, b);
    const m = await sendAs(a, conv, 'iban DE02120300000000202051');
    const payload = await raw('payload', m.id);
    expect(payload.startsWith(SPLIT_PREFIX)).toBe(true);
    expect(payload).not.toContain('DE0212');
    const stored = JSON.parse(payload.slice(SPLIT_PREFIX.length)) as { message: Message };
    // The very ciphertext of the message row: one seal per send.
    expect(stored.message.text).toBe(await raw('text', m.id));
    expect(stored.message.senderId).toBe(a.user.id);
    const e = await createdEvent(b, m.id);
    expect(e.message).toEqual(m);
  });

  it('seal the whole payload when the message has other content (a reply quote)', async () => {
    const conv = await direct(s.url, a, b);
    const first = await sendAs(a, conv, 'the locker code is 9931');
    const r = await api(s.url, 'POST', `/v1/conversations/${conv}/messages`, {
      token: b.token,
      body: { clientId: `c${Date.now()}`, text: 'got it', replyToId: first.id },
    });
    const reply = r.body.message as Message;
    expect(reply.quote?.text).toContain('9931');
    const payload = await raw('payload', reply.id);
    expect(payload).toMatch(/^ae1\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect((await createdEvent(a, reply.id)).message.quote?.text).toContain('9931');
  });

  it('refuse a text moved from another conversation or changed, and leave look-alikes as they are', async () => {
    const conv = await direct(s.url, a, b);
    const m = await sendAs(a, conv, 'my pin is 2468');
    const payload = await raw('payload', m.id);
    const body = JSON.parse(payload.slice(SPLIT_PREFIX.length)) as { message: Message };
    const other = await direct(s.url, a, await registerUser(s.url));
    const foreign = await sendAs(a, other, 'from elsewhere');
    const moved =
      SPLIT_PREFIX + JSON.stringify({ ...body, message: { ...body.message, text: await raw('text', foreign.id) } });
    await setPayload(m.id, moved);
    await expect(createdEvent(a, m.id)).rejects.toThrow(/does not authenticate/);
    const t = body.message.text;
    const changed = t.slice(0, -3) + (t.at(-3) === 'A' ? 'B' : 'A') + t.slice(-2);
    await setPayload(m.id, SPLIT_PREFIX + JSON.stringify({ ...body, message: { ...body.message, text: changed } }));
    await expect(createdEvent(a, m.id)).rejects.toThrow(/does not authenticate/);
    await setPayload(m.id, payload);
    expect((await createdEvent(a, m.id)).message.text).toBe('my pin is 2468');

    // An "about" text that looks like a split payload (no such data key) is left as it is.
    const lookalike = `${SPLIT_PREFIX}{"conversationId":"x","message":{"text":"ae1.AAAAAAAAAAAAAAAAAAAAAA.AAAA"}}`;
    const set = await api(s.url, 'PATCH', '/v1/me', { token: b.token, body: { about: lookalike } });
    expect(set.status).toBe(200);
    const me = await api(s.url, 'GET', '/v1/me', { token: b.token });
    expect(me.body.user.about).toBe(lookalike);
  });

  it('are rewritten under the fresh key by re-encryption', async () => {
    const conv = await direct(s.url, a, b);
    const m = await sendAs(a, conv, 'the alarm code is 5150');
    const before = await raw('payload', m.id);
    const keyring = (s.server.ctx.storage as unknown as { keyring: Keyring }).keyring;
    await reencryptConversation(s.server.ctx.storage, keyring, conv);
    const after = await raw('payload', m.id);
    expect(after).not.toBe(before);
    expect(after).not.toContain('5150');
    expect((await createdEvent(b, m.id)).message.text).toBe('the alarm code is 5150');
    // New sends after the rotation are split again, under the new key.
    const next = await sendAs(a, conv, 'and the gate is 7007');
    expect((await raw('payload', next.id)).startsWith(SPLIT_PREFIX)).toBe(true);
    expect((await createdEvent(b, next.id)).message.text).toBe('and the gate is 7007');
  });
});

describe('which payloads are split', () => {
  const message: Message = {
    id: 'm1',
    conversationId: 'c1',
    seq: 1,
    senderId: 'u1',
    senderDeviceId: 'd1',
    clientId: 'k1',
    text: 'hello',
    replyToId: null,
    mediaIds: [],
    media: [],
    createdAt: '2026-11-25T00:00:00.000Z',
    system: null,
    linkPreview: null,
    entities: [],
    quote: null,
    forwarded: null,
    editedAt: null,
    deletedAt: null,
    expiresAt: null,
    updatedSeq: 1,
    reactions: [],
    pin: null,
  };
  const body = (m: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    ({
      type: 'message.created',
      at: message.createdAt,
      conversationId: 'c1',
      seq: 1,
      message: m,
      ...extra,
    }) as unknown as EventBody;

  it('only those whose sole content is the text, with no field it does not know', () => {
    expect(splitText(body(message))).toBe('hello');
    expect(splitText(body({ ...message, entities: [{ type: 'bold', offset: 0, length: 5 }] }))).toBeUndefined();
    expect(splitText(body({ ...message, quote: { messageId: 'x', senderId: 'u', text: 'q' } }))).toBeUndefined();
    expect(splitText(body({ ...message, linkPreview: { url: 'https://x' } }))).toBeUndefined();
    expect(splitText(body({ ...message, somethingNew: 'words' }))).toBeUndefined();
    expect(splitText(body(message, { note: 'words' }))).toBeUndefined();
    expect(splitText(body({ ...message, conversationId: 'c2' }))).toBeUndefined();
  });

  it('an event payload refuses to be written as it is', () => {
    const p = new EventPayload(body(message));
    expect(() => p.toPostgres()).toThrow(/unsealed/);
    expect(() => JSON.stringify(p)).toThrow(/unsealed/);
  });
});
