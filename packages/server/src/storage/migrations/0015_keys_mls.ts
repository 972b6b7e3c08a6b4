// Migration 0015: the key directory (identity keys, device bundles) and secret chats over MLS
// (conversations.encryption, key packages, each group's epoch, the ciphertext timeline and the
// welcomes). Only public keys and ciphertext are stored; MLS objects are kept as base64url text.
import type { Kysely } from 'kysely';
import type { Dialect } from '../storage.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .alterTable('conversations')
    .addColumn('encryption', 'text', (c) => c.notNull().defaultTo('none'))
    .execute();
  await db.schema
    .createTable('identity_keys')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
    .addColumn('identity_key', 'text', (c) => c.notNull())
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('device_keys')
    .addColumn('device_id', 'text', (c) => c.primaryKey().references('devices.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('signing_key', 'text', (c) => c.notNull())
    .addColumn('hpke_key', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('device_keys_user').on('device_keys').columns(['user_id', 'created_at']).execute();
  await db.schema
    .createTable('mls_key_packages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('last_resort', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('mls_key_packages_device')
    .on('mls_key_packages')
    .columns(['device_id', 'last_resort', 'created_at'])
    .execute();
  await db.schema
    .createTable('mls_groups')
    .addColumn('conversation_id', 'text', (c) => c.primaryKey().references('conversations.id'))
    .addColumn('epoch', 'integer', (c) => c.notNull())
    .addColumn('creator_device_id', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('mls_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('sender_id', 'text', (c) => c.notNull())
    .addColumn('sender_device_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('epoch', 'integer', (c) => c.notNull())
    .addColumn('client_id', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('mls_messages_seq')
    .on('mls_messages')
    .columns(['conversation_id', 'seq'])
    .unique()
    .execute();
  await db.schema
    .createIndex('mls_messages_client')
    .on('mls_messages')
    .columns(['conversation_id', 'sender_id', 'client_id'])
    .unique()
    .execute();
  await db.schema
    .createTable('mls_welcomes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('epoch', 'integer', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mls_welcomes_device').on('mls_welcomes').columns(['device_id', 'seq']).execute();
}
