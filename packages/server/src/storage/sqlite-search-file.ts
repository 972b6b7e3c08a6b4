// On SQLite the blind search index (modules/search/blind-index.ts, term-fts.ts) and the indexer's
// position live in a database file of their own beside the main one, written only by the search
// index worker (modules/search/index-worker.ts). Its transactions then take the search file's
// write lock, never the main file's, so the main writer's group commits go on while the worker
// writes (in one shared file, each of its passes paused the main writer for its length:
// docs/benchmarks.md). The main database's read connection attaches the file read-only as
// `search`: the index's tables have names no table of the main file has (migration 0026 dropped
// them there), so search queries name them as before and join them with members and messages.
//
// The file holds nothing that cannot be rebuilt: the position starts at the log's beginning, so
// a missing file is filled again from the event log, and a file whose position is past the
// log's end (the main file was replaced by an older copy) is emptied and rebuilt the same way.
// The indexer's position commits with the index, so the two never disagree.
import type BetterSqlite3 from 'better-sqlite3';
import { openSqlite } from './sqlite-connection.js';

/** The search file of a main database file (anytime.sqlite -> anytime-search.sqlite). */
export const searchFileOf = (mainFile: string): string => `${mainFile.replace(/\.sqlite$/, '')}-search.sqlite`;

/**
 * The documents and the indexer's position, as the main file had them after migration 0025
 * (0026 dropped them there): one statement each. The at-rest-off comparison server makes the
 * same in its main file (at-rest-off/plain-search-index.ts).
 */
export const SEARCH_DOC_TABLES = [
  `CREATE TABLE IF NOT EXISTS search_docs (
    doc_id INTEGER PRIMARY KEY,
    message_id TEXT NOT NULL UNIQUE,
    conversation_id TEXT NOT NULL,
    seq INTEGER NOT NULL
  )`,
  'CREATE INDEX IF NOT EXISTS search_docs_conversation ON search_docs (conversation_id, doc_id)',
  'CREATE TABLE IF NOT EXISTS search_indexer (id INTEGER PRIMARY KEY, txid BIGINT NOT NULL, pos BIGINT NOT NULL)',
  'INSERT INTO search_indexer (id, txid, pos) VALUES (1, 0, 0) ON CONFLICT (id) DO NOTHING',
];

/** The blind terms (modules/search/term-fts.ts), as migration 0021 made them. */
const TERM_INDEX_TABLE = `CREATE VIRTUAL TABLE IF NOT EXISTS search_term_index USING fts5(
  terms, content='', contentless_delete=1, detail=none, tokenize='ascii')`;

/**
 * A writable connection to the search file, creating its tables if they are missing. Unlike the
 * main file's writer, it checkpoints its WAL itself: only the worker writes here, so a
 * checkpoint holds up nothing but the worker's next pass. Its commits are not synced (WAL with
 * synchronous = NORMAL syncs at checkpoints): a power loss may take back the last passes, and
 * the position with them, so the indexer applies them again from the log.
 */
export function openSearchFile(file: string): BetterSqlite3.Database {
  const db = openSqlite(file, false);
  db.pragma('wal_autocheckpoint = 1000');
  for (const statement of [...SEARCH_DOC_TABLES, TERM_INDEX_TABLE]) db.exec(statement);
  return db;
}

/**
 * Creates the search file if missing and empties it when its position is past `logEnd` (the
 * main file's newest event position): the indexer then rebuilds it from the log. True if it did.
 */
export function prepareSearchFile(file: string, logEnd: number): boolean {
  const db = openSearchFile(file);
  try {
    const { pos } = db.prepare('SELECT pos FROM search_indexer WHERE id = 1').get() as { pos: number };
    if (pos <= logEnd) return false;
    db.transaction(() => {
      // FTS5's own command for emptying a contentless table.
      db.exec(`INSERT INTO search_term_index (search_term_index) VALUES ('delete-all');
        DELETE FROM search_docs;
        UPDATE search_indexer SET txid = 0, pos = 0 WHERE id = 1`);
    })();
    return true;
  } finally {
    db.close();
  }
}
