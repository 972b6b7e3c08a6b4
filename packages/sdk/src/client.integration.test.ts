// The client against a real server: sign-in, HTTP calls, realtime delivery, errors.
import { startTestServer, type TestServer } from '@anytime/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from './client.js';
import { ApiError } from './http/api-error.js';
import { device, PASSWORD, uniqueName, until } from './test-support/harness.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('client against a real server', () => {
  it('registers, calls routes by name, and receives a message sent by another user', async () => {
    const a = device(server.url);
    // b uses the default WebSocket: the global one, or in Node the lazily loaded `ws` package.
    const b = { client: createClient({ baseUrl: server.url }) };
    const ra = await a.client.register({ username: uniqueName('ann'), password: PASSWORD });
    const rb = await b.client.register({ username: uniqueName('bob'), password: PASSWORD });
    expect(a.client.state.user).toEqual(ra.user);
    const { conversation } = await a.client.api('createConversation', {
      body: { kind: 'direct', memberIds: [rb.user.id] },
    });
    await a.client.connect();
    await b.client.connect();
    await Promise.all([a.client.whenSynced(), b.client.whenSynced()]);
    const got = b.client.next('message.created');
    const pending = await a.client.send(conversation.id, 'hello bob');
    const event = await got;
    expect(event.message).toMatchObject({ text: 'hello bob', clientId: pending.clientId, senderId: ra.user.id });
    await until(() => a.client.pending.length === 0, 5000, 'ack');
    expect(b.client.state.messages[conversation.id]?.map((m) => m.text)).toEqual(['hello bob']);
    await a.client.close();
    await b.client.close();
  });

  it('turns error responses into ApiError with code and status', async () => {
    const a = device(server.url);
    const name = uniqueName('dup');
    await a.client.register({ username: name, password: PASSWORD });
    const err = await a.client.register({ username: name, password: PASSWORD }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'username_taken', status: 409 });
    const missing = await a.client.api('getConversation', { params: { id: 'nope' } }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 'not_found', status: 404 });
    const wrong = await a.client.login({ username: name, password: 'not the password' }).catch((e: unknown) => e);
    expect(wrong).toMatchObject({ code: 'invalid_credentials', status: 401 });
  });

  it('reports rate limiting with the Retry-After seconds', async () => {
    const a = device(server.url);
    const name = uniqueName('lim');
    await a.client.register({ username: name, password: PASSWORD });
    let limited: unknown;
    for (let i = 0; i < 30 && !limited; i++) {
      const e = await a.client.login({ username: name, password: 'wrong password' }).catch((x: unknown) => x);
      if (e instanceof ApiError && e.code === 'rate_limited') limited = e;
    }
    expect(limited).toMatchObject({ code: 'rate_limited', status: 429 });
    expect((limited as ApiError).retryAfter).toBeGreaterThan(0);
  });
});
