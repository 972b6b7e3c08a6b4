// Web Push end to end with a real push endpoint served locally: the receiving server checks the
// VAPID Authorization header (a JWT signed with the server's public key) and decrypts the
// aes128gcm payload with the subscription's private key (http_ece). Also: no push to a
// connected device or to the sender, previews off, 404/410 drop the subscription, a revoked
// device's subscription goes, and private endpoints are refused without the allowlist. Photo tags
// push like mentions ("Alice tagged you in a photo"), also when added after the send.
import { createECDH, randomBytes, type ECDH } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decrypt } from 'http_ece';
import { decodeJwt, importJWK, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Event, MlsMessage, PushPayload } from '@anytime/protocol';
import { startTestServer, type TestServer } from '../../testing.js';
import {
  api,
  direct,
  group,
  loginUser,
  registerUser,
  send,
  WsClient,
  type TestUser,
} from '../../test-support/harness.js';
import { shouldPush } from './decision.js';
import {
  DirectoryAuthService,
  MlsGroup,
  deviceKeys,
  generateIdentity,
  sealSecret,
  signDeviceBundle,
  toB64,
} from '@anytime/crypto';
import { keyedUser } from '../../test-support/keyed-devices.js';
import * as kit from '../../test-support/secret-chat.js';
import { REGION, sendMedia, uploadedMedia } from '../../test-support/message-media.js';

interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

let pushServer: Server;
let pushBase: string;
const received: Received[] = [];
/** Paths the fake push service answers 410 Gone for. */
const gone = new Set<string>();
let s: TestServer;

beforeAll(async () => {
  pushServer = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(gone.has(req.url ?? '') ? 410 : 201).end();
    });
  });
  await new Promise<void>((r) => pushServer.listen(0, '127.0.0.1', r));
  pushBase = `http://127.0.0.1:${(pushServer.address() as AddressInfo).port}`;
  s = await startTestServer({ env: { PUSH_ALLOWED_HOSTS: '127.0.0.1', VAPID_SUBJECT: 'mailto:ops@example.com' } });
});
afterAll(async () => {
  await s.close();
  await new Promise((r) => pushServer.close(r));
});

interface Device {
  user: TestUser;
  path: string;
  ecdh: ECDH;
  authSecret: string;
}

async function subscribe(user: TestUser, path: string): Promise<Device> {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const authSecret = randomBytes(16).toString('base64url');
  const r = await api(s.url, 'PUT', '/v1/push/subscription', {
    token: user.token,
    body: {
      endpoint: `${pushBase}${path}`,
      keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: authSecret },
    },
  });
  expect(r.status).toBe(204);
  return { user, path, ecdh, authSecret };
}

/** Sends, waits until every push of it is out, and returns the pushes that arrived meanwhile. */
async function sendAndCollect(from: TestUser, conv: string, text: string): Promise<Received[]> {
  const before = received.length;
  expect((await send(s.url, from, conv, text)).status).toBe(201);
  await s.server.push.idle();
  return received.slice(before);
}

async function open(r: Received, d: Device): Promise<PushPayload> {
  // VAPID (RFC 8292): "vapid t=<JWT>, k=<server public key>", the JWT signed with that key.
  const { publicKey } = (await api(s.url, 'GET', '/v1/push/vapid-key', { token: d.user.token })).body as {
    publicKey: string;
  };
  const authz = String(r.headers['authorization']);
  const m = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(authz);
  expect(m, authz).not.toBeNull();
  expect(m![2]).toBe(publicKey);
  const raw = Buffer.from(publicKey, 'base64url');
  const key = await importJWK(
    {
      kty: 'EC',
      crv: 'P-256',
      x: raw.subarray(1, 33).toString('base64url'),
      y: raw.subarray(33).toString('base64url'),
    },
    'ES256',
  );
  const { payload } = await jwtVerify(m![1]!, key, { audience: pushBase, subject: 'mailto:ops@example.com' });
  expect(payload.exp).toBeGreaterThan(Date.now() / 1000);
  expect(decodeJwt(m![1]!).aud).toBe(pushBase);
  expect(r.headers['content-encoding']).toBe('aes128gcm');
  expect(Number(r.headers['ttl'])).toBeGreaterThan(0);
  const plain = decrypt(r.body, { version: 'aes128gcm', privateKey: d.ecdh, authSecret: d.authSecret });
  return JSON.parse(plain.toString('utf8')) as PushPayload;
}

