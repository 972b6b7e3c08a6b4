// SQLite's blind index terms: one row per (term, document) in search_terms (term-store.ts).
import { sql } from 'kysely';
import type { TermStore } from './term-store.js';

/** Rows per INSERT of terms. */
const CHUNK = 500;

export const termRows: TermStore = {
  async add(db, docs) {
    if (docs.length === 0) return;
    // doc_ids are given in the order of the rows: the array's order, newest last.
    const inserted = await db
      .insertInto('search_docs')
      .values(docs.map(({ terms: _, ...d }) => d))
      .onConflict((oc) => oc.column('message_id').doNothing())
      .returning(['doc_id', 'message_id'])
      .execute();
    // A message indexed before (a replayed add) returns no row and is left as it is.
    const docOf = new Map(inserted.map((d) => [d.message_id, Number(d.doc_id)]));
    const rows: { term: string; doc_id: number }[] = [];
    for (const d of docs) {
      const doc_id = docOf.get(d.message_id);
      if (doc_id !== undefined) for (const term of d.terms) rows.push({ term, doc_id });
    }
    for (let i = 0; i < rows.length; i += CHUNK) {
      await db
        .insertInto('search_terms')
        .values(rows.slice(i, i + CHUNK))
        .onConflict((oc) => oc.columns(['term', 'doc_id']).doNothing())
        .execute();
    }
  },

  async replace(db, docId, terms) {
    await db.deleteFrom('search_terms').where('doc_id', '=', docId).execute();
    for (let i = 0; i < terms.length; i += CHUNK) {
      await db
        .insertInto('search_terms')
        .values(terms.slice(i, i + CHUNK).map((term) => ({ term, doc_id: docId })))
        .execute();
    }
  },

  async remove(db, messageIds) {
    await db
      .deleteFrom('search_terms')
      .where('doc_id', 'in', db.selectFrom('search_docs').select('doc_id').where('message_id', 'in', messageIds))
      .execute();
    await db.deleteFrom('search_docs').where('message_id', 'in', messageIds).execute();
  },

  async candidates(db, q) {
    const terms = q.termsByConversation.flat();
    if (terms.length === 0) return [];
    const perDoc = q.termsByConversation[0]!.length;
    const r = await sql<{ doc_id: number; message_id: string }>`
      SELECT d.doc_id, d.message_id
      FROM search_terms s
      JOIN search_docs d ON d.doc_id = s.doc_id
      JOIN members m ON m.conversation_id = d.conversation_id AND m.user_id = ${q.userId}
      WHERE s.term IN (${sql.join(terms)})
        AND d.doc_id < ${q.before}
        AND d.seq >= m.joined_seq
        AND NOT EXISTS (SELECT 1 FROM message_hidden h WHERE h.user_id = ${q.userId} AND h.message_id = d.message_id)
      GROUP BY d.doc_id, d.message_id
      HAVING COUNT(*) = ${perDoc}
      ORDER BY d.doc_id DESC
      LIMIT ${q.limit}`.execute(db);
    return r.rows.map((x) => ({ docId: Number(x.doc_id), messageId: x.message_id }));
  },
};
