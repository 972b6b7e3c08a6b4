// Migration 0019: encrypted attachments of secret chats (modules/secret-media, docs/secret-chats.md
// "Media"). One row per uploaded ciphertext: the conversation it belongs to, its uploader, the
// blob-store address and size (counted in the uploader's quota), and the MLS message that carries
// it (message_id, seq), set when that message is sent; until then only the uploader may fetch it.
import type { Kysely } from 'kysely';
import type { Dialect } from '../storage.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('mls_blobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addColumn('uploader_id', 'text', (c) => c.notNull())
    .addColumn('uploader_device_id', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('message_id', 'text')
    .addColumn('seq', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mls_blobs_conversation').on('mls_blobs').columns(['conversation_id', 'seq']).execute();
  await db.schema.createIndex('mls_blobs_uploader').on('mls_blobs').column('uploader_id').execute();
}
