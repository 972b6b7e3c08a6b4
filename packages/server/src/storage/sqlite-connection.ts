// How every connection of ours to a SQLite file is opened and used: the main database's writer
// and reader (sqlite.ts), the search index file's (sqlite-search-file.ts) and its worker's.
import BetterSqlite3 from 'better-sqlite3';

const STATEMENT_CACHE_MAX = 2_000;

/** A better-sqlite3 handle whose prepare() reuses statements; Kysely prepares on every query. */
export function cachingDatabase(db: BetterSqlite3.Database): {
  close(): void;
  prepare(query: string): BetterSqlite3.Statement;
} {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => db.close(),
    prepare(query: string) {
      let stmt = cache.get(query);
      if (!stmt) {
        if (cache.size >= STATEMENT_CACHE_MAX) cache.clear();
        stmt = db.prepare(query);
        cache.set(query, stmt);
      }
      return stmt;
    },
  };
}

/** Transaction control, prepared once: exec() parses its SQL again on every call. */
export function transactionControl(db: BetterSqlite3.Database) {
  const run = (sql: string) => {
    const stmt = db.prepare(sql);
    return () => void stmt.run();
  };
  return {
    begin: run('BEGIN IMMEDIATE'),
    savepoint: run('SAVEPOINT w'),
    release: run('RELEASE w'),
    rollbackTo: run('ROLLBACK TO w'),
    commit: run('COMMIT'),
    rollback: run('ROLLBACK'),
  };
}

/** A connection to a database file of ours, set up as every one is (the search file's adjusts it: sqlite-search-file.ts). */
export function openSqlite(file: string, readonly: boolean): BetterSqlite3.Database {
  const db = new BetterSqlite3(file, { readonly, fileMustExist: readonly });
  db.pragma('busy_timeout = 5000');
  // A page cache and memory map large enough that hot indexes stay in memory (SQLite's default
  // 2 MB cache turns index inserts into a read syscall per page miss).
  db.pragma('cache_size = -65536');
  db.pragma('mmap_size = 268435456');
  // Savepoint journals in memory: each write of a group commit runs in its own savepoint.
  db.pragma('temp_store = MEMORY');
  if (!readonly) {
    db.pragma('journal_mode = WAL');
    // Commits write the WAL without syncing it; SqliteStorage syncs it before acknowledging.
    db.pragma('synchronous = NORMAL');
    // Checkpoints run in a worker thread (sqlite-checkpointer.ts), never inside our commits.
    db.pragma('wal_autocheckpoint = 0');
    db.pragma('foreign_keys = ON');
  }
  return db;
}
