// Sealed messages end to end on a real database (both, with ANYTIME_TEST_DB=postgres): devices
// seal a secret with HPKE to every recipient device from the key directory, each recipient device
// opens its own envelope, nobody else gets one (404), no table holds the secret, previews and
// search do not show it, view-once deletes the envelopes once every recipient opened it, expiry
// deletes them at expiresAt, the sender sees the reveal log, and bad envelopes change nothing.
import { openSealed, sealSecret, verifyDeviceBundle, type SealedRecipient } from '@anytime/crypto';
import type { Event, Message, RevealSealedResponse, SealedStatus, UserKeys } from '@anytime/protocol';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing.js';
import { api, direct, group, send, type TestUser } from '../../test-support/harness.js';
import { keyedUser, type KeyedDevice } from '../../test-support/keyed-devices.js';
import { sweepSealed } from './sweeper.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.close());

/** The recipient devices of a conversation's members, as a client gets them: bundles verified. */
async function recipientsFor(sender: KeyedDevice, userIds: string[]): Promise<SealedRecipient[]> {
  const r = await api(s.url, 'POST', '/v1/keys/query', { token: sender.user.token, body: { userIds } });
  expect(r.status).toBe(200);
  const out: SealedRecipient[] = [];
  for (const k of r.body.keys as UserKeys[]) {
    for (const d of k.devices) {
      expect(verifyDeviceBundle(k.identityKey!, k.userId, d)).toBe(true);
      if (d.deviceId !== sender.deviceId) out.push({ userId: k.userId, deviceId: d.deviceId, hpkeKey: d.hpkeKey });
    }
  }
  return out;
}

let counter = 0;
async function sendSealed(
  from: KeyedDevice,
  conversationId: string,
  members: string[],
  text: string,
  opts: { viewOnce?: boolean; expiresInSeconds?: number } = {},
) {
  const clientId = `sealed-${++counter}-${Math.random().toString(36).slice(2)}`;
  const recipients = await recipientsFor(from, members);
  const envelopes = await sealSecret({ text }, { conversationId, clientId, senderId: from.userId }, recipients);
  const body = {
    clientId,
    suite: 'x25519-hkdf-sha256-aes128gcm',
    envelopes,
    viewOnce: opts.viewOnce ?? false,
    ...opts,
  };
  const r = await api(s.url, 'POST', `/v1/conversations/${conversationId}/sealed`, { token: from.user.token, body });
  return { r, body, clientId, message: r.body.message as Message };
}

const reveal = (d: KeyedDevice | TestUser, id: string) =>
  api<RevealSealedResponse & { error: { code: string } }>(s.url, 'POST', `/v1/messages/${id}/sealed/reveal`, {
    token: 'token' in d ? d.token : d.user.token,
  });
const status = async (d: KeyedDevice, id: string) =>
  (await api(s.url, 'GET', `/v1/messages/${id}/sealed`, { token: d.user.token })).body.sealed as SealedStatus;

async function open(d: KeyedDevice, r: RevealSealedResponse) {
  return openSealed(
    r.envelope,
    { conversationId: r.conversationId, clientId: r.clientId, senderId: r.senderId },
    { userId: d.userId, deviceId: d.deviceId, hpkePrivateKey: d.keys.hpke.privateKey },
  );
}

