// Nothing acknowledged is lost: a server killed with SIGKILL in the middle of a stream of sends
// has, after restart, every message it acknowledged, once, with the seq it acknowledged.
// SIGTERM shuts down gracefully: sockets close with 1001, the process exits 0.
import { afterEach, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './testing.js';
import { api, direct, registerUser, WsClient } from './test-support/harness.js';
import { spawnServer, type ServerProcess } from './test-support/process.js';

let db: TestDatabase | undefined;
let procs: ServerProcess[] = [];
afterEach(async () => {
  for (const p of procs) if (p.proc.exitCode === null && p.proc.signalCode === null) await p.kill();
  procs = [];
  await db?.drop();
});

async function start(): Promise<ServerProcess> {
  const p = await spawnServer(db!.env);
  procs.push(p);
  return p;
}

it('keeps every acknowledged message after kill -9', async () => {
  db = await createTestDatabase();
  const first = await start();
  const a = await registerUser(first.url);
  const b = await registerUser(first.url);
  const conv = await direct(first.url, a, b);
  const ws = await WsClient.connect(first.url, a.token);
  const acked = new Map<string, { id: string; seq: number }>();
  ws.ws.on('message', (data) => {
    const f = JSON.parse(String(data)) as { type: string; clientId?: string; message?: { id: string; seq: number } };
    if (f.type === 'ack' && f.clientId && f.message) acked.set(f.clientId, f.message);
  });
  // Keep sending faster than the server can commit, so sends are in flight when it dies. The cap
  // keeps the resend below quick on a loaded PostgreSQL machine too.
  let sent = 0;
  const pump = setInterval(() => {
    for (let i = 0; i < 20 && sent < 3_000; i++, sent++) {
      ws.send({ type: 'send', conversationId: conv, clientId: `k${sent}`, text: `m${sent}` });
    }
  }, 1);
  while (acked.size < 300) await new Promise((r) => setTimeout(r, 1));
  clearInterval(pump);
  // A last burst, then SIGKILL in the same turn of the event loop: sends are in flight when it
  // dies, however fast the server caught up with the pump (once it had answered every send
  // before the kill landed, and this test then checked nothing in flight).
  for (let i = 0; i < 200; i++, sent++) {
    ws.send({ type: 'send', conversationId: conv, clientId: `k${sent}`, text: `m${sent}` });
  }
  const killed = first.kill('SIGKILL');
  const total = sent;
  await killed;
  expect(acked.size).toBeLessThan(total);

  const second = await start();
  const messages: { id: string; seq: number; clientId: string }[] = [];
  for (let after = 0; ;) {
    const r = await api(second.url, 'GET', `/v1/conversations/${conv}/messages?afterSeq=${after}&limit=200`, {
      token: a.token,
    });
    expect(r.status).toBe(200);
    const page = r.body.messages as { id: string; seq: number; clientId: string }[];
    if (page.length === 0) break;
    messages.push(...page);
    after = page.at(-1)!.seq;
  }
  const byClient = new Map(messages.map((m) => [m.clientId, m]));
  for (const [clientId, m] of acked) expect(byClient.get(clientId)).toMatchObject({ id: m.id, seq: m.seq });
  // Stored messages have consecutive seqs starting after the conversation's creation, no repeats.
  expect(messages.map((m) => m.seq)).toEqual(messages.map((_, i) => i + 2));
  expect(byClient.size).toBe(messages.length);

  // Resending everything with the same client ids completes the set, each message once.
  const ws2 = await WsClient.connect(second.url, a.token);
  for (let i = 0; i < total; i++) ws2.send({ type: 'send', conversationId: conv, clientId: `k${i}`, text: `m${i}` });
  for (let i = 0; i < total; i++) await ws2.next((f) => f.type === 'ack', 20_000);
  const conversation = await api(second.url, 'GET', `/v1/conversations/${conv}`, { token: a.token });
  expect(conversation.body.conversation.lastSeq).toBe(total + 1);
  ws2.close();
}, 90_000);

it('shuts down gracefully on SIGTERM: sockets get 1001, the process exits 0', async () => {
  db = await createTestDatabase();
  const p = await start();
  const a = await registerUser(p.url);
  const ws = await WsClient.connect(p.url, a.token);
  p.proc.kill('SIGTERM');
  expect((await ws.closed).code).toBe(1001);
  expect(await p.exited).toEqual({ code: 0, signal: null });
  const again = await start();
  expect((await api(again.url, 'GET', '/v1/me', { token: a.token })).status).toBe(200);
}, 60_000);
