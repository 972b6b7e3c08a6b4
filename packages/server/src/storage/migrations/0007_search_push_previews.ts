// Migration 0007: the message search index, Web Push subscriptions, the link preview cache, and
// the link preview of a message.
//
// Search: on SQLite a contentless FTS5 table with the trigram tokenizer (no second copy of the
// text) plus search_docs mapping its rowids to messages and search_conversations numbering
// conversations for the FTS `conv` column; on PostgreSQL search_docs holds the
// folded text with a pg_trgm GIN index. The text is folded (accents, case) before it is
// indexed, the same way on both (modules/search/fold.ts). doc_id grows with each indexed
// message, so "newest first" is doc_id descending.
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../storage.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') {
    await sql`CREATE TABLE search_docs (
      doc_id INTEGER PRIMARY KEY,
      message_id TEXT NOT NULL UNIQUE,
      conversation_id TEXT NOT NULL,
      seq INTEGER NOT NULL
    )`.execute(db);
    // A small number per conversation, written into the FTS row as a one-trigram token (conv),
    // so that a search in a few conversations intersects posting lists instead of scanning.
    await sql`CREATE TABLE search_conversations (
      n INTEGER PRIMARY KEY,
      conversation_id TEXT NOT NULL UNIQUE
    )`.execute(db);
    await sql`CREATE VIRTUAL TABLE search_fts USING fts5(
      body, conv, content='', contentless_delete=1, tokenize='trigram'
    )`.execute(db);
  } else {
    await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
    await sql`CREATE TABLE search_docs (
      doc_id BIGSERIAL PRIMARY KEY,
      message_id TEXT NOT NULL UNIQUE,
      conversation_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      body TEXT NOT NULL
    )`.execute(db);
    await sql`CREATE INDEX search_docs_body ON search_docs USING gin (body gin_trgm_ops)`.execute(db);
  }
  await db.schema
    .createIndex('search_docs_conversation')
    .on('search_docs')
    .columns(['conversation_id', 'doc_id'])
    .execute();

  await db.schema
    .createTable('push_subscriptions')
    .addColumn('device_id', 'text', (c) => c.primaryKey().references('devices.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('endpoint', 'text', (c) => c.notNull())
    .addColumn('p256dh', 'text', (c) => c.notNull())
    .addColumn('auth', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('push_subscriptions_user').on('push_subscriptions').column('user_id').execute();

  await db.schema
    .createTable('link_previews')
    .addColumn('url', 'text', (c) => c.primaryKey())
    /** JSON of the LinkPreview, or null when fetching failed (cached briefly). */
    .addColumn('preview', 'text')
    .addColumn('error', 'text')
    .addColumn('fetched_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('link_previews_expiry').on('link_previews').column('expires_at').execute();

  await db.schema.alterTable('messages').addColumn('link_preview', 'text').execute();
}
