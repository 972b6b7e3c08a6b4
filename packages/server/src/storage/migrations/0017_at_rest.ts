// Migration 0017: encryption at rest (modules/at-rest, docs/encryption-at-rest.md).
// data_keys holds the per-scope data keys wrapped by the master key. search_terms is the blind
// search index: keyed HMACs of the trigrams of each message's words, no text. The plaintext
// search index of 0007 goes (SQLite's FTS table and conversation numbers; PostgreSQL's trigram
// index of the folded body), and the indexer starts again from the beginning of the event log so that
// every message is indexed anew, blindly.
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../storage.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('data_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('wrapped', 'text', (c) => c.notNull())
    .addColumn('master_key_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('data_keys_scope_version', ['scope', 'version'])
    .execute();

  // search_docs.body holds the folded text sealed under the conversation's data key, for the
  // confirmation of candidates; nothing indexes it any more.
  if (dialect === 'sqlite') {
    await sql`DROP TABLE search_fts`.execute(db);
    await sql`DROP TABLE search_conversations`.execute(db);
    await sql`ALTER TABLE search_docs ADD COLUMN body TEXT NOT NULL DEFAULT ''`.execute(db);
  } else {
    await sql`DROP INDEX search_docs_body`.execute(db);
  }
  await sql`DELETE FROM search_docs`.execute(db);
  await sql`UPDATE search_indexer SET txid = 0, pos = 0`.execute(db);

  await db.schema
    .createTable('search_terms')
    .addColumn('term', 'text', (c) => c.notNull())
    .addColumn('doc_id', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('search_terms_pk', ['term', 'doc_id'])
    .execute();
  await db.schema.createIndex('search_terms_doc').on('search_terms').column('doc_id').execute();
}
