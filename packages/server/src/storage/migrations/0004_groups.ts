// Migration 0004: groups. Conversation settings (description, announcements-only, avatar),
// system messages in the timeline, past memberships (so that a removed member still syncs the
// events up to their removal), invite links, and avatars stored in the database until there is
// a media store.
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../storage.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema.alterTable('conversations').addColumn('description', 'text').execute();
  await db.schema
    .alterTable('conversations')
    .addColumn('announcements_only', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('conversations')
    .addColumn('avatar_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('messages').addColumn('system', 'text').execute();
  // Owner and admins of many conversations at once (every Conversation carries them).
  await db.schema
    .createIndex('members_role')
    .on('members')
    .columns(['conversation_id', 'role', 'joined_seq'])
    .execute();

  await db.schema
    .createTable('past_members')
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('joined_seq', 'integer', (c) => c.notNull())
    /** The seq of the change that ended the membership (their removal or leaving). */
    .addColumn('left_seq', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('past_members_pk', ['user_id', 'conversation_id', 'joined_seq'])
    .execute();

  await db.schema
    .createTable('invites')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('max_uses', 'integer')
    .addColumn('uses', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('revoked_at', 'text')
    .addColumn('client_id', 'text')
    .addUniqueConstraint('invites_creator_client', ['created_by', 'client_id'])
    .execute();
  await db.schema
    .createIndex('invites_conversation')
    .on('invites')
    .columns(['conversation_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('conversation_avatars')
    .addColumn('conversation_id', 'text', (c) => c.primaryKey().references('conversations.id'))
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('data', dialect === 'postgres' ? sql`bytea` : 'blob', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
