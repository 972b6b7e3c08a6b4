// Migration 0003: message actions. New message columns (entities, quote, forwarded mark, edit and
// delete times, expiry, the seq of the latest change, reaction summary, pin), the disappearing
// timer on conversations, and per-message tables: edit history, reactions, per-user hidden and
// starred messages, mentions, and which event seqs carry a message's snapshot (so expiry can
// scrub them).
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const add = (name: string, type: 'text' | 'integer', notNullDefault?: string | number) =>
    db.schema
      .alterTable('messages')
      .addColumn(name, type, (c) => (notNullDefault === undefined ? c : c.notNull().defaultTo(notNullDefault)))
      .execute();
  await add('entities', 'text', '[]');
  await add('quote', 'text');
  await add('forwarded', 'text');
  await add('edited_at', 'text');
  await add('deleted_at', 'text');
  await add('expires_at', 'text');
  await add('updated_seq', 'integer', 0);
  await add('reactions', 'text', '[]');
  await add('pinned_by', 'text');
  await add('pinned_at', 'text');
  await sql`UPDATE messages SET updated_seq = seq`.execute(db);
  await sql`CREATE INDEX messages_expiry ON messages (expires_at) WHERE expires_at IS NOT NULL`.execute(db);
  await sql`CREATE INDEX messages_pins ON messages (conversation_id, pinned_at) WHERE pinned_at IS NOT NULL`.execute(
    db,
  );
  // Expiry and delete for everyone rewrite a message's stored events, found by (conversation, seq).
  await sql`CREATE INDEX events_conversation_seq ON events (conversation_id, seq) WHERE seq IS NOT NULL`.execute(db);
  await sql`CREATE INDEX messages_reply_to ON messages (reply_to_id) WHERE reply_to_id IS NOT NULL`.execute(db);
  await db.schema.alterTable('conversations').addColumn('disappear_after_seconds', 'integer').execute();

  await db.schema
    .createTable('message_edits')
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('entities', 'text', (c) => c.notNull())
    .addColumn('version_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('message_edits_pk', ['message_id', 'seq'])
    .execute();

  await db.schema
    .createTable('message_reactions')
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('emoji', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('message_reactions_pk', ['message_id', 'user_id', 'emoji'])
    .execute();
  await db.schema
    .createIndex('message_reactions_emoji')
    .on('message_reactions')
    .columns(['message_id', 'emoji', 'created_at'])
    .execute();

  for (const table of ['message_hidden', 'message_stars']) {
    await db.schema
      .createTable(table)
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('message_id', 'text', (c) => c.notNull())
      .addColumn('conversation_id', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pk`, ['user_id', 'message_id'])
      .execute();
    await db.schema.createIndex(`${table}_message`).on(table).column('message_id').execute();
  }
  await db.schema.createIndex('message_stars_user_at').on('message_stars').columns(['user_id', 'at']).execute();

  // One row per mentioned user; user_id '*' for @all (members are joined at read time, so a
  // mention of everyone in a 10,000-member group is one row).
  await db.schema
    .createTable('message_mentions')
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('message_mentions_pk', ['message_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('message_mentions_user')
    .on('message_mentions')
    .columns(['user_id', 'created_at', 'message_id'])
    .execute();

  await db.schema
    .createIndex('message_mentions_conversation')
    .on('message_mentions')
    .columns(['conversation_id', 'user_id', 'created_at'])
    .execute();

  // The seqs of message.updated events per message: expiry and delete rewrite their payloads.
  await db.schema
    .createTable('message_changes')
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('message_changes_pk', ['conversation_id', 'seq'])
    .execute();
  await db.schema.createIndex('message_changes_message').on('message_changes').column('message_id').execute();
}
