// Migration 0006: contacts, blocks and reports (with a copy of the reported messages), and
// presence: which node holds a socket of which user, and when each user was last seen.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('contacts')
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('contact_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('name', 'text')
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('contacts_pk', ['owner_id', 'contact_id'])
    .execute();
  // "Whose contact am I?" for presence visibility.
  await db.schema.createIndex('contacts_by_contact').on('contacts').columns(['contact_id', 'owner_id']).execute();

  await db.schema
    .createTable('blocks')
    .addColumn('blocker_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('blocked_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('blocked_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('blocks_pk', ['blocker_id', 'blocked_id'])
    .execute();
  // "Who blocked me?" on every send into a direct chat.
  await db.schema.createIndex('blocks_by_blocked').on('blocks').columns(['blocked_id', 'blocker_id']).execute();

  await db.schema
    .createTable('reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reporter_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('reported_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('blocked', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('reports_client_id')
    .on('reports')
    .columns(['reporter_id', 'client_id'])
    .unique()
    .execute();
  await db.schema.createIndex('reports_by_time').on('reports').columns(['created_at']).execute();
  await db.schema
    .createTable('report_messages')
    .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id'))
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('sender_id', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_messages_pk', ['report_id', 'message_id'])
    .execute();

  await db.schema
    .createTable('presence')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('node_id', 'text', (c) => c.notNull())
    .addColumn('alive_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('presence_pk', ['user_id', 'node_id'])
    .execute();
  await db.schema.createIndex('presence_by_node').on('presence').columns(['node_id']).execute();
  await db.schema
    .createTable('last_seen')
    .addColumn('user_id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
}
