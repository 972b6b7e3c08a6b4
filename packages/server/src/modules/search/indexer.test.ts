// The search indexer on a real database: it catches up after a restart with events that were
// committed while it was stopped, replaying the log changes nothing, edits, deletes and expiry
// that follow a send at once end in the right index state (log order), and the index keys of a
// pass's new conversations are made in one write.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '@anytime/protocol';
import { createTestDatabase, startTestServer, type TestDatabase, type TestServer } from '../../testing.js';
import { api, direct, registerUser, send, type TestUser } from '../../test-support/harness.js';
import { sweepExpired } from '../message-actions/expiry.js';
import { SqliteStorage } from '../../storage/sqlite.js';
import { openSearchFile } from '../../storage/sqlite-search-file.js';
import { RECENT_MAX } from './indexer.js';

let db: TestDatabase;
let s: TestServer;
let alice: TestUser;
let bob: TestUser;
let conv: string;

const find = async (server: TestServer, u: TestUser, q: string) =>
  (
    (await api(server.url, 'GET', `/v1/search?${new URLSearchParams({ q })}`, { token: u.token })).body as {
      messages: Message[];
    }
  ).messages.map((m) => m.text);

async function say(server: TestServer, u: TestUser, text: string): Promise<Message> {
  const r = await send(server.url, u, conv, text);
  expect(r.status).toBe(201);
  return (r.body as { message: Message }).message;
}

