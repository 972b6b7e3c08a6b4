// SearchIndex on PostgreSQL: search_docs keeps the folded text with a pg_trgm GIN index, which
// answers LIKE '%term%' (substring: prefix and infix). Newest first is doc_id descending; the
// planner picks between the trigram index (rare words) and walking doc_id / (conversation_id,
// doc_id) backwards (common words).
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../storage/schema.js';
import { foldForSearch } from './fold.js';
import type { SearchHit, SearchIndex, SearchRequest } from './search-index.js';

/** LIKE pattern for a substring, with the pattern characters escaped. */
/** Rows per INSERT of a bulk add. */
const CHUNK = 500;

const contains = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export const postgresSearchIndex: SearchIndex = {
  async add(db, messages) {
    for (let i = 0; i < messages.length; i += CHUNK) {
      await db
        .insertInto('search_docs')
        .values(
          messages.slice(i, i + CHUNK).map((m) => ({
            message_id: m.id,
            conversation_id: m.conversationId,
            seq: m.seq,
            body: foldForSearch(m.text),
          })),
        )
        .onConflict((oc) => oc.column('message_id').doNothing())
        .execute();
    }
  },

  async edited(db, messageId, text) {
    await db
      .updateTable('search_docs')
      .set({ body: foldForSearch(text) })
      .where('message_id', '=', messageId)
      .execute();
  },

  async deleted(db, messageIds) {
    for (let i = 0; i < messageIds.length; i += 500) {
      await db
        .deleteFrom('search_docs')
        .where('message_id', 'in', messageIds.slice(i, i + 500))
        .execute();
    }
  },

  async search(db: Kysely<DB>, req: SearchRequest): Promise<SearchHit[]> {
    // First the newest documents, read backwards by doc_id in growing windows: a common word
    // fills the page there at once, where the trigram index would collect and sort all of its
    // matches. Whatever the page still lacks comes from the trigram index, older than the windows.
    const hits: SearchHit[] = [];
    let before = req.before;
    for (const within of RECENT_WINDOWS) {
      const found = await matches(db, { ...req, limit: req.limit - hits.length }, { before, within });
      hits.push(...found.hits);
      if (hits.length >= req.limit || found.exhausted) return hits;
      before = found.oldest;
    }
    const older = await matches(db, { ...req, limit: req.limit - hits.length }, { before });
    return [...hits, ...older.hits];
  },
};

/**
 * Documents read backwards from the newest before the trigram index is asked (one window: a
 * second one of 40,000 cost every query about 20 ms and still did not fill the page of a word in
 * one message in 200 for a user in one conversation in ten; see docs/benchmarks.md).
 */
const RECENT_WINDOWS = [4_000];

interface Matches {
  hits: SearchHit[];
  /** The oldest doc_id the window reached (where the next query continues). */
  oldest: number | undefined;
  /** Whether the window reached the start of the index. */
  exhausted: boolean;
}

/**
 * The request's hits, newest first, among documents older than `before` and, with `within`, among
 * only the `within` newest of those.
 */
async function matches(
  db: Kysely<DB>,
  req: SearchRequest,
  range: { before: number | undefined; within?: number },
): Promise<Matches> {
  const before = range.before !== undefined ? sql`AND doc_id < ${range.before}` : sql``;
  const source =
    range.within !== undefined
      ? sql`(SELECT * FROM search_docs WHERE TRUE ${before} ORDER BY doc_id DESC LIMIT ${range.within})`
      : sql`(SELECT * FROM search_docs WHERE TRUE ${before})`;
  // Messages the user deleted for themselves (message_hidden) are never found.
  const r = await sql<{ doc_id: string | number; message_id: string }>`
    SELECT d.doc_id, d.message_id
    FROM ${source} d
    JOIN members m ON m.conversation_id = d.conversation_id AND m.user_id = ${req.userId}
    WHERE ${sql.join(
      req.terms.map((t) => sql`d.body LIKE ${contains(t)}`),
      sql` AND `,
    )}
      ${req.conversationId !== undefined ? sql`AND d.conversation_id = ${req.conversationId}` : sql``}
      AND d.seq >= m.joined_seq
      AND NOT EXISTS (SELECT 1 FROM message_hidden h WHERE h.user_id = ${req.userId} AND h.message_id = d.message_id)
    ORDER BY d.doc_id DESC
    LIMIT ${req.limit}`.execute(db);
  const hits = r.rows.map((x) => ({ messageId: x.message_id, position: Number(x.doc_id) }));
  if (range.within === undefined) return { hits, oldest: undefined, exhausted: true };
  const edge = await sql<{ oldest: string | number | null; n: string | number }>`
    SELECT min(doc_id) AS oldest, count(*) AS n FROM ${source} w`.execute(db);
  const row = edge.rows[0];
  const n = Number(row?.n ?? 0);
  return { hits, oldest: row?.oldest == null ? undefined : Number(row.oldest), exhausted: n < range.within };
}
