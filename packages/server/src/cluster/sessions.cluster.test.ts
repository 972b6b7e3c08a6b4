// Sessions and limits on every node: a token or refresh token issued by node A works on node B;
// a device revoked through node A is refused by node B at once, and its open socket on node B
// is closed (4003). The send limit and sign-in throttling count attempts on both nodes together.
import { CLOSE_CODES } from '@anytime/protocol';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPostgresDatabase, type TestDatabase } from '../testing.js';
import { api, direct, loginUser, registerUser, send, WsClient } from '../test-support/harness.js';
import type { ServerProcess } from '../test-support/process.js';
import { SHARED_NATS_URL, startTwoNodes, stopNodes } from '../test-support/cluster.js';

const SEND_LIMIT = 5;
const LOGIN_LIMIT = 4;
let db: TestDatabase;
let nodeA: ServerProcess;
let nodeB: ServerProcess;

beforeAll(async () => {
  db = await createPostgresDatabase();
  ({ nodeA, nodeB } = await startTwoNodes({
    ...db.env,
    BROKER_URL: SHARED_NATS_URL,
    SEND_LIMIT_MESSAGES: String(SEND_LIMIT),
    SEND_LIMIT_WINDOW_SECONDS: '600',
    LOGIN_LIMIT_PER_USERNAME: String(LOGIN_LIMIT),
  }));
}, 60_000);

afterAll(async () => {
  await stopNodes(nodeA, nodeB);
  await db?.drop();
});

it('accepts on node B the tokens node A issued', async () => {
  const alice = await registerUser(nodeA.url);
  const me = await api(nodeB.url, 'GET', '/v1/me', { token: alice.token });
  expect(me.status).toBe(200);
  expect(me.body.user.id).toBe(alice.user.id);
  const ws = await WsClient.connect(nodeB.url, alice.token);
  expect(ws.frames[0]).toMatchObject({ type: 'hello', userId: alice.user.id, deviceId: alice.deviceId });
  ws.close();
  // The refresh token too, and the pair node B issues then works on node A.
  const refreshed = await api(nodeB.url, 'POST', '/v1/auth/refresh', { body: { refreshToken: alice.refreshToken } });
  expect(refreshed.status).toBe(200);
  expect((await api(nodeA.url, 'GET', '/v1/me', { token: refreshed.body.accessToken })).status).toBe(200);
  // The old refresh token is spent on every node.
  const again = await api(nodeA.url, 'POST', '/v1/auth/refresh', { body: { refreshToken: alice.refreshToken } });
  expect(again.status).toBe(401);
});

it('refuses on node B, at once, a device revoked through node A, and closes its socket there', async () => {
  const phone = await registerUser(nodeA.url);
  const laptop = await loginUser(nodeA.url, phone);
  const laptopOnB = await WsClient.connect(nodeB.url, laptop.token);
  expect((await api(nodeB.url, 'GET', '/v1/me', { token: laptop.token })).status).toBe(200);

  const revoked = await api(nodeA.url, 'DELETE', `/v1/devices/${laptop.deviceId}`, { token: phone.token });
  expect(revoked.status).toBeLessThan(300);
  // HTTP on node B checks the database on every request: refused with no delay.
  const after = await api(nodeB.url, 'GET', '/v1/me', { token: laptop.token });
  expect(after.status).toBe(401);
  expect(after.body.error.code).toBe('unauthorized');
  // The open socket on node B gets device.revoked, then closes with 4003.
  await laptopOnB.next((f) => f.type === 'device.revoked' && f['deviceId'] === laptop.deviceId);
  expect((await laptopOnB.closed).code).toBe(CLOSE_CODES.deviceRevoked);
  // A new socket on either node is refused; the refresh token is dead too.
  for (const node of [nodeA, nodeB]) {
    const ws = await WsClient.connect(node.url, laptop.token, { waitSynced: false });
    expect((await ws.closed).code).toBe(CLOSE_CODES.unauthorized);
  }
  const refresh = await api(nodeB.url, 'POST', '/v1/auth/refresh', { body: { refreshToken: laptop.refreshToken } });
  expect(refresh.status).toBe(401);
  // The other device is untouched.
  expect((await api(nodeB.url, 'GET', '/v1/me', { token: phone.token })).status).toBe(200);
});

it('counts the send limit across both nodes together', async () => {
  const alice = await registerUser(nodeA.url);
  const bob = await registerUser(nodeA.url);
  const conv = await direct(nodeA.url, alice, bob);
  // Alternating nodes: the limit is reached by the sends on both together.
  for (let i = 0; i < SEND_LIMIT; i++) {
    expect((await send(i % 2 ? nodeB.url : nodeA.url, alice, conv, `m${i}`)).status).toBe(201);
  }
  for (const node of [nodeA, nodeB]) {
    const over = await send(node.url, alice, conv, 'one too many');
    expect(over.status).toBe(429);
    expect(over.body.error.code).toBe('rate_limited');
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
  }
  // Over the socket too, with the client id; another user is not affected.
  const ws = await WsClient.connect(nodeB.url, alice.token);
  ws.send({ type: 'send', conversationId: conv, clientId: 'over-ws', text: 'no' });
  expect(await ws.next((f) => f.type === 'error')).toMatchObject({
    clientId: 'over-ws',
    error: { code: 'rate_limited' },
  });
  ws.close();
  expect((await send(nodeB.url, bob, conv, 'fine')).status).toBe(201);
});

it('counts failed sign-ins across both nodes together', async () => {
  const carol = await registerUser(nodeA.url);
  const attempt = (url: string, password: string) =>
    api(url, 'POST', '/v1/auth/login', { body: { username: carol.user.username, password } });
  for (let i = 0; i < LOGIN_LIMIT; i++) {
    expect((await attempt(i % 2 ? nodeB.url : nodeA.url, 'wrong password')).status).toBe(401);
  }
  for (const node of [nodeA, nodeB]) {
    const r = await attempt(node.url, carol.password);
    expect(r.status).toBe(429);
    expect(r.body.error.code).toBe('rate_limited');
  }
});
