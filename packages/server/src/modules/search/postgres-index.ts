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
    // Messages the user deleted for themselves (message_hidden) are never found.
    const r = await sql<{ doc_id: string | number; message_id: string }>`
      SELECT d.doc_id, d.message_id
      FROM search_docs d
      JOIN members m ON m.conversation_id = d.conversation_id AND m.user_id = ${req.userId}
      WHERE ${sql.join(
        req.terms.map((t) => sql`d.body LIKE ${contains(t)}`),
        sql` AND `,
      )}
        ${req.before !== undefined ? sql`AND d.doc_id < ${req.before}` : sql``}
        ${req.conversationId !== undefined ? sql`AND d.conversation_id = ${req.conversationId}` : sql``}
        AND d.seq >= m.joined_seq
        AND NOT EXISTS (SELECT 1 FROM message_hidden h WHERE h.user_id = ${req.userId} AND h.message_id = d.message_id)
      ORDER BY d.doc_id DESC
      LIMIT ${req.limit}`.execute(db);
    return r.rows.map((x) => ({ messageId: x.message_id, position: Number(x.doc_id) }));
  },
};
