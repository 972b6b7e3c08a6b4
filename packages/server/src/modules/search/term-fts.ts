// SQLite's blind index terms (term-store.ts): one row per document in search_term_index, a
// contentless FTS5 table (migration 0021) whose rowid is search_docs.doc_id and whose text is the
// document's terms (termOf), space-separated. FTS5 keeps the inverted index (term ->
// documents) itself, written per transaction as one sorted segment and merged in the
// background, so a message costs one insert instead of ~40 random b-tree rows.
import { sql, type RawBuilder } from 'kysely';
import { memberJoin, visibleToMember } from './candidate-filter.js';
import type { TermStore } from './term-store.js';

/** Documents per INSERT. */
const CHUNK = 200;

/**
 * A term as stored: FTS5's ascii tokenizer folds case, so terms are hex, and only the HMAC's
 * first 64 bits: long random tokens make FTS5's segments bigger and slower to write, and 64 bits
 * per conversation are plenty, since every candidate is confirmed against the message's text
 * anyway (a collision costs one opened text, never a wrong hit). Migration 0021 wrote the terms
 * it moved the same way.
 */
const termOf = (mac: Buffer) => mac.subarray(0, 8).toString('hex');

/** Documents holding every term of one of the groups: `("a" "b") OR ("c" "d")`. */
export function matchExpression(groups: readonly (readonly string[])[]): string {
  return groups.map((g) => `(${g.map((t) => `"${t}"`).join(' ')})`).join(' OR ');
}

const insertTerms = (rows: { doc_id: number; terms: readonly string[] }[]): RawBuilder<unknown> =>
  sql`INSERT INTO search_term_index (rowid, terms) VALUES ${sql.join(
    rows.map((r) => sql`(${r.doc_id}, ${r.terms.join(' ')})`),
  )}`;

export const termFts: TermStore = {
  termOf,

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
    const rows: { doc_id: number; terms: readonly string[] }[] = [];
    for (const d of docs) {
      const doc_id = docOf.get(d.message_id);
      if (doc_id !== undefined && d.terms.length > 0) rows.push({ doc_id, terms: d.terms });
    }
    for (let i = 0; i < rows.length; i += CHUNK) await insertTerms(rows.slice(i, i + CHUNK)).execute(db);
  },

  async replace(db, docId, terms) {
    await sql`DELETE FROM search_term_index WHERE rowid = ${docId}`.execute(db);
    if (terms.length > 0) await insertTerms([{ doc_id: docId, terms }]).execute(db);
  },

  async remove(db, messageIds) {
    await sql`DELETE FROM search_term_index WHERE rowid IN (
      SELECT doc_id FROM search_docs WHERE message_id IN (${sql.join(messageIds)}))`.execute(db);
    await db.deleteFrom('search_docs').where('message_id', 'in', messageIds).execute();
  },

  async candidates(db, q) {
    if (q.termsByConversation.length === 0 || q.termsByConversation[0]!.length === 0) return [];
    // CROSS JOIN keeps FTS5 as the outer loop: it yields matching doc_ids newest first.
    const r = await sql<{ doc_id: number; message_id: string }>`
      SELECT d.doc_id, d.message_id
      FROM search_term_index f
      CROSS JOIN search_docs d ON d.doc_id = f.rowid
      ${memberJoin(q.userId)}
      WHERE search_term_index MATCH ${matchExpression(q.termsByConversation)}
        AND f.rowid < ${q.before}
        AND ${visibleToMember(q.userId)}
      ORDER BY f.rowid DESC
      LIMIT ${q.limit}`.execute(db);
    return r.rows.map((x) => ({ docId: Number(x.doc_id), messageId: x.message_id }));
  },
};
