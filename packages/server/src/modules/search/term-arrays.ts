// PostgreSQL's blind index terms: an array per document in search_docs.terms under a GIN index
// with fast update (migration 0019, term-store.ts). A document and its terms are one row, written
// by one INSERT; a search asks the GIN index for documents whose array holds every query term of
// their conversation.
import { sql } from 'kysely';
import { memberJoin, visibleToMember } from './candidate-filter.js';
import type { TermStore } from './term-store.js';

export const termArrays: TermStore = {
  // 96 bits, base64url.
  termOf: (mac) => mac.subarray(0, 12).toString('base64url'),

  async add(db, docs) {
    if (docs.length === 0) return;
    // doc_ids are given in the order of the rows: the array's order, newest last. A message
    // indexed before (a replayed add) is left as it is.
    await db
      .insertInto('search_docs')
      .values(docs)
      .onConflict((oc) => oc.column('message_id').doNothing())
      .execute();
  },

  async replace(db, docId, terms) {
    await db.updateTable('search_docs').set({ terms }).where('doc_id', '=', docId).execute();
  },

  async remove(db, messageIds) {
    await db.deleteFrom('search_docs').where('message_id', 'in', messageIds).execute();
  },

  async candidates(db, q) {
    // Terms differ between conversations (each has its own index key): a document matches when
    // its array holds all the terms of one conversation, its own.
    const holdsAll = q.termsByConversation.filter((t) => t.length > 0).map((t) => sql`d.terms @> ${t}::text[]`);
    if (holdsAll.length === 0) return [];
    const r = await sql<{ doc_id: number; message_id: string }>`
      SELECT d.doc_id, d.message_id
      FROM search_docs d
      ${memberJoin(q.userId)}
      WHERE (${sql.join(holdsAll, sql` OR `)})
        AND d.doc_id < ${q.before}
        AND ${visibleToMember(q.userId)}
      ORDER BY d.doc_id DESC
      LIMIT ${q.limit}`.execute(db);
    return r.rows.map((x) => ({ docId: Number(x.doc_id), messageId: x.message_id }));
  },
};
