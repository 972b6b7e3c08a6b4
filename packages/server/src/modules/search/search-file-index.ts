// The blind index in SQLite's search file (storage/sqlite-search-file.ts), on a connection of its
// own: the index worker's passes (index-worker.ts) and the benchmark's bulk loader write through
// it. The index keys come with each write, since only the main thread holds the keyring (the
// worker never sees the master key or a data key, only the keys derived for the index).
import { Kysely, SqliteDialect } from 'kysely';
import type { CursorValue } from '../../events/cursor.js';
import type { DB } from '../../storage/schema.js';
import { cachingDatabase, transactionControl } from '../../storage/sqlite-connection.js';
import { openSearchFile } from '../../storage/sqlite-search-file.js';
import type { Storage } from '../../storage/storage.js';
import { applyEvents, type IndexEvent } from './apply-events.js';
import { blindSearchIndex, type IndexKey, type IndexKeySource } from './blind-index.js';
import { advanceIndexPosition } from './index-position.js';
import type { SearchIndex } from './search-index.js';
import { termFts } from './term-fts.js';

/** [conversationId, index key id, index key bytes] of the conversations a write names. */
export type IndexKeys = [string, string, Uint8Array][];

/** Conversations whose index key is kept at most (each write brings those it needs). */
const KEYS_MAX = 100_000;

/**
 * The index keys of these conversations, made where they have none, all in one write of
 * `storage`: a write per new conversation waited its turn behind the sends each time (a pass
 * naming 50 new chats took 1.5 s under load, and the indexer fell behind into the log).
 */
export async function indexKeysOf(
  source: IndexKeySource,
  storage: Storage,
  conversationIds: Iterable<string>,
): Promise<IndexKeys> {
  const keys: IndexKeys = [];
  const missing: string[] = [];
  for (const c of conversationIds) {
    const k = await source.keyOf(storage.read, c, false);
    if (k) keys.push([c, k.id, k.key]);
    else missing.push(c);
  }
  if (missing.length === 0) return keys;
  const made = await storage.write(async (tx) => {
    const out: IndexKeys = [];
    for (const c of missing) {
      const k = (await source.keyOf(tx.db, c, true))!;
      out.push([c, k.id, k.key]);
    }
    return out;
  });
  return keys.concat(made.value);
}

export class SearchFileIndex {
  private readonly raw;
  private readonly db: Kysely<DB>;
  private readonly tx;
  private readonly keys = new Map<string, IndexKey>();
  private readonly index: SearchIndex = blindSearchIndex(
    { keyOf: async (_db, conversationId) => this.keys.get(conversationId) },
    termFts,
  );

  constructor(file: string) {
    this.raw = openSearchFile(file);
    this.db = new Kysely<DB>({ dialect: new SqliteDialect({ database: cachingDatabase(this.raw) }) });
    this.tx = transactionControl(this.raw);
  }

  /**
   * An indexer pass: the events applied and the position moved from `from` to `to`, in one
   * transaction; 'elsewhere', changing nothing, when the position was not at `from`.
   */
  pass(
    events: readonly IndexEvent[],
    keys: IndexKeys,
    from: CursorValue,
    to: CursorValue,
  ): Promise<'applied' | 'elsewhere'> {
    return this.write(keys, async (index, db) => {
      if (!(await advanceIndexPosition(db, from, to))) return 'elsewhere';
      await applyEvents(index, db, events);
      return 'applied';
    });
  }

  /**
   * `fn` with the index in one transaction of the file; `keys` must name every conversation it
   * adds or edits messages of. (The benchmark's bulk loader adds messages this way.)
   */
  async write<T>(keys: IndexKeys, fn: (index: SearchIndex, db: Kysely<DB>) => Promise<T>): Promise<T> {
    if (this.keys.size + keys.length > KEYS_MAX) this.keys.clear();
    for (const [conversationId, id, key] of keys) {
      this.keys.set(conversationId, { id, key: Buffer.from(key.buffer, key.byteOffset, key.byteLength) });
    }
    this.tx.begin();
    try {
      const value = await fn(this.index, this.db);
      this.tx.commit();
      return value;
    } catch (e) {
      if (this.raw.inTransaction) this.tx.rollback();
      throw e;
    }
  }

  close(): Promise<void> {
    return this.db.destroy();
  }
}
