// Web Push for calls, with a real push endpoint served locally (payloads decrypted per RFC
// 8291): a callee device without a socket gets "Incoming call from X" when the call rings, and
// "Missed call from X" once the caller gives up; the caller gets neither; a connected device
// gets no push (it rings over its socket); an answered call pushes no message.
import type { PushPayload } from '@anytime/protocol';
import { createECDH, randomBytes, type ECDH } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decrypt } from 'http_ece';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing.js';
import { api, direct, loginUser, registerUser, WsClient, type TestUser } from '../../test-support/harness.js';
import { invite, pause, ringOf, stateOf, untilCallMessages } from '../../test-support/call-frames.js';

const received: { path: string; body: Buffer }[] = [];
let pushServer: Server;
let pushBase: string;
let s: TestServer;

beforeAll(async () => {
  pushServer = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: Buffer.concat(chunks) });
      res.writeHead(201).end();
    });
  });
  await new Promise<void>((r) => pushServer.listen(0, '127.0.0.1', r));
  pushBase = `http://127.0.0.1:${(pushServer.address() as AddressInfo).port}`;
  s = await startTestServer({ env: { PUSH_ALLOWED_HOSTS: '127.0.0.1', CALL_RING_SECONDS: '60' } });
});
afterAll(async () => {
  await s?.close();
  await new Promise((r) => pushServer.close(r));
});

async function subscribe(user: TestUser, path: string) {
  const ecdh: ECDH = createECDH('prime256v1');
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
  return (body: Buffer) =>
    JSON.parse(decrypt(body, { version: 'aes128gcm', privateKey: ecdh, authSecret }).toString('utf8')) as PushPayload;
}

async function pushesTo(path: string, n: number): Promise<Buffer[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    await s.server.push.idle();
    const got = received.filter((r) => r.path === path).map((r) => r.body);
    if (got.length >= n || Date.now() > deadline) return got;
    await pause(50);
  }
}

it('pushes "Incoming call" to callee devices without a socket, then "Missed call"', async () => {
  const [alice, bob] = await Promise.all([registerUser(s.url), registerUser(s.url)]);
  const bobOnline = await loginUser(s.url, bob);
  const conv = await direct(s.url, alice, bob);
  const openAway = await subscribe(bob, `/bob-away-${bob.deviceId}`);
  await subscribe(bobOnline, `/bob-online-${bobOnline.deviceId}`);
  await subscribe(alice, `/alice-${alice.deviceId}`);
  const wa = await WsClient.connect(s.url, alice.token);
  const wbOnline = await WsClient.connect(s.url, bobOnline.token);
  const name = (await api(s.url, 'GET', '/v1/me', { token: alice.token })).body.user.displayName as string;

  const call = await invite(wa, conv, 'video');
  await ringOf(wbOnline, call.id);
  const [ring] = await pushesTo(`/bob-away-${bob.deviceId}`, 1);
  expect(openAway(ring!)).toEqual({
    type: 'call',
    conversationId: conv,
    callId: call.id,
    title: name,
    senderId: alice.user.id,
    body: `Incoming video call from ${name}`,
  });

  wa.send({ type: 'call.hangup', callId: call.id });
  await stateOf(wbOnline, call.id, (c) => c.status === 'ended');
  await untilCallMessages(s.url, bob, conv, 1);
  const both = await pushesTo(`/bob-away-${bob.deviceId}`, 2);
  expect(both).toHaveLength(2);
  expect(openAway(both[1]!)).toMatchObject({
    type: 'message',
    conversationId: conv,
    title: name,
    body: `Missed video call from ${name}`,
  });
  // Never the caller; never the device that rang over its socket.
  expect(received.filter((r) => r.path.startsWith('/alice-') || r.path.startsWith('/bob-online-'))).toEqual([]);

  // An answered call leaves a message but pushes nothing more.
  const second = await invite(wa, conv, 'audio');
  await ringOf(wbOnline, second.id);
  wbOnline.send({ type: 'call.accept', callId: second.id });
  await stateOf(wa, second.id, (c) => c.status === 'active');
  wa.send({ type: 'call.hangup', callId: second.id });
  await untilCallMessages(s.url, bob, conv, 2);
  await pushesTo(`/bob-away-${bob.deviceId}`, 3);
  await pause(500);
  const all = await pushesTo(`/bob-away-${bob.deviceId}`, 3);
  // The second call's ring pushed; its completed message did not.
  expect(all.map((b) => openAway(b).body)).toEqual([
    `Incoming video call from ${name}`,
    `Missed video call from ${name}`,
    `Incoming call from ${name}`,
  ]);
  wa.close();
  wbOnline.close();
});
