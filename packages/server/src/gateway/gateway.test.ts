import type { IncomingMessage } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startTestServer, type TestServer } from '../testing.js';
import { api, direct, group, loginUser, registerUser, send, uniqueName, WsClient } from '../test-support/harness.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ env: { WS_BUFFER_LIMIT_BYTES: '262144' } });
});
afterAll(() => s.close());

describe('WebSocket gateway', () => {
  it('authenticates by header or access_token query and says hello first', async () => {
    const u = await registerUser(s.url);
    for (const viaQuery of [false, true]) {
      const ws = await WsClient.connect(s.url, u.token, { viaQuery });
      expect(ws.frames[0]).toMatchObject({
        type: 'hello',
        userId: u.user.id,
        deviceId: u.deviceId,
        protocolVersion: 1,
      });
      ws.close();
    }
  });

  it('lets the HTTP upgrade request go once the socket is open (memory per idle connection)', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const u = await registerUser(s.url);
    const requests: WeakRef<IncomingMessage>[] = [];
    const onUpgrade = (req: IncomingMessage) => requests.push(new WeakRef(req));
    s.server.app.server.on('upgrade', onUpgrade);
    const ws = await WsClient.connect(s.url, u.token);
    s.server.app.server.off('upgrade', onUpgrade);
    // connect() resolves once the socket is synced.
    await new Promise((r) => setTimeout(r, 20));
    gc();
    expect(requests).toHaveLength(1);
    expect(requests[0]!.deref()).toBeUndefined();
    // The socket still works.
    ws.send({ type: 'ping', nonce: 'after-gc' });
    expect((await ws.next((f) => f.type === 'pong'))['nonce']).toBe('after-gc');
    ws.close();
  });

  it('closes with 4001 without a valid token', async () => {
    const ws = new WebSocket(s.url.replace('http', 'ws') + '/v1/ws?access_token=bogus');
    const code = await new Promise<number>((r) => ws.on('close', (c) => r(c)));
    expect(code).toBe(4001);
  });

  it("delivers a message to every device of every member, the sender's other devices too", async () => {
    const a = await registerUser(s.url);
    const b = await registerUser(s.url);
    const a2 = await loginUser(s.url, a);
    const b2 = await loginUser(s.url, b);
    const conv = await direct(s.url, a, b);
    const sockets = await Promise.all([a, a2, b, b2].map((u) => WsClient.connect(s.url, u.token)));
    const sent = (await send(s.url, a, conv, 'to everyone')).body.message;
    for (const ws of sockets) {
      const f = await ws.next((x) => x.type === 'message.created');
      expect(f['message']).toEqual(sent);
      expect(typeof f['cursor']).toBe('string');
    }
    const outsider = await WsClient.connect(s.url, (await registerUser(s.url)).token);
    await send(s.url, b, conv, 'second');
    await sockets[0]!.next((x) => x.type === 'message.created');
    expect(outsider.events('message.created')).toHaveLength(0);
    [...sockets, outsider].forEach((w) => w.close());
  });

  it('sends over the socket with an ack carrying the client id; a repeat acks the original', async () => {
    const a = await registerUser(s.url);
    const b = await registerUser(s.url);
    const conv = await direct(s.url, a, b);
    const wa = await WsClient.connect(s.url, a.token);
    const wb = await WsClient.connect(s.url, b.token);
    wa.send({ type: 'send', conversationId: conv, clientId: 'ws-1', text: 'over the socket' });
    const ack = await wa.next((f) => f.type === 'ack');
    expect(ack['clientId']).toBe('ws-1');
    const got = await wb.next((f) => f.type === 'message.created');
    expect(got['message']).toEqual(ack['message']);
    wa.send({ type: 'send', conversationId: conv, clientId: 'ws-1', text: 'over the socket' });
    const ack2 = await wa.next((f) => f.type === 'ack');
    expect(ack2['message']).toEqual(ack['message']);
    const hist = await api(s.url, 'GET', `/v1/conversations/${conv}/messages`, { token: b.token });
    expect(hist.body.messages).toHaveLength(1);
    wa.close();
    wb.close();
  });

  it("keeps one device's sends to a conversation in order", async () => {
    const a = await registerUser(s.url);
    const b = await registerUser(s.url);
    const conv = await direct(s.url, a, b);
    const wa = await WsClient.connect(s.url, a.token);
    for (let i = 0; i < 30; i++) wa.send({ type: 'send', conversationId: conv, clientId: `o${i}`, text: `n${i}` });
    for (let i = 0; i < 30; i++) await wa.next((f) => f.type === 'ack');
    const hist = await api(s.url, 'GET', `/v1/conversations/${conv}/messages?limit=50`, { token: b.token });
    expect(hist.body.messages.map((m: { text: string }) => m.text)).toEqual(
      Array.from({ length: 30 }, (_, i) => `n${i}`),
    );
    wa.close();
  });

  it('answers broken frames with an error frame and keeps serving everyone', async () => {
    const a = await registerUser(s.url);
    const b = await registerUser(s.url);
    const conv = await direct(s.url, a, b);
    const wa = await WsClient.connect(s.url, a.token);
    const wb = await WsClient.connect(s.url, b.token);
    const cases: [unknown, string][] = [
      ['{not json', 'invalid_json'],
      ['[1,2]', 'invalid_frame'],
      [{ type: 'explode' }, 'invalid_frame'],
      [{ type: 'send', conversationId: conv, clientId: 'x1' }, 'invalid_request'],
      [{ type: 'send', conversationId: conv, clientId: 'x2', text: 5 }, 'invalid_request'],
      [{ type: 'send', conversationId: conv, clientId: 'x3', text: 'y'.repeat(16_001) }, 'text_too_long'],
      [{ type: 'send', conversationId: 'nope', clientId: 'x4', text: 'hi' }, 'not_found'],
      [{ type: 'cursor', cursor: 'garbage' }, 'invalid_cursor'],
    ];
    for (const [frame, code] of cases) {
      wa.send(frame);
      const err = await wa.next((f) => f.type === 'error');
      expect((err['error'] as { code: string }).code).toBe(code);
    }
    const errWithId = wa.frames.filter((f) => f.type === 'error' && f['clientId'] === 'x4');
    expect(errWithId).toHaveLength(1);
    wa.send({ type: 'ping', nonce: 'n1' });
    expect((await wa.next((f) => f.type === 'pong'))['nonce']).toBe('n1');
    wb.send({ type: 'send', conversationId: conv, clientId: 'fine', text: 'still works' });
    await wb.next((f) => f.type === 'ack');
    await wa.next((f) => f.type === 'message.created');
    const hist = await api(s.url, 'GET', `/v1/conversations/${conv}/messages`, { token: a.token });
    expect(hist.body.messages.map((m: { text: string }) => m.text)).toEqual(['still works']);
    wa.close();
    wb.close();
  });

  it('resumes from a cursor: missed events first, then synced, then live; no gaps, no duplicates', async () => {
    const a = await registerUser(s.url);
    const b = await registerUser(s.url);
    const conv = await direct(s.url, a, b);
    const wb = await WsClient.connect(s.url, b.token);
    await send(s.url, a, conv, 'one');
    const seen = await wb.next((f) => f.type === 'message.created');
    wb.close();
    await wb.closed;
    for (const t of ['two', 'three', 'four']) await send(s.url, a, conv, t);
    const again = await WsClient.connect(s.url, b.token, { cursor: seen['cursor'] as string, waitSynced: false });
    await send(s.url, a, conv, 'five');
    await again.next((f) => f.type === 'synced');
    await again.next((f) => f.type === 'message.created' && (f['message'] as { text: string }).text === 'five');
    const texts = again.events('message.created').map((f) => (f['message'] as { text: string }).text);
    expect(texts).toEqual(['two', 'three', 'four', 'five']);
    const seqs = again.events('message.created').map((f) => f['seq'] as number);
    expect(seqs).toEqual([seqs[0], seqs[0]! + 1, seqs[0]! + 2, seqs[0]! + 3]);
    again.close();
  });

  it('forgets a socket that closes while it is still catching up', async () => {
    const a = await registerUser(s.url);
    const b = await registerUser(s.url);
    const conv = await direct(s.url, a, b);
    await Promise.all(Array.from({ length: 300 }, (_, i) => send(s.url, a, conv, `backlog ${i}`)));
    const router = s.server.gateway.router;
    await new Promise((r) => setTimeout(r, 100));
    const before = router.size;
    const ws = new WebSocket(`${s.url.replace('http', 'ws')}/v1/ws?cursor=0.0`, {
      headers: { authorization: `Bearer ${b.token}` },
    });
    // Close as soon as the first event of the backlog arrives: catch-up is still running.
    await new Promise<void>((resolve) => ws.once('message', () => resolve()));
    ws.terminate();
    await new Promise((r) => setTimeout(r, 300));
    expect(router.size).toBe(before);
  });

  it('rejects an invalid resume cursor with 4009', async () => {
    const u = await registerUser(s.url);
    const ws = new WebSocket(`${s.url.replace('http', 'ws')}/v1/ws?cursor=zzz`, {
      headers: { authorization: `Bearer ${u.token}` },
    });
    expect(await new Promise<number>((r) => ws.on('close', (c) => r(c)))).toBe(4009);
  });

  it('delivers a new group to members who are online, then its messages', async () => {
    const [a, b, c] = await Promise.all([registerUser(s.url), registerUser(s.url), registerUser(s.url)]);
    const wc = await WsClient.connect(s.url, c.token);
    const g = await group(s.url, a, [b, c], uniqueName('g'));
    await wc.next((f) => f.type === 'conversation.created' && f['conversationId'] === g);
    await send(s.url, b, g, 'hello group');
    const m = await wc.next((f) => f.type === 'message.created');
    expect(m['conversationId']).toBe(g);
    wc.close();
  });

  it('closes a client that does not answer heartbeats with 4010, and keeps one that does', async () => {
    const hb = await startTestServer({ env: { WS_HEARTBEAT_MS: '400' } });
    try {
      const u = await registerUser(hb.url);
      const silent = await WsClient.connect(hb.url, u.token, { autoPong: false });
      const healthy = await WsClient.connect(hb.url, u.token);
      expect((await silent.closed).code).toBe(4010);
      // Several more heartbeats pass; the one that answers stays.
      await new Promise((r) => setTimeout(r, 1_200));
      expect(healthy.ws.readyState).toBe(WebSocket.OPEN);
      healthy.close();
    } finally {
      await hb.close();
    }
  });

  it('closes a slow consumer with 4008 instead of buffering without limit', async () => {
    const a = await registerUser(s.url);
    const b = await registerUser(s.url);
    const conv = await direct(s.url, a, b);
    const slow = await WsClient.connect(s.url, b.token);
    // Stop reading: the server's send buffer fills up behind the paused socket.
    (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const big = 'z'.repeat(15_000);
    // How much the kernel's socket buffers take before the server's backlog grows varies from run
    // to run, so alice sends until the server has closed the reader, for up to 200 rounds (60 MB): a
    // fixed 6 MB sometimes fit in the kernel's buffers, leaving nothing for the server to judge.
    // The sends go over HTTP, so that no socket of the sender's own can fall behind on a busy
    // test machine; every one of them is stored.
    const readerOpen = () => [...s.server.gateway.router.connectionsOf(b.user.id)].some((c) => c.isOpen);
    for (let round = 0; round < 200 && readerOpen(); round++) {
      const sent = await Promise.all(
        Array.from({ length: 20 }, (_, i) => send(s.url, a, conv, big, `big${round}-${i}`)),
      );
      expect(sent.map((r) => r.status)).toEqual(sent.map(() => 201));
    }
    expect(readerOpen()).toBe(false);
    (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    expect((await slow.closed).code).toBe(4008);
  });
});
