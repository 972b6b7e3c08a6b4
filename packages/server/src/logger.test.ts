// DESIGN invariant 9: the server never logs message bodies, passwords, tokens or keys.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './testing.js';
import { api, direct, registerUser, send, WsClient } from './test-support/harness.js';

let s: TestServer;
const lines: string[] = [];
beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  s = await startTestServer({ env: { LOG_LEVEL: 'trace' }, logDestination: sink });
});
afterAll(() => s.close());

it('logs requests without bodies, passwords, tokens or keys', async () => {
  const password = 'very-secret-password-123';
  const a = await registerUser(s.url, undefined, password);
  const b = await registerUser(s.url);
  const conv = await direct(s.url, a, b);
  const body = 'the-secret-message-body';
  await send(s.url, a, conv, body);
  await api(s.url, 'POST', '/v1/auth/login', { body: { username: a.user.username, password } });
  const refreshed = await api(s.url, 'POST', '/v1/auth/refresh', { body: { refreshToken: a.refreshToken } });
  const ws = await WsClient.connect(s.url, b.token, { viaQuery: true });
  ws.send({ type: 'send', conversationId: conv, clientId: 'l1', text: 'socket-secret-text' });
  await ws.next((f) => f.type === 'ack');
  ws.send('{broken');
  await ws.next((f) => f.type === 'error');
  ws.close();
  await api(s.url, 'GET', '/v1/me', { token: 'bogus-token-value' });
  const key = (await s.server.ctx.storage.read.selectFrom('server_secrets').select('value').executeTakeFirstOrThrow())
    .value;
  const log = lines.join('');
  expect(log).toContain('"url":"/v1/auth/register"');
  expect(log).toContain('access_token=[redacted]');
  const secrets = [
    password,
    body,
    'socket-secret-text',
    a.token,
    a.refreshToken,
    b.token,
    refreshed.body.refreshToken,
    'bogus-token-value',
    key,
  ];
  for (const secret of secrets) expect(log.includes(secret), `log contains ${secret.slice(0, 12)}...`).toBe(false);
});
