// Migration 0010: media (photos, videos, voice notes, files). `blobs` lists the content-addressed
// files of the BlobStore (DATA_DIR/blobs/<hash[0..2]>/<hash>), `media` one uploaded item with its
// processing state and the blobs of its variants (JSON), `message_media` which message carries
// which media item (written at send; read by the access check and the gallery).
import type { Kysely } from 'kysely';
import type { Dialect } from '../storage.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('blobs')
    .addColumn('hash', 'text', (c) => c.primaryKey())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('media')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('uploader_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('file_name', 'text')
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('duration_ms', 'integer')
    .addColumn('placeholder', 'text')
    .addColumn('waveform', 'text')
    .addColumn('filter', 'text')
    .addColumn('variants', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('source_hash', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // Dedupe (the same bytes uploaded again by the same user) and the quota sum.
  await db.schema.createIndex('media_uploader_source').on('media').columns(['uploader_id', 'source_hash']).execute();

  await db.schema
    .createTable('message_media')
    .addColumn('message_id', 'text', (c) => c.notNull().references('messages.id'))
    .addColumn('media_id', 'text', (c) => c.notNull().references('media.id'))
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('message_media_pk', ['message_id', 'media_id'])
    .execute();
  await db.schema.createIndex('message_media_media').on('message_media').column('media_id').execute();
  await db.schema
    .createIndex('message_media_gallery')
    .on('message_media')
    .columns(['conversation_id', 'kind', 'seq'])
    .execute();
}