/** Messages in the search index (search_docs, in the search file on SQLite). */
const indexedDocs = async () =>
  Number(
    (
      await s.server.ctx.storage.read
        .selectFrom('search_docs')
        .select((e) => e.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

const edit = (server: TestServer, m: Message, text: string) =>
  api(server.url, 'PATCH', `/v1/messages/${m.id}`, { token: alice.token, body: { text } });
const remove = (server: TestServer, m: Message) =>
  api(server.url, 'DELETE', `/v1/messages/${m.id}`, { token: alice.token });

beforeAll(async () => {
  db = await createTestDatabase();
  s = await startTestServer({ database: db });
  [alice, bob] = (await Promise.all([registerUser(s.url), registerUser(s.url)])) as [TestUser, TestUser];
  conv = await direct(s.url, alice, bob);
});
afterAll(async () => {
  await s.close();
  await db.drop();
});

describe('the search indexer', () => {
  it('applies an edit or a delete that follows the send at once, in log order', async () => {
    const sends = await Promise.all(['quince one', 'quince two', 'quince three'].map((t) => say(s, alice, t)));
    // No wait between the send and what follows it.
    expect((await edit(s, sends[0]!, 'medlar one')).status).toBe(200);
    expect((await edit(s, sends[0]!, 'medlar once more')).status).toBe(200);
    expect((await remove(s, sends[1]!)).status).toBe(200);
    const late = await say(s, alice, 'quince four');
    expect((await edit(s, late, 'quince four, edited')).status).toBe(200);
    expect((await remove(s, late)).status).toBe(200);
    await s.server.searchIndexer.idle();
    expect(await find(s, bob, 'quince')).toEqual(['quince three']);
    expect(await find(s, bob, 'medlar')).toEqual(['medlar once more']);
  });

  it('drops expired messages', async () => {
    const m = await say(s, alice, 'ephemeral loquat');
    await s.server.searchIndexer.idle();
    expect(await find(s, bob, 'loquat')).toEqual(['ephemeral loquat']);
    const past = new Date(Date.now() - 1000).toISOString();
    await s.server.ctx.storage.write((tx) =>
      tx.db.updateTable('messages').set({ expires_at: past }).where('id', '=', m.id).execute(),
    );
    expect(await sweepExpired(s.server.ctx, new Date())).toBe(1);
    await s.server.searchIndexer.idle();
    expect(await find(s, bob, 'loquat')).toEqual([]);
  });

  it('makes the index keys of the new conversations a pass names in one write', async () => {
    await s.server.searchIndexer.stop();
    const people = await Promise.all(Array.from({ length: 12 }, () => registerUser(s.url)));
    const chats = await Promise.all(people.map((p) => direct(s.url, alice, p)));
    await Promise.all(chats.map((c, i) => send(s.url, alice, c, `first words ${i} quincunx`)));
    const storage = s.server.ctx.storage;
    const write = storage.write.bind(storage);
    let writes = 0;
    storage.write = ((...args: Parameters<typeof write>) => {
      writes += 1;
      return write(...args);
    }) as typeof storage.write;
    try {
      s.server.searchIndexer.start();
      await s.server.searchIndexer.idle();
    } finally {
      storage.write = write;
    }
    // SQLite: one write for the twelve keys (the pass runs in the worker, in the search file).
    // PostgreSQL makes them inside the pass's own transactions: never a write per conversation.
    if (storage.dialect === 'sqlite') expect(writes).toBe(1);
    else expect(writes).toBeLessThan(people.length);
    expect(await find(s, alice, 'quincunx')).toHaveLength(12);
  });

  it('indexes a backlog longer than it keeps in memory: each event once, from the log and then from memory', async () => {
    // Stopped without a restart: the node keeps the newest committed rows in memory (SQLite),
    // at most RECENT_MAX, so the first 100 of these sends are only in the log.
    await s.server.searchIndexer.stop();
    // (PostgreSQL keeps nothing in memory: a backlog there is read from the log, whatever its size.)
    const BACKLOG = s.server.ctx.storage.dialect === 'sqlite' ? RECENT_MAX + 100 : 1_300;
    const docsBefore = await indexedDocs();
    const texts = Array.from(
      { length: BACKLOG },
      (_, i) => `backlog ${i === 0 ? 'firstling' : i === BACKLOG - 1 ? 'lastling' : 'middling'} ${i}`,
    );
    for (let i = 0; i < texts.length; i += 100) await Promise.all(texts.slice(i, i + 100).map((t) => say(s, alice, t)));
    s.server.searchIndexer.start();
    await s.server.searchIndexer.idle();
    const docsAfter = await indexedDocs();
    expect(docsAfter - docsBefore).toBe(BACKLOG);
    expect(await find(s, bob, 'firstling')).toEqual(['backlog firstling 0']);
    expect(await find(s, bob, 'lastling')).toEqual([`backlog lastling ${BACKLOG - 1}`]);
    expect(await find(s, bob, 'middling 1234')).toEqual(['backlog middling 1234']);
  });

  it('catches up after a restart with what was committed while it was stopped, and a replay changes nothing', async () => {
    await say(s, alice, 'kiwi before the stop');
    await s.server.searchIndexer.idle();
    await s.server.searchIndexer.stop();
    await say(s, alice, 'kiwi after the stop');
    const edited = await say(s, alice, 'mango to be edited');
    expect((await edit(s, edited, 'papaya now')).status).toBe(200);
    expect((await remove(s, await say(s, alice, 'kiwi to be deleted'))).status).toBe(200);
    // Committed, not indexed yet.
    expect(await find(s, bob, 'kiwi')).toEqual(['kiwi before the stop']);
    expect(await find(s, bob, 'mango')).toEqual([]);
    await expect(s.server.searchIndexer.idle()).rejects.toThrow(/stopped/);
    await s.close();

    s = await startTestServer({ database: db });
    await s.server.searchIndexer.idle();
    const expected = {
      kiwi: ['kiwi after the stop', 'kiwi before the stop'],
      papaya: ['papaya now'],
      mango: [],
      quince: ['quince three'],
      medlar: ['medlar once more'],
      loquat: [],
    };
    const all = async () =>
      Object.fromEntries(await Promise.all(Object.keys(expected).map(async (q) => [q, await find(s, bob, q)])));
    expect(await all()).toEqual(expected);
    const docs = () =>
      s.server.ctx.storage.read.selectFrom('search_docs').select(['message_id', 'doc_id']).orderBy('doc_id').execute();
    const before = await docs();

    // Replaying the whole log (as after a lost position) leaves the same index.
    await s.server.searchIndexer.stop();
    const { storage } = s.server.ctx;
    if (storage instanceof SqliteStorage) {
      // SQLite keeps the position in the search file, which only the index worker writes.
      const file = openSearchFile(storage.searchFile!);
      file.prepare('UPDATE search_indexer SET txid = 0, pos = 0 WHERE id = 1').run();
      file.close();
    } else {
      await storage.write((tx) =>
        tx.db.updateTable('search_indexer').set({ txid: 0, pos: 0 }).where('id', '=', 1).execute(),
      );
    }
    s.server.searchIndexer.start();
    await s.server.searchIndexer.idle();
    expect(await all()).toEqual(expected);
    expect(await docs()).toEqual(before);
  });
});
