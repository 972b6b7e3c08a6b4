// Migration 0020 on a real PostgreSQL (always): the blind terms of documents indexed before it
// move from search_terms rows into search_docs.terms, search_terms goes, and the GIN index finds
// documents by their terms. (On SQLite it does nothing: migrations.test.ts applies it there.)
import { Migrator, sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPostgresDatabase, type PostgresDatabase } from '../../test-databases.js';
import { PostgresStorage } from '../postgres.js';
import type { DB } from '../schema.js';
import { migrationsFor } from './index.js';

let database: PostgresDatabase;
let storage: PostgresStorage;

beforeAll(async () => {
  database = await createPostgresDatabase();
  storage = new PostgresStorage(database.url);
});

afterAll(async () => {
  await storage.close();
  await database.drop();
});

const migrateTo = async (db: Kysely<DB>, name: string) => {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrationsFor('postgres') } });
  const r = await migrator.migrateTo(name);
  if (r.error) throw r.error;
};

it('moves the terms of existing documents into search_docs.terms and drops search_terms', async () => {
  const db = storage.read;
  await migrateTo(db, '0018_call_media_state');
  const docs = await db
    .insertInto('search_docs')
    // search_docs.body existed until migration 0022 (NOT NULL on PostgreSQL): not in today's schema type.
    .values([
      { message_id: 'm1', conversation_id: 'c1', seq: 1, body: 'x' },
      { message_id: 'm2', conversation_id: 'c1', seq: 2, body: 'y' },
      { message_id: 'm3', conversation_id: 'c1', seq: 3, body: '' },
    ] as never)
    .returning(['doc_id', 'message_id'])
    .execute();
  const id = (m: string) => Number(docs.find((d) => d.message_id === m)!.doc_id);
  await db
    .insertInto('search_terms')
    .values([
      { term: 'tb', doc_id: id('m1') },
      { term: 'ta', doc_id: id('m1') },
      { term: 'ta', doc_id: id('m2') },
    ])
    .execute();

  await migrateTo(db, '0020_search_terms_array');
  const after = await db.selectFrom('search_docs').select(['message_id', 'terms']).orderBy('doc_id').execute();
  expect(after).toEqual([
    { message_id: 'm1', terms: ['ta', 'tb'] },
    { message_id: 'm2', terms: ['ta'] },
    { message_id: 'm3', terms: [] },
  ]);
  const tables = await sql<{
    n: number;
  }>`SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'search_terms'`.execute(db);
  expect(tables.rows[0]!.n).toBe(0);
  const holding = async (terms: string[]) =>
    (
      await sql<{ message_id: string }>`
        SELECT message_id FROM search_docs WHERE terms @> ${terms}::text[] ORDER BY doc_id`.execute(db)
    ).rows.map((r) => r.message_id);
  expect(await holding(['ta'])).toEqual(['m1', 'm2']);
  expect(await holding(['ta', 'tb'])).toEqual(['m1']);
  expect(await holding(['tc'])).toEqual([]);
  const index = await sql<{ def: string }>`
    SELECT indexdef AS def FROM pg_indexes WHERE indexname = 'search_docs_terms'`.execute(db);
  expect(index.rows[0]!.def).toMatch(/USING gin \(terms\) WITH \(fastupdate='?on'?\)/);
});
