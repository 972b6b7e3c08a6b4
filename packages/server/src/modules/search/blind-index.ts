// SearchIndex without plaintext: a blind index (docs/encryption-at-rest.md). search_docs gives
// each indexed message a doc_id (growing, so newest first is doc_id descending) and keeps, per
// doc, the keyed HMACs of its words' trigrams (at-rest/blind-terms.ts; where they are stored on
// each backend: term-store.ts). A query word
// of 3+ characters is looked up by its trigrams' HMACs under the index key of each conversation
// the caller may search; documents holding all of them are candidates, which are then opened
// (search_docs.body, the folded text sealed at rest and opened by the storage layer) and kept
// only if every word really occurs.
// Prefix, infix and whole-word queries all work; ranking is newest first, as before.
import type { Kysely } from 'kysely';
import type { DB } from '../../storage/schema.js';
import { blindTerm, indexKey, searchScope, textTrigrams, trigramsOf } from '../at-rest/blind-terms.js';
import { keyTableOf } from '../at-rest/key-table.js';
import type { Keyring } from '../at-rest/keyring.js';
import { foldForSearch } from './fold.js';
import type { IndexedMessage, SearchHit, SearchIndex, SearchRequest } from './search-index.js';
import type { TermStore } from './term-store.js';

/** Messages per insert. */
const CHUNK = 500;
/** Conversations whose terms go into one lookup query. */
const CONVERSATIONS_PER_QUERY = 100;

export function blindSearchIndex(keyring: Keyring, store: TermStore): SearchIndex {
  const derived = new Map<string, Buffer>();
  const keyOf = async (db: Kysely<DB>, conversationId: string, create: boolean): Promise<Buffer | undefined> => {
    const table = keyTableOf(db);
    const scope = searchScope(conversationId);
    const k = create ? await keyring.forWrite(table, scope) : await keyring.existing(table, scope);
    if (!k) return undefined;
    let key = derived.get(k.id);
    if (!key) {
      if (derived.size >= 10_000) derived.clear();
      key = indexKey(k);
      derived.set(k.id, key);
    }
    return key;
  };

  async function termsFor(db: Kysely<DB>, conversationId: string, text: string): Promise<string[]> {
    const key = (await keyOf(db, conversationId, true))!;
    return textTrigrams(text).map((t) => blindTerm(key, t));
  }

  /** Candidate docs (newest first) holding every trigram, in the given conversations. */
  async function candidates(
    db: Kysely<DB>,
    req: SearchRequest,
    conversations: string[],
    trigrams: string[],
    before: number,
    limit: number,
  ) {
    const termsByConversation: string[][] = [];
    for (const c of conversations) {
      const key = await keyOf(db, c, false);
      if (key) termsByConversation.push(trigrams.map((t) => blindTerm(key, t)));
    }
    if (termsByConversation.length === 0) return [];
    return store.candidates(db, { userId: req.userId, termsByConversation, before, limit });
  }

  return {
    async add(db, messages: readonly IndexedMessage[]) {
      for (let i = 0; i < messages.length; i += CHUNK) {
        const docs = [];
        for (const m of messages.slice(i, i + CHUNK)) {
          docs.push({
            message_id: m.id,
            conversation_id: m.conversationId,
            seq: m.seq,
            body: foldForSearch(m.text),
            terms: await termsFor(db, m.conversationId, m.text),
          });
        }
        await store.add(db, docs);
      }
    },
    async edited(db, messageId, text) {
      const doc = await db
        .selectFrom('search_docs')
        .select(['doc_id', 'conversation_id'])
        .where('message_id', '=', messageId)
        .executeTakeFirst();
      if (!doc) return;
      await db
        .updateTable('search_docs')
        .set({ body: foldForSearch(text) })
        .where('doc_id', '=', doc.doc_id)
        .execute();
      await store.replace(db, Number(doc.doc_id), await termsFor(db, doc.conversation_id, text));
    },
    async deleted(db, messageIds) {
      for (let i = 0; i < messageIds.length; i += CHUNK) await store.remove(db, messageIds.slice(i, i + CHUNK));
    },
    async search(db: Kysely<DB>, req: SearchRequest): Promise<SearchHit[]> {
      const conversations =
        req.conversationId !== undefined
          ? [req.conversationId]
          : (await db.selectFrom('members').select('conversation_id').where('user_id', '=', req.userId).execute()).map(
              (r) => r.conversation_id,
            );
      const trigrams = trigramsOf(req.terms);
      const hits: SearchHit[] = [];
      // Each group of conversations gives its newest candidates; the merge keeps the newest.
      const found: { docId: number; messageId: string }[] = [];
      for (let i = 0; i < conversations.length; i += CONVERSATIONS_PER_QUERY) {
        const group = conversations.slice(i, i + CONVERSATIONS_PER_QUERY);
        let before = req.before ?? Number.MAX_SAFE_INTEGER;
        // Candidates that only share trigrams are dropped after opening: read on until enough.
        for (;;) {
          const batch = await candidates(db, req, group, trigrams, before, req.limit * 2 + 8);
          if (batch.length === 0) break;
          const texts = new Map(
            (
              await db
                .selectFrom('search_docs')
                .select(['doc_id', 'body'])
                .where(
                  'doc_id',
                  'in',
                  batch.map((b) => b.docId),
                )
                .execute()
            ).map((d) => [Number(d.doc_id), d.body]),
          );
          const confirmed = batch.filter((b) => {
            const text = texts.get(b.docId);
            return text !== undefined && req.terms.every((t) => text.includes(t));
          });
          found.push(...confirmed);
          if (confirmed.length >= req.limit || batch.length < req.limit * 2 + 8) break;
          before = batch[batch.length - 1]!.docId;
        }
      }
      found.sort((a, b) => b.docId - a.docId);
      for (const f of found.slice(0, req.limit)) hits.push({ messageId: f.messageId, position: f.docId });
      return hits;
    },
  };
}