describe('web push', () => {
  it('decides by mute and mention in one place: muted means no push unless mentioned', () => {
    expect(shouldPush({ muted: false, mentioned: false })).toBe(true);
    expect(shouldPush({ muted: false, mentioned: true })).toBe(true);
    expect(shouldPush({ muted: true, mentioned: false })).toBe(false);
    expect(shouldPush({ muted: true, mentioned: true })).toBe(true);
  });

  it('pushes an encrypted, VAPID-signed message to devices that are not connected, never the sender', async () => {
    const alice = await registerUser(s.url);
    const bob = await registerUser(s.url);
    const bob2 = await loginUser(s.url, bob);
    const conv = await direct(s.url, alice, bob);
    const aliceDevice = await subscribe(alice, `/alice-${alice.deviceId}`);
    const bobAway = await subscribe(bob, `/bob-away-${bob.deviceId}`);
    const bobActive = await subscribe(bob2, `/bob-active-${bob2.deviceId}`);
    const ws = await WsClient.connect(s.url, bob2.token);

    const pushes = await sendAndCollect(alice, conv, 'Dinner at 8? 🍝');
    expect(pushes.map((p) => p.path)).toEqual([bobAway.path]);
    const payload = await open(pushes[0]!, bobAway);
    const me = (await api(s.url, 'GET', '/v1/me', { token: alice.token })).body.user;
    expect(payload).toMatchObject({
      type: 'message',
      conversationId: conv,
      title: me.displayName,
      senderId: alice.user.id,
      body: 'Dinner at 8? 🍝',
    });
    // Bob's reply goes to Alice's device only, none of the sender's.
    const back = await sendAndCollect(bob, conv, 'Yes!');
    expect(back.map((p) => p.path)).toEqual([aliceDevice.path]);
    expect((await open(back[0]!, aliceDevice)).body).toBe('Yes!');
    // Once the socket is gone, that device gets pushes again.
    ws.close();
    await ws.closed;
    await new Promise((r) => setTimeout(r, 50));
    const later = await sendAndCollect(alice, conv, 'Still there?');
    expect(later.map((p) => p.path).sort()).toEqual([bobActive.path, bobAway.path].sort());
    expect(
      (
        await open(
          later.find((p) => p.path === bobActive.path)!,
          bobActive,
        )
      ).body,
    ).toBe('Still there?');
  });

  it('titles a group push with the group and puts the sender before the text', async () => {
    const alice = await registerUser(s.url);
    const bob = await registerUser(s.url);
    const conv = await group(s.url, alice, [bob], 'Book club');
    const dev = await subscribe(bob, `/group-${bob.deviceId}`);
    const pushes = await sendAndCollect(alice, conv, 'Chapter 3 tonight');
    expect(pushes.map((p) => p.path)).toEqual([dev.path]);
    const me = (await api(s.url, 'GET', '/v1/me', { token: alice.token })).body.user;
    expect(await open(pushes[0]!, dev)).toMatchObject({
      title: 'Book club',
      body: `${me.displayName}: Chapter 3 tonight`,
    });
  });

  it('says "Sealed message" for a sealed message and never carries its secret', async () => {
    const [alice] = await keyedUser(s.url, 1);
    const [bob] = await keyedUser(s.url, 1);
    const conv = await direct(s.url, alice!.user, bob!.user);
    const dev = await subscribe(bob!.user, `/sealed-${bob!.deviceId}`);
    const clientId = 'sealed-push-1';
    const envelopes = await sealSecret(
      { text: 'vault combination 31-07-1999' },
      { conversationId: conv, clientId, senderId: alice!.userId },
      [{ userId: bob!.userId, deviceId: bob!.deviceId, hpkeKey: toB64(bob!.keys.hpke.publicKey) }],
    );
    const before = received.length;
    const r = await api(s.url, 'POST', `/v1/conversations/${conv}/sealed`, {
      token: alice!.user.token,
      body: { clientId, suite: 'x25519-hkdf-sha256-aes128gcm', viewOnce: false, envelopes },
    });
    expect(r.status).toBe(201);
    await s.server.push.idle();
    const pushes = received.slice(before);
    expect(pushes.map((p) => p.path)).toEqual([dev.path]);
    const payload = await open(pushes[0]!, dev);
    expect(payload.body).toBe('Sealed message');
    expect(JSON.stringify(payload)).not.toContain('vault');
  });

  it('respects mute, except for messages that mention the member or everyone', async () => {
    const alice = await registerUser(s.url);
    const bob = await registerUser(s.url);
    const carol = await registerUser(s.url);
    const conv = await group(s.url, alice, [bob, carol], 'Muted club');
    const bobDev = await subscribe(bob, `/muted-bob-${bob.deviceId}`);
    const carolDev = await subscribe(carol, `/muted-carol-${carol.deviceId}`);
    for (const u of [bob, carol]) {
      const r = await api(s.url, 'PATCH', `/v1/conversations/${conv}/state`, {
        token: u.token,
        body: { mutedUntil: 'forever' },
      });
      expect(r.status).toBe(200);
    }
    expect(await sendAndCollect(alice, conv, 'nobody is told')).toEqual([]);
    const mention = async (text: string, entities: unknown[]) => {
      const before = received.length;
      const r = await api(s.url, 'POST', `/v1/conversations/${conv}/messages`, {
        token: alice.token,
        body: { clientId: `m-${Math.random()}`, text, entities },
      });
      expect(r.status).toBe(201);
      await s.server.push.idle();
      return received.slice(before).map((p) => p.path);
    };
    expect(await mention('@bob look', [{ type: 'mention', userId: bob.user.id, offset: 0, length: 4 }])).toEqual([
      bobDev.path,
    ]);
    expect((await mention('@all look', [{ type: 'mention_all', offset: 0, length: 4 }])).sort()).toEqual(
      [bobDev.path, carolDev.path].sort(),
    );
    // Unmuted, Carol is told again; Bob, still muted, is not.
    await api(s.url, 'PATCH', `/v1/conversations/${conv}/state`, { token: carol.token, body: { mutedUntil: null } });
    expect((await sendAndCollect(alice, conv, 'carol hears this')).map((p) => p.path)).toEqual([carolDev.path]);
  });

  it('pushes a secret-chat message as "Encrypted message", nothing of its content', async () => {
    const alice = await registerUser(s.url);
    const bob = await registerUser(s.url);
    const created = await api(s.url, 'POST', '/v1/conversations', {
      token: alice.token,
      body: { kind: 'direct', memberIds: [bob.user.id], encryption: 'mls' },
    });
    const conv = created.body.conversation.id as string;
    const dev = await subscribe(bob, `/secret-${bob.deviceId}`);
    // Alice's device, alone in the group at epoch 0, encrypts a message for it.
    const identity = generateIdentity();
    const keys = deviceKeys();
    const auth = new DirectoryAuthService();
    auth.learn([
      {
        userId: alice.user.id,
        identityKey: toB64(identity.publicKey),
        identityKeyChangedAt: null,
        devices: [
          {
            deviceId: alice.deviceId,
            ...signDeviceBundle(identity, alice.user.id, alice.deviceId, keys),
            createdAt: '',
          },
        ],
      },
    ]);
    const me = { userId: alice.user.id, deviceId: alice.deviceId };
    const groupOfAlice = await MlsGroup.create(conv, me, keys.signing, auth);
    const ciphertext = await groupOfAlice.encrypt(new TextEncoder().encode('vault code 9876'));
    const before = received.length;
    const r = await api(s.url, 'POST', `/v1/conversations/${conv}/mls/messages`, {
      token: alice.token,
      body: { clientId: 'secret-1', epoch: 0, ciphertext },
    });
    expect(r.status).toBe(201);
    await s.server.push.idle();
    const pushes = received.slice(before);
    expect(pushes.map((p) => p.path)).toEqual([dev.path]);
    const payload = await open(pushes[0]!, dev);
    expect(payload).toMatchObject({ type: 'message', conversationId: conv, body: '🔒 Encrypted message' });
    expect(JSON.stringify(payload)).not.toContain(ciphertext.slice(0, 20));
  });

  it('does not push a secret message sent as not urgent, nor count it unread; refuses a non-boolean flag', async () => {
    const [alice, bob] = await Promise.all([kit.keyed(s), kit.keyed(s)]);
    const { conv, send } = await kit.secretChat(s, alice, bob);
    const dev = await subscribe(
      { token: bob.token, user: bob.user, deviceId: bob.deviceId } as TestUser,
      `/nu-${bob.deviceId}`,
    );
    const unreadOfBob = async () => {
      const r = await api(s.url, 'GET', '/v1/conversations', { token: bob.token });
      const states = r.body.states as { conversationId: string; unreadCount: number }[];
      return states.find((st) => st.conversationId === conv)?.unreadCount ?? 0;
    };
    const pushesOf = async (sent: Promise<{ status: number; body: { message?: MlsMessage } }>) => {
      const before = received.length;
      const r = await sent;
      await s.server.push.idle();
      return { r, paths: received.slice(before).map((p) => p.path) };
    };

    const urgent = await pushesOf(send());
    expect(urgent.r.status).toBe(201);
    expect(urgent.paths).toEqual([dev.path]);
    expect(urgent.r.body.message).not.toHaveProperty('urgent');
    const unreadBefore = await unreadOfBob();

    const quiet = await pushesOf(send(undefined, { urgent: false }));
    expect(quiet.r.status).toBe(201);
    expect(quiet.paths).toEqual([]);
    const m = quiet.r.body.message!;
    expect(m).toMatchObject({ kind: 'application', urgent: false });
    expect(await unreadOfBob()).toBe(unreadBefore);
    // Stored: the timeline (what a device fetches when it catches up) and the synced event say so too.
    const timeline = await api<{ messages: MlsMessage[] }>(s.url, 'GET', `/v1/conversations/${conv}/mls/messages`, {
      token: bob.token,
    });
    expect(timeline.body.messages.find((x) => x.id === m.id)).toEqual(m);
    const sync = await api<{ events: Event[] }>(s.url, 'GET', '/v1/sync?limit=200', { token: bob.token });
    const synced = sync.body.events.find((e) => e.type === 'mls.message' && e.message.id === m.id);
    expect(synced).toMatchObject({ message: m });

    expect((await pushesOf(send(undefined, { urgent: true }))).paths).toEqual([dev.path]);

    // A flag that is not a boolean: 400, nothing stored, no seq taken, no push.
    const lastSeq = () => kit.lastSeq(s, conv);
    const seqBefore = await lastSeq();
    for (const bad of ['false', 0, null]) {
      const refused = await pushesOf(send(undefined, { urgent: bad }));
      expect(refused.r.status).toBe(400);
      expect(refused.r.body).toMatchObject({ error: { code: 'invalid_request' } });
      expect(JSON.stringify(refused.r.body)).toContain('urgent');
      expect(refused.paths).toEqual([]);
    }
    expect(await lastSeq()).toBe(seqBefore);
  });

  it('says only "New message" when the recipient turned previews off', async () => {
    const alice = await registerUser(s.url);
    const bob = await registerUser(s.url);
    const conv = await direct(s.url, alice, bob);
    const dev = await subscribe(bob, `/quiet-${bob.deviceId}`);
    await api(s.url, 'PATCH', '/v1/me/settings', { token: bob.token, body: { notificationPreviews: false } });
    const pushes = await sendAndCollect(alice, conv, 'my bank PIN is 1234');
    expect(pushes).toHaveLength(1);
    const payload = await open(pushes[0]!, dev);
    expect(payload).toEqual({
      type: 'message',
      conversationId: conv,
      messageId: payload.messageId,
      seq: payload.seq,
      title: 'New message',
    });
    expect(pushes[0]!.body.toString('latin1')).not.toContain('1234');
  });

  it('pushes a photo tag like a mention, even when muted: "Alice tagged you in a photo", at send and after', async () => {
    const alice = await registerUser(s.url);
    const bob = await registerUser(s.url);
    const carol = await registerUser(s.url);
    const conv = await group(s.url, alice, [bob, carol], 'Trip');
    const bobDev = await subscribe(bob, `/tag-bob-${bob.deviceId}`);
    const carolDev = await subscribe(carol, `/tag-carol-${carol.deviceId}`);
    for (const u of [bob, carol]) {
      await api(s.url, 'PATCH', `/v1/conversations/${conv}/state`, { token: u.token, body: { mutedUntil: 'forever' } });
    }
    const me = (await api(s.url, 'GET', '/v1/me', { token: alice.token })).body.user;
    const photo = await uploadedMedia(s, alice);
    const before = received.length;
    const r = await sendMedia(s, alice, conv, {
      mediaIds: [photo],
      photoTags: [{ mediaId: photo, userId: bob.user.id, ...REGION }],
    });
    expect(r.status).toBe(201);
    await s.server.push.idle();
    const atSend = received.slice(before);
    expect(atSend.map((p) => p.path)).toEqual([bobDev.path]);
    expect(await open(atSend[0]!, bobDev)).toMatchObject({
      title: 'Trip',
      body: `${me.displayName} tagged you in a photo`,
      messageId: r.body.message.id,
    });

    // Tagged after the send: only the person newly tagged is told (Bob was told already).
    const mid = received.length;
    const tagged = await api(s.url, 'POST', `/v1/messages/${r.body.message.id}/tags`, {
      token: alice.token,
      body: { mediaId: photo, userId: carol.user.id, ...REGION },
    });
    expect(tagged.status).toBe(200);
    await s.server.push.idle();
    const later = received.slice(mid);
    expect(later.map((p) => p.path)).toEqual([carolDev.path]);
    expect(await open(later[0]!, carolDev)).toMatchObject({ body: `${me.displayName} tagged you in a photo` });
    // A change that tags nobody new (a reaction) pushes nothing.
    const quiet = received.length;
    await api(s.url, 'POST', `/v1/messages/${r.body.message.id}/reactions`, {
      token: bob.token,
      body: { emoji: '😍' },
    });
    await s.server.push.idle();
    expect(received.slice(quiet)).toEqual([]);
  });

  it('describes media without a caption, and hides the tag when previews are off', async () => {
    const alice = await registerUser(s.url);
    const bob = await registerUser(s.url);
    const conv = await direct(s.url, alice, bob);
    const dev = await subscribe(bob, `/media-${bob.deviceId}`);
    const me = (await api(s.url, 'GET', '/v1/me', { token: alice.token })).body.user;
    const photos = [await uploadedMedia(s, alice), await uploadedMedia(s, alice)];
    const collect = async (body: Parameters<typeof sendMedia>[3]) => {
      const before = received.length;
      expect((await sendMedia(s, alice, conv, body)).status).toBe(201);
      await s.server.push.idle();
      return received.slice(before);
    };
    const plain = await collect({ mediaIds: photos });
    expect(await open(plain[0]!, dev)).toMatchObject({ title: me.displayName, body: '📷 Photo (+1)' });
    const voice = await collect({ mediaIds: [await uploadedMedia(s, alice, 'voice')] });
    expect(await open(voice[0]!, dev)).toMatchObject({ body: '🎤 Voice message' });
    await api(s.url, 'PATCH', '/v1/me/settings', { token: bob.token, body: { notificationPreviews: false } });
    const hidden = await collect({
      mediaIds: [photos[0]!],
      photoTags: [{ mediaId: photos[0]!, userId: bob.user.id, ...REGION }],
    });
    const payload = await open(hidden[0]!, dev);
    expect(payload.title).toBe('New message');
    expect(payload.body).toBeUndefined();
  });

  it('drops a subscription the push service answers 410 for, and a revoked device’s', async () => {
    const alice = await registerUser(s.url);
    const bob = await registerUser(s.url);
    const bob2 = await loginUser(s.url, bob);
    const conv = await direct(s.url, alice, bob);
    const dead = await subscribe(bob, `/dead-${bob.deviceId}`);
    await subscribe(bob2, `/revoked-${bob2.deviceId}`);
    gone.add(dead.path);
    const subsOf = () =>
      s.server.ctx.storage.read
        .selectFrom('push_subscriptions')
        .select('device_id')
        .where('user_id', '=', bob.user.id)
        .execute();
    expect(await subsOf()).toHaveLength(2);
    expect((await sendAndCollect(alice, conv, 'hello?')).map((p) => p.path).sort()).toHaveLength(2);
    expect((await subsOf()).map((r) => r.device_id)).toEqual([bob2.deviceId]);
    expect((await api(s.url, 'DELETE', `/v1/devices/${bob2.deviceId}`, { token: bob.token })).status).toBe(204);
    expect(await subsOf()).toEqual([]);
    expect(await sendAndCollect(alice, conv, 'anyone?')).toEqual([]);
  });

  it('removes a subscription on request', async () => {
    const alice = await registerUser(s.url);
    const bob = await registerUser(s.url);
    const conv = await direct(s.url, alice, bob);
    await subscribe(bob, `/removed-${bob.deviceId}`);
    expect((await api(s.url, 'DELETE', '/v1/push/subscription', { token: bob.token })).status).toBe(204);
    expect(await sendAndCollect(alice, conv, 'gone')).toEqual([]);
  });

  it('refuses endpoints on private addresses, plain http and odd ports unless allowlisted', async () => {
    const u = await registerUser(s.url);
    const keys = { p256dh: createECDH('prime256v1').generateKeys().toString('base64url'), auth: 'A'.repeat(22) };
    for (const endpoint of [
      'https://10.0.0.1/push',
      'https://169.254.169.254/latest',
      'https://[::1]/push',
      'https://[::ffff:127.0.0.1]/push',
      'http://push.example.com/x',
      'https://push.example.com:8443/x',
    ]) {
      const r = await api(s.url, 'PUT', '/v1/push/subscription', { token: u.token, body: { endpoint, keys } });
      expect(r.status, endpoint).toBe(400);
      expect(r.body.error.code).toBe('url_not_allowed');
    }
    const bad = await api(s.url, 'PUT', '/v1/push/subscription', {
      token: u.token,
      body: { endpoint: 'https://push.example.com/x', keys: { p256dh: 'short', auth: 'A'.repeat(22) } },
    });
    expect(bad.body.error.code).toBe('invalid_request');
    const subs = await s.server.ctx.storage.read
      .selectFrom('push_subscriptions')
      .select('device_id')
      .where('user_id', '=', u.user.id)
      .execute();
    expect(subs).toEqual([]);
  });
});
