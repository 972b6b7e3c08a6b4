// For tests that write the search index directly (as the indexer's pass or the bench loader
// does): the index and a transaction where it is stored. On SQLite that is the search file, on a
// connection of the test's own (storage/sqlite-search-file.ts); on PostgreSQL a write of the
// storage.
import type { Kysely } from 'kysely';
import { keyringIndexKeys } from '../modules/search/blind-index.js';
import { indexKeysOf, SearchFileIndex } from '../modules/search/search-file-index.js';
import { searchIndexFor } from '../modules/search/search-index-for.js';
import type { SearchIndex } from '../modules/search/search-index.js';
import type { DB } from '../storage/schema.js';
import { SqliteStorage } from '../storage/sqlite.js';
import type { Storage } from '../storage/storage.js';

/** `conversationIds`: every conversation whose messages `fn` adds or edits. */
export async function writeSearchIndex<T>(
  storage: Storage,
  conversationIds: string[],
  fn: (index: SearchIndex, db: Kysely<DB>) => Promise<T>,
): Promise<T> {
  if (!(storage instanceof SqliteStorage))
    return (await storage.write((tx) => fn(searchIndexFor(storage), tx.db))).value;
  const file = new SearchFileIndex(storage.searchFile!);
  try {
    return await file.write(await indexKeysOf(keyringIndexKeys(storage.keyring!), storage, conversationIds), fn);
  } finally {
    await file.close();
  }
}
