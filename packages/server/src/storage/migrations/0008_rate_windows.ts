// Migration 0008: rate-limit windows shared by every node on PostgreSQL (sign-in throttling and
// the send limit): one row per key with its fixed window's start (ms) and count. UNLOGGED on
// PostgreSQL: counters are not worth WAL, and a crash merely resets them.
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../storage.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') {
    await sql`CREATE UNLOGGED TABLE rate_windows (
      key text PRIMARY KEY,
      window_start bigint NOT NULL,
      count integer NOT NULL
    )`.execute(db);
    return;
  }
  await db.schema
    .createTable('rate_windows')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('window_start', 'integer', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .execute();
}