async function allRowsText(): Promise<string> {
  const db = s.server.ctx.storage.read;
  const tables =
    s.server.ctx.storage.dialect === 'postgres'
      ? (
          await sql<{
            name: string;
          }>`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()`.execute(db)
        ).rows
      : (await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table'`.execute(db)).rows;
  let all = '';
  for (const t of tables) {
    const rows = await sql`SELECT * FROM ${sql.table(t.name)}`.execute(db);
    all += JSON.stringify(rows.rows, (_k, v: unknown) =>
      v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : typeof v === 'bigint' ? String(v) : v,
    );
  }
  return all;
}

describe('sealed messages', () => {
  it('every recipient device opens its own envelope; the server holds no secret; 404 for others', async () => {
    const [a1, a2] = await keyedUser(s.url, 2);
    const [b1, b2] = await keyedUser(s.url, 2);
    const [outsider] = await keyedUser(s.url, 1);
    const c = await direct(s.url, a1!.user, b1!.user);
    const secret = 'IBAN DE89370400440532013000 quokkaparadise door 4711';
    const { r, message } = await sendSealed(a1!, c, [a1!.userId, b1!.userId], secret);
    expect(r.status).toBe(201);
    expect(message.text).toBe('');
    expect(message.sealed).toEqual({
      suite: 'x25519-hkdf-sha256-aes128gcm',
      viewOnce: false,
      expiresAt: null,
      state: 'sealed',
    });
    for (const d of [b1!, b2!, a2!]) {
      const rv = await reveal(d, message.id);
      expect(rv.status).toBe(200);
      expect(rv.body.envelope.deviceId).toBe(d.deviceId);
      expect((await open(d, rv.body)).text).toBe(secret);
    }
    // Another device's envelope never reaches a device; the sending device has none; outsiders see nothing.
    expect((await reveal(a1!, message.id)).status).toBe(404);
    expect((await reveal(outsider!, message.id)).status).toBe(404);
    expect((await api(s.url, 'GET', `/v1/messages/${message.id}/sealed`, { token: outsider!.user.token })).status).toBe(
      404,
    );
    // The server stores ciphertext only: no table row holds any word of the secret.
    const rows = await allRowsText();
    for (const word of ['DE89370400440532013000', 'quokkaparadise', 'door 4711']) expect(rows).not.toContain(word);
    // Not in search (a plain message with the same word is found: the index works), not in previews.
    await send(s.url, a1!.user, c, 'plain quokkaparadise note');
    await s.server.searchIndexer.idle();
    const found = await api(s.url, 'GET', '/v1/search?q=quokkaparadise', { token: b1!.user.token });
    expect(found.status).toBe(200);
    expect((found.body.messages as Message[]).map((m) => m.text)).toEqual(['plain quokkaparadise note']);
    expect(rows.includes('DE89370400440532013000')).toBe(false);
    const list = await api(s.url, 'GET', '/v1/conversations', { token: b1!.user.token });
    expect(JSON.stringify(list.body)).not.toContain('DE8937');
  });

  it('works in a secret (MLS) chat too, where plain text sends are refused', async () => {
    const [a1] = await keyedUser(s.url, 1);
    const [b1] = await keyedUser(s.url, 1);
    const created = await api(s.url, 'POST', '/v1/conversations', {
      token: a1!.user.token,
      body: { kind: 'direct', memberIds: [b1!.userId], encryption: 'mls' },
    });
    expect(created.status).toBe(201);
    const c = created.body.conversation.id as string;
    expect((await send(s.url, a1!.user, c, 'plain text')).status).toBeGreaterThanOrEqual(400);
    const { r, message } = await sendSealed(a1!, c, [a1!.userId, b1!.userId], 'secret in a secret chat');
    expect(r.status).toBe(201);
    expect((await open(b1!, (await reveal(b1!, message.id)).body)).text).toBe('secret in a secret chat');
  });

  it('the sender sees the reveal log (and gets sealed.revealed); others only their own openings', async () => {
    const [a1, a2] = await keyedUser(s.url, 2);
    const [b1] = await keyedUser(s.url, 1);
    const [c1] = await keyedUser(s.url, 1);
    const g = await group(s.url, a1!.user, [b1!.user, c1!.user]);
    const { message } = await sendSealed(a1!, g, [a1!.userId, b1!.userId, c1!.userId], 'wifi: hunter2');
    expect((await reveal(b1!, message.id)).status).toBe(200);
    expect((await reveal(b1!, message.id)).status).toBe(200); // again: logged once
    const mine = await status(a1!, message.id);
    expect(mine.reveals).toEqual([{ userId: b1!.userId, deviceId: b1!.deviceId, at: expect.any(String) }]);
    expect(mine).toMatchObject({ recipientUsers: 2, openedUsers: 1, openedByMe: false });
    const bobs = await status(b1!, message.id);
    expect(bobs).toMatchObject({ openedByMe: true, envelopeAvailable: true, recipientUsers: null });
    const carols = await status(c1!, message.id);
    expect(carols).toMatchObject({ openedByMe: false, reveals: [] });
    const events = (await api(s.url, 'GET', '/v1/sync?limit=200', { token: a2!.user.token })).body.events as Event[];
    const revealed = events.filter((e) => e.type === 'sealed.revealed');
    expect(revealed).toEqual([
      expect.objectContaining({ messageId: message.id, reveal: expect.objectContaining({ deviceId: b1!.deviceId }) }),
    ]);
    const bobEvents = (await api(s.url, 'GET', '/v1/sync?limit=200', { token: b1!.user.token })).body.events as Event[];
    expect(bobEvents.some((e) => e.type === 'sealed.revealed')).toBe(false);
  });

  it('view-once: envelopes are deleted once every recipient user opened it; later reveals get 410', async () => {
    const [a1, a2] = await keyedUser(s.url, 2);
    const [b1, b2] = await keyedUser(s.url, 2);
    const [c1] = await keyedUser(s.url, 1);
    const g = await group(s.url, a1!.user, [b1!.user, c1!.user]);
    const { message } = await sendSealed(a1!, g, [a1!.userId, b1!.userId, c1!.userId], 'one look only', {
      viewOnce: true,
    });
    expect(message.sealed?.viewOnce).toBe(true);
    // The sender's own other device opening does not count; bob on one device counts for bob.
    expect((await reveal(a2!, message.id)).status).toBe(200);
    expect((await reveal(b1!, message.id)).status).toBe(200);
    expect((await status(b2!, message.id)).summary.state).toBe('sealed');
    const last = await reveal(c1!, message.id);
    expect(last.status).toBe(200);
    expect((await open(c1!, last.body)).text).toBe('one look only');
    expect(last.body.sealed.summary.state).toBe('opened');
    const gone = await reveal(b2!, message.id);
    expect(gone.status).toBe(410);
    expect(gone.body.error.code).toBe('sealed_unavailable');
    const count = await s.server.ctx.storage.read
      .selectFrom('sealed_envelopes')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('message_id', '=', message.id)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
    const history = await api(s.url, 'GET', `/v1/conversations/${g}/messages?limit=50`, { token: b1!.user.token });
    const m = (history.body.messages as Message[]).find((x) => x.id === message.id);
    expect(m?.sealed?.state).toBe('opened');
    const events = (await api(s.url, 'GET', '/v1/sync?limit=200', { token: b2!.user.token })).body.events as Event[];
    expect(
      events.some(
        (e) => e.type === 'message.updated' && e.message.id === message.id && e.message.sealed?.state === 'opened',
      ),
    ).toBe(true);
  });

  it('expiry: the sweeper deletes the envelopes at expiresAt', async () => {
    const [a1] = await keyedUser(s.url, 1);
    const [b1] = await keyedUser(s.url, 1);
    const c = await direct(s.url, a1!.user, b1!.user);
    const { message } = await sendSealed(a1!, c, [a1!.userId, b1!.userId], 'gate code 2580', {
      expiresInSeconds: 60,
    });
    expect(Date.parse(message.sealed!.expiresAt!) - Date.parse(message.createdAt)).toBeGreaterThanOrEqual(59_000);
    expect(await sweepSealed(s.server.ctx, new Date(Date.now() + 30_000))).toBe(0);
    expect((await reveal(b1!, message.id)).status).toBe(200);
    expect(await sweepSealed(s.server.ctx, new Date(Date.now() + 61_000))).toBeGreaterThanOrEqual(1);
    const r = await reveal(b1!, message.id);
    expect(r.status).toBe(410);
    expect((await status(b1!, message.id)).summary.state).toBe('expired');
    expect(await sweepSealed(s.server.ctx, new Date(Date.now() + 61_000))).toBe(0);
  });

  it('refuses envelopes that do not match the recipients, and changes nothing', async () => {
    const [a1] = await keyedUser(s.url, 1);
    const [b1, b2] = await keyedUser(s.url, 2);
    const [x1] = await keyedUser(s.url, 1);
    const c = await direct(s.url, a1!.user, b1!.user);
    const lastSeq = async () =>
      (await api(s.url, 'GET', `/v1/conversations/${c}`, { token: a1!.user.token })).body.conversation
        .lastSeq as number;
    const before = await lastSeq();
    const post = (body: unknown) =>
      api(s.url, 'POST', `/v1/conversations/${c}/sealed`, { token: a1!.user.token, body });
    const binding = { conversationId: c, clientId: 'bad-1', senderId: a1!.userId };
    const all = await recipientsFor(a1!, [a1!.userId, b1!.userId]);
    const base = { clientId: 'bad-1', suite: 'x25519-hkdf-sha256-aes128gcm', viewOnce: false };
    // One of bob's devices left out.
    const missing = await post({ ...base, envelopes: await sealSecret({ text: 't' }, binding, all.slice(0, 1)) });
    expect(missing.status).toBe(409);
    expect(missing.body.error.code).toBe('sealed_recipients_changed');
    // An envelope for a device that is not in the conversation.
    const outsider = { userId: x1!.userId, deviceId: x1!.deviceId, hpkeKey: all[0]!.hpkeKey };
    const extra = await post({ ...base, envelopes: await sealSecret({ text: 't' }, binding, [...all, outsider]) });
    expect(extra.status).toBe(409);
    const envs = await sealSecret({ text: 't' }, binding, all);
    expect((await post({ ...base, envelopes: [...envs, envs[0]] })).status).toBe(400);
    expect((await post({ ...base, envelopes: [] })).status).toBe(400);
    expect((await post({ ...base, envelopes: envs, suite: 'other' })).status).toBe(400);
    expect((await post({ ...base, envelopes: [{ ...envs[0]!, ciphertext: 'A'.repeat(6001) }] })).status).toBe(400);
    expect((await post({ ...base, envelopes: envs, expiresInSeconds: 5 })).status).toBe(400);
    expect((await post({ ...base, envelopes: envs, text: 'plaintext leak' })).status).toBe(400);
    expect((await post({ ...base, envelopes: envs })).status).toBe(201);
    expect(await lastSeq()).toBe(before + 1);
    // The same clientId again: the original, nothing new.
    const again = await post({ ...base, envelopes: envs });
    expect(again.status).toBe(200);
    expect(await lastSeq()).toBe(before + 1);
    // Not a member: 404; the sealed message cannot be edited or forwarded.
    const r = await api(s.url, 'POST', `/v1/conversations/${c}/sealed`, {
      token: x1!.user.token,
      body: { ...base, envelopes: envs },
    });
    expect(r.status).toBe(404);
    const edit = await api(s.url, 'PATCH', `/v1/messages/${again.body.message.id}`, {
      token: a1!.user.token,
      body: { text: 'now in clear' },
    });
    expect(edit.status).toBe(403);
    void b2;
  });

  it('a revoked device is no longer a recipient (sealing to it is refused, leaving it out is right)', async () => {
    const [a1] = await keyedUser(s.url, 1);
    const [b1, b2] = await keyedUser(s.url, 2);
    const c = await direct(s.url, a1!.user, b1!.user);
    const before = await recipientsFor(a1!, [a1!.userId, b1!.userId]);
    expect(before.map((d) => d.deviceId).sort()).toEqual([b1!.deviceId, b2!.deviceId].sort());
    expect((await api(s.url, 'DELETE', `/v1/devices/${b2!.deviceId}`, { token: b1!.user.token })).status).toBe(204);
    const binding = { conversationId: c, clientId: 'rv-1', senderId: a1!.userId };
    const stale = await api(s.url, 'POST', `/v1/conversations/${c}/sealed`, {
      token: a1!.user.token,
      body: {
        clientId: 'rv-1',
        suite: 'x25519-hkdf-sha256-aes128gcm',
        viewOnce: false,
        envelopes: await sealSecret({ text: 'x' }, binding, before),
      },
    });
    expect(stale.status).toBe(409);
    const { r } = await sendSealed(a1!, c, [a1!.userId, b1!.userId], 'fresh');
    expect(r.status).toBe(201);
    expect((await recipientsFor(a1!, [b1!.userId])).map((d) => d.deviceId)).toEqual([b1!.deviceId]);
  });
});
