// Migration 0013: search is indexed from the event log after commit (modules/search/indexer.ts)
// instead of inside each send. search_indexer holds how far the log has been indexed (one row,
// a cursor (txid, pos) like the sync cursors), written in the same transaction as the index
// changes it covers. It starts at the log's current end: everything before was indexed by the
// sends themselves.
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../storage.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('search_indexer')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('txid', 'bigint', (c) => c.notNull())
    .addColumn('pos', 'bigint', (c) => c.notNull())
    .execute();
  if (dialect === 'sqlite') {
    await sql`INSERT INTO search_indexer (id, txid, pos) SELECT 1, 0, COALESCE(MAX(pos), 0) FROM events`.execute(db);
  } else {
    await sql`INSERT INTO search_indexer (id, txid, pos)
      SELECT 1, COALESCE((SELECT txid::text::bigint FROM events ORDER BY txid DESC, pos DESC LIMIT 1), 0),
             COALESCE((SELECT pos FROM events ORDER BY txid DESC, pos DESC LIMIT 1), 0)`.execute(db);
  }
}
