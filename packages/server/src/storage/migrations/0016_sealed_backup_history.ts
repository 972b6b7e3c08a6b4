// Migration 0016: sealed messages, the key backup and the secret-chat history archive.
// messages.sealed holds a sealed message's public summary (JSON SealedSummary, null otherwise);
// sealed_messages its bookkeeping (view-once, expiry, who the recipients are), sealed_envelopes
// one HPKE envelope per recipient device (ciphertext only), sealed_reveals the reveal log.
// key_backups holds each account's passphrase-encrypted backup, key_history the opaque archive
// records (encrypted under the account's history key, which the server never sees).
import type { Kysely } from 'kysely';
import type { Dialect } from '../storage.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('messages').addColumn('sealed', 'text').execute();
  await db.schema
    .createTable('sealed_messages')
    .addColumn('message_id', 'text', (c) => c.primaryKey())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('sender_id', 'text', (c) => c.notNull())
    .addColumn('view_once', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    /** JSON array of the recipient user ids (users with an envelope, the sender left out). */
    .addColumn('recipient_users', 'text', (c) => c.notNull())
    /** sealed | opened | expired: as in messages.sealed. */
    .addColumn('state', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sealed_messages_due').on('sealed_messages').columns(['state', 'expires_at']).execute();
  await db.schema
    .createTable('sealed_envelopes')
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('enc', 'text', (c) => c.notNull())
    .addColumn('ciphertext', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sealed_envelopes_pk', ['message_id', 'device_id'])
    .execute();
  await db.schema
    .createTable('sealed_reveals')
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sealed_reveals_pk', ['message_id', 'device_id'])
    .execute();
  await db.schema
    .createTable('key_backups')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('kdf', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('ciphertext', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('key_history')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('pos', 'integer', (c) => c.notNull())
    .addColumn('record_key', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('ciphertext', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('key_history_pk', ['user_id', 'pos'])
    .addUniqueConstraint('key_history_record', ['user_id', 'record_key'])
    .execute();
}
