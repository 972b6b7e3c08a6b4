// The offline cache inside the client, against a real server: answers, sign-ins and events
// are written through; a restarted client whose network is down opens with the user, a
// looked-up profile, the conversation list and the history (including a message that only
// arrived as an event); sign-out clears it.
import { startTestServer, type TestServer } from '@anytime/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySessionStore } from '../auth/session.js';
import { NetworkError } from '../http/api-error.js';
import { device, PASSWORD, uniqueName } from '../test-support/harness.js';
import { MemoryCacheStore } from './cache-store.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

/** A fetch that fails like a browser's when `offline.on` is true. */
function switchableFetch() {
  const offline = { on: false };
  const fetch: typeof globalThis.fetch = (input, init) =>
    offline.on ? Promise.reject(new TypeError('Failed to fetch')) : globalThis.fetch(input, init);
  return { offline, fetch };
}

describe('offline cache in the client', () => {
  it('answers me, the list and the history offline after a restart, and sign-out clears it', async () => {
    const cache = new MemoryCacheStore();
    const session = new MemorySessionStore();
    const net = switchableFetch();
    const a = device(server.url, { fetch: net.fetch, stores: { cache, session } });
    const b = device(server.url);
    const ra = await a.client.register({ username: uniqueName('ann'), password: PASSWORD });
    const rb = await b.client.register({ username: uniqueName('bob'), password: PASSWORD });
    const { conversation } = await b.client.api('createConversation', {
      body: { kind: 'direct', memberIds: [ra.user.id] },
    });
    await b.client.api('sendMessage', {
      params: { id: conversation.id },
      body: { clientId: crypto.randomUUID(), text: 'first' },
    });
    await a.client.connect();
    await a.client.whenSynced();
    await a.client.api('listConversations');
    await a.client.api('getUser', { params: { id: rb.user.id } });
    await a.client.api('listMessages', { params: { id: conversation.id } });
    // Only an event brings this one.
    const got = a.client.next('message.created', (e) => e.message.text === 'second');
    await b.client.api('sendMessage', {
      params: { id: conversation.id },
      body: { clientId: crypto.randomUUID(), text: 'second' },
    });
    await got;
    await a.client.cacheIdle();
    await a.client.close();

    net.offline.on = true;
    const again = device(server.url, { fetch: net.fetch, stores: { cache, session } });
    expect((await again.client.api('me')).user).toEqual(ra.user);
    expect((await again.client.api('getUser', { params: { id: rb.user.id } })).user).toEqual(rb.user);
    const list = await again.client.api('listConversations');
    expect(list.conversations.map((c) => c.id)).toEqual([conversation.id]);
    expect(list.conversations[0]?.lastSeq).toBeGreaterThanOrEqual(2);
    const history = await again.client.api('listMessages', { params: { id: conversation.id } });
    expect(history.messages.map((m) => [m.text, m.senderId])).toEqual([
      ['first', rb.user.id],
      ['second', rb.user.id],
    ]);
    // What the cache cannot answer still fails as a network error.
    await expect(again.client.api('getSettings')).rejects.toBeInstanceOf(NetworkError);

    net.offline.on = false;
    await again.client.logout();
    expect(await cache.entries('')).toEqual([]);
    net.offline.on = true;
    await expect(again.client.api('listConversations')).rejects.toBeInstanceOf(Error);
    await again.client.close();
    await b.client.close();
  });
});
