// Migration 0005: each user's own state of each conversation (read/delivered positions, mute,
// archive, pin, draft), and the receipt ledger: how far each reader got through each sender's
// messages. A user without a row for a conversation has the defaults.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('conversation_states')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addColumn('read_seq', 'integer', (c) => c.notNull())
    .addColumn('delivered_seq', 'integer', (c) => c.notNull())
    .addColumn('muted_until', 'text')
    .addColumn('archived', 'integer', (c) => c.notNull())
    .addColumn('pinned_at', 'text')
    .addColumn('draft_text', 'text')
    .addColumn('draft_updated_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('conversation_states_pk', ['user_id', 'conversation_id'])
    .execute();
  // A new message unarchives the archived (and not muted) members: find them without a scan.
  await db.schema
    .createIndex('conversation_states_archived')
    .on('conversation_states')
    .columns(['conversation_id', 'archived'])
    .execute();

  await db.schema
    .createTable('receipts')
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addColumn('sender_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('reader_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('delivered_seq', 'integer', (c) => c.notNull())
    .addColumn('read_seq', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('receipts_pk', ['conversation_id', 'sender_id', 'reader_id'])
    .execute();
}
