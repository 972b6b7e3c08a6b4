// The outbox across a restart of the client, against a real server: messages queued while
// offline (file stores) are sent by the next client instance, exactly once, in order, and a
// send whose ack was lost before the restart is not stored twice.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Event } from '@anytime/protocol';
import { startTestServer, type TestServer } from '@anytime/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileSessionStore } from '../auth/file-session-store.js';
import { createClient } from '../client.js';
import { fetchHistory } from '../state/load-state.js';
import { device, FAST_REALTIME, PASSWORD, uniqueName, until } from '../test-support/harness.js';
import { FileOutboxStore } from './file-outbox-store.js';

let server: TestServer;
let dir: string;
beforeAll(async () => {
  server = await startTestServer();
  dir = await mkdtemp(join(tmpdir(), 'anytime-restart-'));
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

/** A client whose session and outbox live in files under `name` (a "process" that can restart). */
function fileClient(name: string) {
  const stores = {
    session: new FileSessionStore(join(dir, name, 'session.json')),
    outbox: new FileOutboxStore(join(dir, name, 'outbox.json')),
  };
  const client = createClient({ baseUrl: server.url, stores, realtime: FAST_REALTIME });
  const events: Event[] = [];
  client.on('event', (e) => events.push(e));
  return { client, events, outboxPath: stores.outbox.path };
}

async function friends(name: string) {
  const first = fileClient(name);
  const { user } = await first.client.register({ username: uniqueName('rs'), password: PASSWORD });
  const bob = device(server.url);
  const rb = await bob.client.register({ username: uniqueName('rsb'), password: PASSWORD });
  const { conversation } = await bob.client.api('createConversation', {
    body: { kind: 'direct', memberIds: [user.id] },
  });
  return { first, bob, conversationId: conversation.id, bobId: rb.user.id };
}

describe('outbox across restarts', () => {
  it('messages queued offline are sent by the next client instance, once each, in order', async () => {
    const { first, bob, conversationId } = await friends('one');
    await first.client.connect();
    await first.client.whenSynced();
    first.client.disconnect();
    const queued = [];
    for (const text of ['one', 'two', 'three']) queued.push(await first.client.send(conversationId, text));
    await first.client.close(); // the process ends with three unsent messages
    const onDisk = JSON.parse(await readFile(first.outboxPath, 'utf8')) as { messages: { clientId: string }[] };
    expect(onDisk.messages.map((m) => m.clientId)).toEqual(queued.map((q) => q.clientId));

    const second = fileClient('one'); // same files, no sign-in
    await second.client.connect();
    await until(() => second.client.pending.length === 0, 10_000, 'outbox to drain');
    const history = await fetchHistory(bob.client.call, conversationId);
    expect(history.map((m) => [m.text, m.clientId])).toEqual(queued.map((q) => [q.text, q.clientId]));
    // It resumed from the stored cursor: nothing the first instance applied came again.
    await until(() => second.events.length === 3, 5000, 'own messages as events');
    expect(second.events.map((e) => e.type)).toEqual(['message.created', 'message.created', 'message.created']);
    await second.client.close();
    expect(JSON.parse(await readFile(second.outboxPath, 'utf8'))).toMatchObject({ messages: [] });
    await bob.client.close();
  });

  it('a send stored by the server whose ack never arrived is not stored twice after a restart', async () => {
    const { first, bob, conversationId } = await friends('two');
    const pending = await first.client.send(conversationId, 'only once'); // never connected: not sent
    // The same clientId reaches the server another way first (as if the ack was lost).
    const sent = await first.client.api('sendMessage', {
      params: { id: conversationId },
      body: { clientId: pending.clientId, text: pending.text },
    });
    const again = await first.client.api('sendMessage', {
      params: { id: conversationId },
      body: { clientId: pending.clientId, text: pending.text },
    });
    expect(again.message).toEqual(sent.message);
    await first.client.close();

    const second = fileClient('two');
    const acked = second.client.next('sent');
    await second.client.connect();
    const { pending: p, message } = await acked;
    expect(p.clientId).toBe(pending.clientId);
    expect(message).toEqual(sent.message);
    const history = await fetchHistory(bob.client.call, conversationId);
    expect(history.filter((m) => m.clientId === pending.clientId)).toHaveLength(1);
    expect(history).toHaveLength(1);
    await second.client.close();
    await bob.client.close();
  });
});
