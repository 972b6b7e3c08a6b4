// Migration 0021 on SQLite (always): the blind terms of documents indexed before it move from
// search_terms rows into the FTS5 table search_term_index (hex, one row per document), and the
// table finds documents by their terms. (On PostgreSQL it does nothing: migrations.test.ts.)
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, sql, SqliteDialect } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { matchExpression, termFts } from '../../modules/search/term-fts.js';
import type { DB } from '../schema.js';
import { migrationsFor } from './index.js';

const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: new BetterSqlite3(':memory:') }) });
afterAll(() => db.destroy());

const migrateTo = async (name: string) => {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrationsFor('sqlite') } });
  const r = await migrator.migrateTo(name);
  if (r.error) throw r.error;
};

it('moves the terms of existing documents into search_term_index and drops search_terms', async () => {
  await migrateTo('0020_search_terms_array');
  const docs = await db
    .insertInto('search_docs')
    .values([
      { message_id: 'm1', conversation_id: 'c1', seq: 1 },
      { message_id: 'm2', conversation_id: 'c1', seq: 2 },
      { message_id: 'm3', conversation_id: 'c1', seq: 3 },
    ])
    .returning(['doc_id', 'message_id'])
    .execute();
  const id = (m: string) => Number(docs.find((d) => d.message_id === m)!.doc_id);
  // Real terms are base64url with both cases: the move must keep "Ab" and "ab" apart.
  const [ta, tb, tA] = ['q83vEjRWeJq8', 'AAECAwQFBgcI', 'Q83vEjRWeJq8'];
  await db
    .insertInto('search_terms')
    .values([
      { term: tb, doc_id: id('m1') },
      { term: ta, doc_id: id('m1') },
      { term: ta, doc_id: id('m2') },
    ])
    .execute();

  await migrateTo('0021_search_fts_terms');
  // The terms moved must be found as the index stores new ones (from the same HMACs).
  const stored = (groups: string[][]) => groups.map((g) => g.map((t) => termFts.termOf(Buffer.from(t, 'base64url'))));
  const holding = async (...groups: string[][]) =>
    (
      await sql<{ message_id: string }>`
        SELECT d.message_id FROM search_term_index f JOIN search_docs d ON d.doc_id = f.rowid
        WHERE search_term_index MATCH ${matchExpression(stored(groups))} ORDER BY f.rowid`.execute(db)
    ).rows.map((r) => r.message_id);
  expect(await holding([ta])).toEqual(['m1', 'm2']);
  expect(await holding([ta, tb])).toEqual(['m1']);
  expect(await holding([tA])).toEqual([]);
  expect(await holding([tb], [ta])).toEqual(['m1', 'm2']);
  const tables = await sql<{ n: number }>`
    SELECT count(*) AS n FROM sqlite_master WHERE name = 'search_terms'`.execute(db);
  expect(tables.rows[0]!.n).toBe(0);
  // Nothing but terms is stored: contentless, and a document leaves the index by its rowid.
  await sql`DELETE FROM search_term_index WHERE rowid = ${id('m1')}`.execute(db);
  expect(await holding([ta])).toEqual(['m2']);
});
