// Migration 0026 (SQLite only): the blind search index leaves the main database file for a file
// of its own, written only by the search index worker (storage/sqlite-search-file.ts), so that
// its writes stop holding the main file's write lock. Its tables go from here; the new file
// starts empty at the log's beginning and the indexer fills it from the event log in the
// background, as after migration 0017 (the index is derived data: FTS5's contentless table
// cannot give its terms back to be copied). PostgreSQL keeps its index tables.
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../storage.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect !== 'sqlite') return;
  await sql`DROP TABLE search_term_index`.execute(db);
  await sql`DROP TABLE search_docs`.execute(db);
  await sql`DROP TABLE search_indexer`.execute(db);
}
