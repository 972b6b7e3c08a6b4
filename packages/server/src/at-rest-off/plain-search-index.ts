// For the at-rest benchmark only: the SQLite search index as it was before encryption at rest
// (migration 0007, removed by 0017): a contentless FTS5 table with the trigram tokenizer over the
// folded plaintext, whose rowid is search_docs.doc_id, with each conversation as a token of three
// private-use characters. The unencrypted comparison server (at-rest-off-server.ts) indexes with
// it, so that "at rest off" pays for a search index as the server did then, not for none.
// Not for production data: it keeps message text in the clear.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../storage/schema.js';
import { SEARCH_DOC_TABLES } from '../storage/sqlite-search-file.js';
import { foldForSearch } from '../modules/search/fold.js';
import type { SearchHit, SearchIndex, SearchRequest } from '../modules/search/search-index.js';

/** Up to this many conversations, a global search names each one's token in the FTS query. */
const CONVERSATION_TOKENS_MAX = 256;
/** Rows per INSERT of a bulk add. */
const CHUNK = 500;
const PUA = 0xe000;
const PUA_SIZE = 6400;

/** Three private-use characters for conversation number n (user text never reaches this column). */
function conversationToken(n: number): string {
  return String.fromCharCode(
    PUA + (Math.floor(n / PUA_SIZE / PUA_SIZE) % PUA_SIZE),
    PUA + (Math.floor(n / PUA_SIZE) % PUA_SIZE),
    PUA + (n % PUA_SIZE),
  );
}

const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;

/** FTS5 query: every term as a substring of the body, optionally within some conversations. */
function matchExpression(terms: string[], conversations?: number[]): string {
  const body = `body : (${terms.map(quote).join(' AND ')})`;
  if (!conversations) return body;
  return `conv : (${conversations.map((n) => quote(conversationToken(n))).join(' OR ')}) AND ${body}`;
}

async function conversationNumber(db: Kysely<DB>, conversationId: string): Promise<number> {
  const find = () =>
    sql<{ n: number }>`SELECT n FROM plain_search_conversations WHERE conversation_id = ${conversationId}`;
  // Numbered once, at the conversation's first indexed message: every later send reads only.
  const known = (await find().execute(db)).rows[0];
  if (known) return Number(known.n);
  await sql`INSERT INTO plain_search_conversations (conversation_id) VALUES (${conversationId})
    ON CONFLICT (conversation_id) DO NOTHING`.execute(db);
  return Number((await find().execute(db)).rows[0]!.n);
}

/** The numbers of the conversations to search in, or undefined for "all of the user's" (too many). */
async function scope(db: Kysely<DB>, req: SearchRequest): Promise<number[] | undefined> {
  if (req.conversationId !== undefined) {
    const r = await sql<{ n: number }>`SELECT n FROM plain_search_conversations
      WHERE conversation_id = ${req.conversationId}`.execute(db);
    return r.rows.map((x) => Number(x.n));
  }
  const r = await sql<{ n: number }>`SELECT s.n FROM members m
    JOIN plain_search_conversations s ON s.conversation_id = m.conversation_id
    WHERE m.user_id = ${req.userId}
    LIMIT ${CONVERSATION_TOKENS_MAX + 1}`.execute(db);
  return r.rows.length > CONVERSATION_TOKENS_MAX ? undefined : r.rows.map((x) => Number(x.n));
}

async function docOf(db: Kysely<DB>, messageId: string) {
  return db
    .selectFrom('search_docs')
    .select(['doc_id', 'conversation_id'])
    .where('message_id', '=', messageId)
    .executeTakeFirst();
}

