// Migration 0020 (PostgreSQL only): the blind search index as one row per message. The ~40
// terms of a message were ~40 rows of search_terms, each a random insert into a btree keyed by
// the term plus one into an index of doc_id; they are now an array in search_docs.terms under a
// GIN index with fast update (new entries go to its pending list and are merged into the index
// in bulk), which costs PostgreSQL far less per message (docs/benchmarks.md). Existing terms
// move into the arrays, then search_terms goes. SQLite keeps search_terms (modules/search/
// blind-index.ts): its b-tree inserts are cheap and it has no GIN.
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../storage.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`ALTER TABLE search_docs ADD COLUMN terms text[] NOT NULL DEFAULT '{}'`.execute(db);
  await sql`
    UPDATE search_docs d SET terms = t.terms
    FROM (SELECT doc_id, array_agg(term ORDER BY term) AS terms FROM search_terms GROUP BY doc_id) t
    WHERE t.doc_id = d.doc_id`.execute(db);
  await sql`CREATE INDEX search_docs_terms ON search_docs USING gin (terms) WITH (fastupdate = on)`.execute(db);
  await sql`DROP TABLE search_terms`.execute(db);
}
