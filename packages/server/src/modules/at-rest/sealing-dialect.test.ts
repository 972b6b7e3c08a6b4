// The sealing dialect on a real database: what reaches the table is `ae1.` ciphertext, reads give
// the text back, a changed ciphertext or one moved from another conversation is refused, and
// strings that merely look sealed (in a sealed column or any other) come back as they were.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '@anytime/protocol';
import { startTestServer, type TestServer } from '../../testing.js';
import { api, direct, registerUser, send, type TestUser } from '../../test-support/harness.js';

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
