// Migration 0001: accounts, devices, conversations, members, messages, the event log, secrets.
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../storage.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('about', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('devices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('refresh_hash', 'text', (c) => c.unique())
    .addColumn('refresh_prev_hash', 'text')
    .addColumn('sync_cursor', 'text')
    .execute();
  await db.schema.createIndex('devices_user').on('devices').column('user_id').execute();
  await db.schema.createIndex('devices_refresh_prev').on('devices').column('refresh_prev_hash').execute();

  await db.schema
    .createTable('conversations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seq', 'integer', (c) => c.notNull())
    .addColumn('last_activity_at', 'text', (c) => c.notNull())
    .addColumn('direct_key', 'text', (c) => c.unique())
    .addColumn('member_count', 'integer', (c) => c.notNull())
    .addColumn('client_id', 'text')
    .addUniqueConstraint('conversations_creator_client', ['created_by', 'client_id'])
    .execute();

  await db.schema
    .createTable('members')
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('joined_at', 'text', (c) => c.notNull())
    .addColumn('joined_seq', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('members_pk', ['conversation_id', 'user_id'])
    .execute();
  await db.schema.createIndex('members_user').on('members').columns(['user_id', 'conversation_id']).execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('sender_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('sender_device_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('reply_to_id', 'text')
    .addColumn('media_ids', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('messages_conversation_seq', ['conversation_id', 'seq'])
    .addUniqueConstraint('messages_sender_client', ['sender_id', 'client_id'])
    .execute();

  if (dialect === 'sqlite') {
    await sql`CREATE TABLE events (
      pos INTEGER PRIMARY KEY AUTOINCREMENT,
      conversation_id TEXT,
      user_id TEXT,
      seq INTEGER,
      type TEXT NOT NULL,
      payload TEXT NOT NULL,
      created_at TEXT NOT NULL
    )`.execute(db);
    await sql`CREATE INDEX events_conversation ON events (conversation_id, pos)`.execute(db);
    await sql`CREATE INDEX events_user ON events (user_id, pos) WHERE user_id IS NOT NULL`.execute(db);
  } else {
    await sql`CREATE TABLE events (
      pos BIGSERIAL PRIMARY KEY,
      txid XID8 NOT NULL DEFAULT pg_current_xact_id(),
      conversation_id TEXT,
      user_id TEXT,
      seq INTEGER,
      type TEXT NOT NULL,
      payload TEXT NOT NULL,
      created_at TEXT NOT NULL
    )`.execute(db);
    await sql`CREATE INDEX events_stream ON events (txid, pos)`.execute(db);
    await sql`CREATE INDEX events_conversation ON events (conversation_id, txid, pos)`.execute(db);
    await sql`CREATE INDEX events_user ON events (user_id, txid, pos) WHERE user_id IS NOT NULL`.execute(db);
  }

  await db.schema
    .createTable('server_secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}
