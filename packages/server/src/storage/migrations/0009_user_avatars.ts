// Migration 0009: user avatars, stored in the database like group avatars until there is a media
// store. users.avatar_version is positive while the user has one and changes with each upload.
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../storage.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('avatar_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('user_avatars')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('data', dialect === 'postgres' ? sql`bytea` : 'blob', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
