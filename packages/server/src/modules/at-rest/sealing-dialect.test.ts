// The sealing dialect on a real database: what reaches the table is `ae1.` ciphertext, reads give
// the text back, a changed ciphertext or one moved from another conversation is refused, and
// strings that merely look sealed (in a sealed column or any other) come back as they were.
// Message event payloads (event-payload.ts): a plain message's event stores the message row's own
// ciphertext of its text (sealed once per send), a message with other content is sealed whole,
// both read back in clear; a moved or changed text is refused, look-alikes come back as they
// were, and re-encryption rewrites the payloads.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '@anytime/protocol';
import { startTestServer, type TestServer } from '../../testing.js';
import { api, direct, registerUser, send, type TestUser } from '../../test-support/harness.js';
import { SPLIT_PREFIX } from './event-payload.js';
import type { Keyring } from './keyring.js';
import { reencryptConversation } from './rotate.js';

let s: TestServer;
let a: TestUser;
let b: TestUser;
beforeAll(async () => {
  s = await startTestServer();
  a = await registerUser(s.url);
  b = await registerUser(s.url);
});
afterAll(() => s.close());

/** The stored value as it is in the table (a prefix keeps the result from being opened). */
async function stored(id: string): Promise<string> {
  const r = await sql<{ t: string }>`SELECT 'raw:' || text AS t FROM messages WHERE id = ${id}`.execute(
    s.server.ctx.storage.read,
  );
  return r.rows[0]!.t.slice(4);
}

const setRaw = (id: string, value: string) =>
  s.server.ctx.storage.write((tx) => sql`UPDATE messages SET text = ${value} WHERE id = ${id}`.execute(tx.db));

const readText = async (id: string) =>
  (
    await s.server.ctx.storage.read
      .selectFrom('messages')
      .select(['conversation_id', 'text'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  ).text;

describe('the sealing dialect', () => {
  it('stores ciphertext, reads text, and refuses a changed or moved ciphertext', async () => {
    const conv = await direct(s.url, a, b);
    const m = (await send(s.url, a, conv, 'pin is 4711')).body.message as Message;
    const raw = await stored(m.id);
    expect(raw).toMatch(/^ae1\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(raw).not.toContain('4711');
    expect(await readText(m.id)).toBe('pin is 4711');
    // Two sends of the same text give different ciphertexts (random IVs).
    const twin = (await send(s.url, a, conv, 'pin is 4711')).body.message as Message;
    expect(await stored(twin.id)).not.toBe(raw);

    const flipped = raw.slice(0, -3) + (raw.at(-3) === 'A' ? 'B' : 'A') + raw.slice(-2);
    await setRaw(m.id, flipped);
    await expect(readText(m.id)).rejects.toThrow(/does not authenticate/);
    // The ciphertext of another conversation's message, copied into this one.
    const other = await direct(s.url, a, await registerUser(s.url));
    const foreign = (await send(s.url, a, other, 'not from here')).body.message as Message;
    await setRaw(m.id, await stored(foreign.id));
    await expect(readText(m.id)).rejects.toThrow(/does not authenticate/);
    await setRaw(m.id, raw);
    expect(await readText(m.id)).toBe('pin is 4711');
  });

  it('gives back strings that only look sealed, in sealed columns and others', async () => {
    const lookalike = 'ae1.AAAAAAAAAAAAAAAAAAAAAA.AAAA';
    const conv = await direct(s.url, a, b);
    const m = (await send(s.url, a, conv, lookalike)).body.message as Message;
    expect(await readText(m.id)).toBe(lookalike);
    const r = await api(s.url, 'POST', '/v1/auth/register', {
      body: { username: `look${Date.now()}`, password: 'correct horse', displayName: lookalike },
    });
    expect(r.status).toBe(201);
    const me = await api(s.url, 'GET', '/v1/me', { token: r.body.accessToken });
    expect(me.body.user.displayName).toBe(lookalike);
  });
});

/** A message's message.created payload as stored. */
async function storedPayload(id: string): Promise<string> {
  const r = await sql<{ v: string }>`SELECT 'raw:' || e.payload AS v FROM events e JOIN messages m
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

/** The message.created event of a message, read back (opened) through the storage. */
async function createdEvent(m: Message) {
  const row = await s.server.ctx.storage.read
    .selectFrom('events')
    .select('payload')
    .where('conversation_id', '=', m.conversationId)
    .where('seq', '=', m.seq)
    .where('type', '=', 'message.created')
    .executeTakeFirstOrThrow();
  return JSON.parse(row.payload) as { type: 'message.created'; message: Message };
}

const sendAs = async (u: TestUser, conv: string, text: string) =>
  (await send(s.url, u, conv, text)).body.message as Message;

describe('message event payloads at rest', () => {
  it("store the message row's ciphertext of the text once, and read back in clear", async () => {
    const conv = await direct(s.url, a, b);
    const m = await sendAs(a, conv, 'iban DE02120300000000202051');
    const payload = await storedPayload(m.id);
    expect(payload.startsWith(SPLIT_PREFIX)).toBe(true);
    expect(payload).not.toContain('DE0212');
    const body = JSON.parse(payload.slice(SPLIT_PREFIX.length)) as { message: Message };
    // The very ciphertext of the message row: one seal per send.
    expect(body.message.text).toBe(await stored(m.id));
    expect(body.message.senderId).toBe(a.user.id);
    const e = await createdEvent(m);
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
    const payload = await storedPayload(reply.id);
    expect(payload).toMatch(/^ae1\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect((await createdEvent(reply)).message.quote?.text).toContain('9931');
  });

  it('refuse a text moved from another conversation or changed, and leave look-alikes as they are', async () => {
    const conv = await direct(s.url, a, b);
    const m = await sendAs(a, conv, 'my pin is 2468');
    const payload = await storedPayload(m.id);
    const body = JSON.parse(payload.slice(SPLIT_PREFIX.length)) as { message: Message };
    const other = await direct(s.url, a, await registerUser(s.url));
    const foreign = await sendAs(a, other, 'from elsewhere');
    const moved =
      SPLIT_PREFIX + JSON.stringify({ ...body, message: { ...body.message, text: await stored(foreign.id) } });
    await setPayload(m.id, moved);
    await expect(createdEvent(m)).rejects.toThrow(/does not authenticate/);
    const t = body.message.text;
    const changed = t.slice(0, -3) + (t.at(-3) === 'A' ? 'B' : 'A') + t.slice(-2);
    await setPayload(m.id, SPLIT_PREFIX + JSON.stringify({ ...body, message: { ...body.message, text: changed } }));
    await expect(createdEvent(m)).rejects.toThrow(/does not authenticate/);
    await setPayload(m.id, payload);
    expect((await createdEvent(m)).message.text).toBe('my pin is 2468');

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
    const before = await storedPayload(m.id);
    const keyring = (s.server.ctx.storage as unknown as { keyring: Keyring }).keyring;
    await reencryptConversation(s.server.ctx.storage, keyring, conv);
    const after = await storedPayload(m.id);
    expect(after).not.toBe(before);
    expect(after).not.toContain('5150');
    expect((await createdEvent(m)).message.text).toBe('the alarm code is 5150');
    // New sends after the rotation are split again, under the new key.
    const next = await sendAs(a, conv, 'and the gate is 7007');
    expect((await storedPayload(next.id)).startsWith(SPLIT_PREFIX)).toBe(true);
    expect((await createdEvent(next)).message.text).toBe('and the gate is 7007');
  });
});
