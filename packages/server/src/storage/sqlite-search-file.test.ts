// SQLite's search index file (always SQLite: it exists only there). The main file keeps no index
// tables; a missing search file, or one ahead of the main file's log (the main file replaced by
// an older copy), is rebuilt from the log on the next start, each message indexed once; and a
// database from before migration 0026, whose index was in the main file, is searched after the
// upgrade.
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import type { Message } from '@anytime/protocol';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing.js';
import { api, direct, registerUser, send, type TestUser } from '../test-support/harness.js';
import { migrationsFor } from './migrations/index.js';
import { openSearchFile, searchFileOf } from './sqlite-search-file.js';

const dir = mkdtempSync(join(tmpdir(), 'anytime-search-file-'));
const mainFile = join(dir, 'anytime.sqlite');
const searchFile = searchFileOf(mainFile);
const database = { env: { DATA_DIR: dir }, drop: async () => undefined };
let s: TestServer;
let alice: TestUser;
let bob: TestUser;
let conv: string;

const find = async (q: string) =>
  (
    (await api(s.url, 'GET', `/v1/search?${new URLSearchParams({ q })}`, { token: bob.token })).body as {
      messages: Message[];
    }
  ).messages.map((m) => m.text);

/** The search file's document count and position, read on a connection of the test's own. */
function searchFileState(): { docs: number; pos: number } {
  const db = new BetterSqlite3(searchFile, { readonly: true });
  try {
    const { docs } = db.prepare('SELECT COUNT(*) AS docs FROM search_docs').get() as { docs: number };
    const { pos } = db.prepare('SELECT pos FROM search_indexer').get() as { pos: number };
    return { docs, pos };
  } finally {
    db.close();
  }
}

async function restart(): Promise<void> {
  await s.close();
  s = await startTestServer({ database });
  await s.server.searchIndexer.idle();
}

beforeAll(async () => {
  s = await startTestServer({ database });
  [alice, bob] = (await Promise.all([registerUser(s.url), registerUser(s.url)])) as [TestUser, TestUser];
  conv = await direct(s.url, alice, bob);
  for (const t of ['tamarind one', 'tamarind two', 'tamarind three'])
    expect((await send(s.url, alice, conv, t)).status).toBe(201);
  await s.server.searchIndexer.idle();
});
afterAll(async () => {
  await s.close();
  rmSync(dir, { recursive: true, force: true });
});

it('keeps the index in its own file, none of it in the main file', async () => {
  expect(s.server.ctx.storage.dialect).toBe('sqlite');
  expect(await find('tamarind')).toEqual(['tamarind three', 'tamarind two', 'tamarind one']);
  expect(searchFileState().docs).toBe(3);
  const main = new BetterSqlite3(mainFile, { readonly: true });
  const tables = main
    .prepare("SELECT name FROM sqlite_master WHERE name LIKE 'search%'")
    .all()
    .map((r) => (r as { name: string }).name);
  main.close();
  expect(tables).toEqual([]);
});

it('rebuilds a missing search file from the log, each message once', async () => {
  await s.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${searchFile}${suffix}`, { force: true });
  s = await startTestServer({ database });
  await s.server.searchIndexer.idle();
  expect(existsSync(searchFile)).toBe(true);
  expect(await find('tamarind')).toEqual(['tamarind three', 'tamarind two', 'tamarind one']);
  expect(searchFileState().docs).toBe(3);
});

it('empties and rebuilds a search file that is ahead of the main file (an older copy restored)', async () => {
  await s.close();
  const older = join(dir, 'older.sqlite');
  copyFileSync(mainFile, older);
  s = await startTestServer({ database });
  expect((await send(s.url, alice, conv, 'tamarind four, not in the copy')).status).toBe(201);
  await s.server.searchIndexer.idle();
  const ahead = searchFileState();
  expect(ahead.docs).toBe(4);
  await s.close();
  // The main file goes back to the copy (its WAL was folded in when the server stopped).
  copyFileSync(older, mainFile);
  for (const suffix of ['-wal', '-shm']) rmSync(`${mainFile}${suffix}`, { force: true });
  s = await startTestServer({ database });
  await s.server.searchIndexer.idle();
  expect(searchFileState().pos).toBeLessThan(ahead.pos);
  expect(await find('tamarind')).toEqual(['tamarind three', 'tamarind two', 'tamarind one']);
  expect(searchFileState().docs).toBe(3);
  // New sends after the rebuild are indexed as usual.
  expect((await send(s.url, alice, conv, 'tamarind five')).status).toBe(201);
  await restart();
  expect(await find('tamarind')).toEqual(['tamarind five', 'tamarind three', 'tamarind two', 'tamarind one']);
});

it('upgrades a database whose index was in the main file (before migration 0026)', async () => {
  const old = mkdtempSync(join(tmpdir(), 'anytime-search-file-old-'));
  try {
    // A database at migration 0025 with a document in the old tables, and the search file's
    // tables so far in the main file (as the server made them then).
    const raw = new BetterSqlite3(join(old, 'anytime.sqlite'));
    raw.pragma('journal_mode = WAL');
    const db = new Kysely({ dialect: new SqliteDialect({ database: raw }) });
    const r = await new Migrator({ db, provider: { getMigrations: async () => migrationsFor('sqlite') } }).migrateTo(
      '0025_mls_former_seq',
    );
    if (r.error) throw r.error;
    raw.prepare("INSERT INTO search_docs (message_id, conversation_id, seq) VALUES ('m', 'c', 1)").run();
    await db.destroy();

    const upgraded = await startTestServer({ database: { env: { DATA_DIR: old }, drop: async () => undefined } });
    try {
      const [a, b] = (await Promise.all([registerUser(upgraded.url), registerUser(upgraded.url)])) as [
        TestUser,
        TestUser,
      ];
      const c = await direct(upgraded.url, a, b);
      expect((await send(upgraded.url, a, c, 'jackfruit after the upgrade')).status).toBe(201);
      await upgraded.server.searchIndexer.idle();
      const found = await api(upgraded.url, 'GET', '/v1/search?q=jackfruit', { token: b.token });
      expect((found.body as { messages: Message[] }).messages.map((m) => m.text)).toEqual([
        'jackfruit after the upgrade',
      ]);
    } finally {
      await upgraded.close();
    }
    const file = openSearchFile(searchFileOf(join(old, 'anytime.sqlite')));
    const docs = file.prepare('SELECT message_id FROM search_docs').all() as { message_id: string }[];
    file.close();
    // Only what the log holds: the old table's document went with the table.
    expect(docs.map((d) => d.message_id)).not.toContain('m');
    expect(docs).toHaveLength(1);
  } finally {
    rmSync(old, { recursive: true, force: true });
  }
});
