// The offline cache on its own, over the memory and IndexedDB (fake-indexeddb) stores: answers
// recorded routes, folds events in (new, edited and expired messages), keeps accounts
// apart, survives a restart and forgets everything on clear().
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { testConversation, testMessage } from '@anytime/protocol/testing';
import { describe, expect, it } from 'vitest';
import type { Conversation, Event, Message, User } from '@anytime/protocol';
import { MemoryCacheStore, type CacheStore } from './cache-store.js';
import { IndexedDbCacheStore } from './indexeddb-cache-store.js';
import { OfflineCache } from './offline-cache.js';

const T = '2026-01-01T00:00:00.000Z';
const user = { id: 'u1', username: 'ann', displayName: 'Ann', about: '', avatarUrl: null } as unknown as User;

const conversation = (id: string, lastSeq: number, lastActivityAt = T): Conversation =>
  testConversation({ id, lastSeq, lastActivityAt, createdAt: T });

const message = (conversationId: string, seq: number, text = `m${seq}`): Message =>
  testMessage({
    id: `${conversationId}-${seq}`,
    conversationId,
    seq,
    senderId: 'u2',
    clientId: `c${seq}`,
    text,
    createdAt: T,
  });

const stores: [string, () => { make: () => CacheStore }][] = [
  [
    'memory',
    () => {
      const s = new MemoryCacheStore();
      return { make: () => s };
    },
  ],
  [
    'indexeddb',
    () => {
      const factory = new IDBFactory();
      return { make: () => new IndexedDbCacheStore({ factory, keyRange: IDBKeyRange, name: 'c' }) };
    },
  ],
];

describe.each(stores)('offline cache over the %s store', (_, backend) => {
  it('answers me, the conversation list and history pages from what it recorded', async () => {
    const b = backend();
    const cache = new OfflineCache(b.make());
    expect(await cache.answer('u1', 'me', undefined)).toBeUndefined();
    await cache.record('u1', 'me', undefined, { user });
    const convs = [conversation('c1', 3, '2026-01-02T00:00:00.000Z'), conversation('c2', 1)];
    await cache.record('u1', 'listConversations', undefined, {
      conversations: convs,
      states: [],
      lastMessages: convs.map(() => null),
    });
    const msgs = [1, 2, 3].map((n) => message('c1', n));
    await cache.record('u1', 'listMessages', { params: { id: 'c1' }, query: { limit: 50 } }, { messages: msgs });

    expect(await cache.answer('u1', 'me', undefined)).toEqual({ user });
    const bob = { ...user, id: 'u2', username: 'bob', displayName: 'Bob' };
    expect(await cache.answer('u1', 'getUser', { params: { id: 'u2' } })).toBeUndefined();
    await cache.record('u1', 'getUser', { params: { id: 'u2' } }, { user: bob });
    expect(await cache.answer('u1', 'getUser', { params: { id: 'u2' } })).toEqual({ user: bob });
    // Profiles found by a search are kept too; the search itself is not answered offline.
    const cat = { ...user, id: 'u3', username: 'cat', displayName: 'Cat' };
    await cache.record('u1', 'searchUsers', { query: { prefix: 'ca' } }, { users: [cat] });
    expect(await cache.answer('u1', 'getUser', { params: { id: 'u3' } })).toEqual({ user: cat });
    expect(await cache.answer('u1', 'searchUsers', { query: { prefix: 'ca' } })).toBeUndefined();
    const list = await cache.answer('u1', 'listConversations', undefined);
    expect(list?.conversations.map((c) => c.id)).toEqual(['c1', 'c2']);
    expect(list?.states.map((s) => s.conversationId)).toEqual(['c1', 'c2']);
    const page = (query: Record<string, number>) => cache.answer('u1', 'listMessages', { params: { id: 'c1' }, query });
    expect((await page({ limit: 2 }))?.messages.map((m) => m.seq)).toEqual([2, 3]);
    expect((await page({ beforeSeq: 3, limit: 1 }))?.messages.map((m) => m.seq)).toEqual([2]);
    expect((await page({ afterSeq: 1, limit: 1 }))?.messages.map((m) => m.seq)).toEqual([2]);
    // A known chat with nothing cached answers empty; an unknown one is not answered.
    expect(await cache.answer('u1', 'listMessages', { params: { id: 'c2' } })).toEqual({ messages: [] });
    expect(await cache.answer('u1', 'listMessages', { params: { id: 'nope' } })).toBeUndefined();
    // Another account on the same browser sees nothing of this one.
    expect(await cache.answer('u9', 'me', undefined)).toBeUndefined();
    expect(await cache.answer('u9', 'listConversations', undefined)).toBeUndefined();
  });

  it('folds events in and keeps them across a restart, and clear() forgets everything', async () => {
    const b = backend();
    const cache = new OfflineCache(b.make());
    await cache.record('u1', 'me', undefined, { user });
    await cache.record('u1', 'listConversations', undefined, {
      conversations: [conversation('c1', 2)],
      states: [],
      lastMessages: [null],
    });
    await cache.record(
      'u1',
      'listMessages',
      { params: { id: 'c1' } },
      { messages: [message('c1', 1), message('c1', 2)] },
    );
    const created = { type: 'message.created', conversationId: 'c1', seq: 3, message: message('c1', 3, 'new') };
    await cache.apply('u1', created as unknown as Event);
    const edited = { ...message('c1', 1, 'edited'), editedAt: T, updatedSeq: 4 };
    await cache.apply('u1', {
      type: 'message.updated',
      conversationId: 'c1',
      seq: 4,
      message: edited,
    } as unknown as Event);
    await cache.apply('u1', {
      type: 'messages.expired',
      conversationId: 'c1',
      seq: 5,
      messageIds: ['c1-2'],
    } as unknown as Event);
    await cache.flush();

    const again = new OfflineCache(b.make());
    const got = await again.answer('u1', 'listMessages', { params: { id: 'c1' } });
    expect(got?.messages.map((m) => [m.seq, m.text])).toEqual([
      [1, 'edited'],
      [3, 'new'],
    ]);
    const list = await again.answer('u1', 'listConversations', undefined);
    expect(list?.conversations[0]?.lastSeq).toBe(5);
    // The list's preview is the newest cached message.
    expect(list?.lastMessages.map((m) => m?.text)).toEqual(['new']);

    await again.clear();
    const third = new OfflineCache(b.make());
    expect(await third.answer('u1', 'me', undefined)).toBeUndefined();
    expect(await third.answer('u1', 'listMessages', { params: { id: 'c1' } })).toBeUndefined();
  });

  it('keeps only the newest messages of a chat', async () => {
    const b = backend();
    const cache = new OfflineCache(b.make(), { maxMessages: 3 });
    await cache.record('u1', 'listConversations', undefined, {
      conversations: [conversation('c1', 5)],
      states: [],
      lastMessages: [null],
    });
    const msgs = [1, 2, 3, 4, 5].map((n) => message('c1', n));
    await cache.record('u1', 'listMessages', { params: { id: 'c1' }, query: { limit: 5 } }, { messages: msgs });
    await cache.flush();
    const again = new OfflineCache(b.make());
    const got = await again.answer('u1', 'listMessages', { params: { id: 'c1' }, query: { limit: 50 } });
    expect(got?.messages.map((m) => m.seq)).toEqual([3, 4, 5]);
  });
});
