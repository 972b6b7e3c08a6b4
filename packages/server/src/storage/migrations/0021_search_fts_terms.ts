// Migration 0021 (SQLite only): the blind search index's terms move from search_terms (one
// b-tree row per (term, document): about 40 random inserts per message, which cost the send path
// more than half of the server's throughput, docs/benchmarks.md) into search_term_index, a
// contentless FTS5 table (modules/search/term-fts.ts): one row per document whose text is the
// document's terms, their first 64 bits hex-encoded (FTS5's tokenizers fold case),
// and FTS5 writes each transaction's terms as one sorted segment merged in the background. No
// content is stored (content=''), only the terms' inverted index; detail=none keeps no
// positions, which lookups of whole terms never need; contentless_delete lets edits and deletes
// drop a document by rowid (= search_docs.doc_id). PostgreSQL moved to arrays in 0020.
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../storage.js';

/** Documents copied per statement. */
const CHUNK = 500;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect !== 'sqlite') return;
  await sql`CREATE VIRTUAL TABLE search_term_index USING fts5(
    terms, content='', contentless_delete=1, detail=none, tokenize='ascii')`.execute(db);
  for (let after = -1; ;) {
    const docs = await sql<{ doc_id: number; terms: string }>`
      SELECT doc_id, group_concat(term, ' ') AS terms FROM search_terms
      WHERE doc_id IN (SELECT DISTINCT doc_id FROM search_terms WHERE doc_id > ${after} ORDER BY doc_id LIMIT ${CHUNK})
      GROUP BY doc_id ORDER BY doc_id`.execute(db);
    if (docs.rows.length === 0) break;
    for (const d of docs.rows) {
      // The first 64 bits of the HMAC, hex, as term-fts.ts stores a term (its termOf), written
      // out so this migration never changes.
      const hex = d.terms
        .split(' ')
        .map((t) => Buffer.from(t, 'base64url').subarray(0, 8).toString('hex'))
        .join(' ');
      await sql`INSERT INTO search_term_index (rowid, terms) VALUES (${d.doc_id}, ${hex})`.execute(db);
    }
    after = docs.rows[docs.rows.length - 1]!.doc_id;
  }
  await sql`DROP TABLE search_terms`.execute(db);
}