export const plainSearchIndex: SearchIndex = {
  async add(db, messages) {
    const numbers = new Map<string, number>();
    for (const id of new Set(messages.map((m) => m.conversationId))) {
      numbers.set(id, await conversationNumber(db, id));
    }
    for (let i = 0; i < messages.length; i += CHUNK) {
      const chunk = messages.slice(i, i + CHUNK);
      // Rowids (doc_id) are given in the order of the rows: the array's order, newest last.
      const docs = await db
        .insertInto('search_docs')
        .values(chunk.map((m) => ({ message_id: m.id, conversation_id: m.conversationId, seq: m.seq })))
        .onConflict((oc) => oc.column('message_id').doNothing())
        .returning(['doc_id', 'message_id'])
        .execute();
      // A message indexed before (a replayed add) returns no row and is left as it is.
      const docOf = new Map(docs.map((d) => [d.message_id, d.doc_id]));
      const rows = chunk.flatMap((m) =>
        docOf.has(m.id)
          ? [sql`(${docOf.get(m.id)}, ${foldForSearch(m.text)}, ${conversationToken(numbers.get(m.conversationId)!)})`]
          : [],
      );
      if (rows.length > 0)
        await sql`INSERT INTO plain_search_fts (rowid, body, conv) VALUES ${sql.join(rows)}`.execute(db);
    }
  },

  async edited(db, messageId, text) {
    const doc = await docOf(db, messageId);
    if (!doc) return;
    const n = await conversationNumber(db, doc.conversation_id);
    await sql`DELETE FROM plain_search_fts WHERE rowid = ${doc.doc_id}`.execute(db);
    await sql`INSERT INTO plain_search_fts (rowid, body, conv)
      VALUES (${doc.doc_id}, ${foldForSearch(text)}, ${conversationToken(n)})`.execute(db);
  },

  async deleted(db, messageIds) {
    for (let i = 0; i < messageIds.length; i += 500) {
      const ids = messageIds.slice(i, i + 500);
      await sql`DELETE FROM plain_search_fts WHERE rowid IN (
        SELECT doc_id FROM search_docs WHERE message_id IN (${sql.join(ids)}))`.execute(db);
      await db.deleteFrom('search_docs').where('message_id', 'in', ids).execute();
    }
  },

  async search(db: Kysely<DB>, req: SearchRequest): Promise<SearchHit[]> {
    const conversations = await scope(db, req);
    if (conversations?.length === 0) return [];
    // CROSS JOIN keeps plain_search_fts as the outer loop: SQLite reads matches in rowid order
    // (newest first) and stops at the limit. The members join enforces membership and
    // joined_seq whatever the scope.
    // Messages the user deleted for themselves (message_hidden) are never found.
    const r = await sql<{ doc_id: number; message_id: string }>`
      SELECT d.doc_id, d.message_id
      FROM plain_search_fts f
      CROSS JOIN search_docs d ON d.doc_id = f.rowid
      CROSS JOIN members m ON m.conversation_id = d.conversation_id AND m.user_id = ${req.userId}
      WHERE plain_search_fts MATCH ${matchExpression(req.terms, conversations)}
        AND f.rowid < ${req.before ?? Number.MAX_SAFE_INTEGER}
        ${req.conversationId !== undefined ? sql`AND d.conversation_id = ${req.conversationId}` : sql``}
        AND d.seq >= m.joined_seq
        AND NOT EXISTS (SELECT 1 FROM message_hidden h WHERE h.user_id = ${req.userId} AND h.message_id = d.message_id)
      ORDER BY f.rowid DESC
      LIMIT ${req.limit}`.execute(db);
    return r.rows.map((x) => ({ messageId: x.message_id, position: Number(x.doc_id) }));
  },
};

/**
 * The tables plainSearchIndex needs: its own (as migration 0007 made them, under other names),
 * and the documents and indexer position, which the server keeps in its search file instead.
 */
export async function createPlainSearchTables(db: Kysely<DB>): Promise<void> {
  for (const statement of SEARCH_DOC_TABLES) await sql.raw(statement).execute(db);
  await sql`CREATE TABLE IF NOT EXISTS plain_search_conversations (
    n INTEGER PRIMARY KEY,
    conversation_id TEXT NOT NULL UNIQUE
  )`.execute(db);
  await sql`CREATE VIRTUAL TABLE IF NOT EXISTS plain_search_fts USING fts5(
    body, conv, content='', contentless_delete=1, tokenize='trigram'
  )`.execute(db);
}
