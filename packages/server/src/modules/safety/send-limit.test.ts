import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing.js';
import { direct, registerUser, send, WsClient } from '../../test-support/harness.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ env: { SEND_LIMIT_MESSAGES: '3', SEND_LIMIT_WINDOW_SECONDS: '30' } });
});
afterAll(() => s.close());

const stored = async (conv: string) =>
  Number(
    (
      await s.server.ctx.storage.read
        .selectFrom('messages')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('conversation_id', '=', conv)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('per-user send rate limit', () => {
  it('answers 429 rate_limited with Retry-After over HTTP and an error frame over the socket; stores nothing', async () => {
    const [a, b] = await Promise.all([registerUser(s.url), registerUser(s.url)]);
    const conv = await direct(s.url, a, b);
    const ws = await WsClient.connect(s.url, a.token);
    // HTTP and the socket share one budget.
    expect((await send(s.url, a, conv, 'one')).status).toBe(201);
    ws.send({ type: 'send', conversationId: conv, clientId: 'ws-two', text: 'two' });
    await ws.next((f) => f.type === 'ack');
    expect((await send(s.url, a, conv, 'three')).status).toBe(201);
    const r = await send(s.url, a, conv, 'four');
    expect(r.status).toBe(429);
    expect(r.body.error.code).toBe('rate_limited');
    const retry = Number(r.headers.get('retry-after'));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(30);
    ws.send({ type: 'send', conversationId: conv, clientId: 'ws-five', text: 'five' });
    const err = await ws.next((f) => f.type === 'error');
    expect(err).toMatchObject({ clientId: 'ws-five', error: { code: 'rate_limited' } });
    expect(err['retryAfterSeconds']).toBeGreaterThanOrEqual(1);
    expect(await stored(conv)).toBe(3);
    // Another user is not affected.
    expect((await send(s.url, b, conv, 'mine')).status).toBe(201);
    ws.close();
  });
});
