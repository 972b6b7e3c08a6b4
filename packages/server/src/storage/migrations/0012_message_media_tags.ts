// Migration 0012: media inside messages. messages.media holds the MessageMedia[] snapshot a
// message carries (photo tags included), so history pages stay one query; photo_tags holds one
// row per person tagged in a photo of a message (who may remove it, one tag per person and
// photo), kept in step with the snapshot. message_media (migration 0010) says which
// conversation a media item was shared in.
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../storage.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema
    .alterTable('messages')
    .addColumn('media', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  // Regions are fractions of the photo; PostgreSQL's `real` would round them to 4 bytes.
  const fraction = dialect === 'postgres' ? sql`double precision` : sql`real`;
  await db.schema
    .createTable('photo_tags')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('media_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('tagged_by', 'text', (c) => c.notNull())
    .addColumn('x', fraction, (c) => c.notNull())
    .addColumn('y', fraction, (c) => c.notNull())
    .addColumn('w', fraction, (c) => c.notNull())
    .addColumn('h', fraction, (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('photo_tags_person', ['message_id', 'media_id', 'user_id'])
    .execute();
  // "Photos of me": the tags of a user, newest first.
  await db.schema.createIndex('photo_tags_user').on('photo_tags').columns(['user_id', 'created_at']).execute();
}
