// SearchIndex without plaintext: a blind index (docs/encryption-at-rest.md). search_docs gives
// each indexed message a doc_id (growing, so newest first is doc_id descending) and keeps, per
// doc, the keyed HMACs of its words' trigrams (at-rest/blind-terms.ts; where they are stored on
// each backend: term-store.ts). A query word
// of 3+ characters is looked up by its trigrams' HMACs under the index key of each conversation
// the caller may search; documents holding all of them are candidates, whose messages' texts
// (sealed at rest, opened by the storage layer) are then folded and kept only if every word
// really occurs.
// Prefix, infix and whole-word queries all work; ranking is newest first, as before.
import type { Kysely } from 'kysely';
import type { DB } from '../../storage/schema.js';
import { indexKey, searchScope, termMac, textTrigrams, trigramsOf } from '../at-rest/blind-terms.js';
import { keyTableOf } from '../at-rest/key-table.js';
import type { Keyring } from '../at-rest/keyring.js';
import { foldForSearch } from './fold.js';
import type { IndexedMessage, SearchHit, SearchIndex, SearchRequest } from './search-index.js';
import type { TermStore } from './term-store.js';

/** Messages per insert. */
const CHUNK = 500;
/** Conversations whose terms go into one lookup query. */
const CONVERSATIONS_PER_QUERY = 100;

/** Trigram -> term results kept in memory, across all conversations (about 100 bytes each). */
const CACHED_TERMS = 100_000;

/** A conversation's index key: the id of the data key it is derived from, and its bytes. */
export interface IndexKey {
  id: string;
  key: Buffer;
}

/** Where the index keys come from: the keyring on the main thread, what it sent in the index worker. */
export interface IndexKeySource {
  /** The conversation's newest index key; `create` makes one (through `db`) when it has none. */
  keyOf(db: Kysely<DB>, conversationId: string, create: boolean): Promise<IndexKey | undefined>;
}

/** Index keys derived from the conversations' search data keys (at-rest/blind-terms.ts). */
export function keyringIndexKeys(keyring: Keyring): IndexKeySource {
  const derived = new Map<string, IndexKey>();
  return {
    async keyOf(db, conversationId, create) {
      const table = keyTableOf(db);
      const scope = searchScope(conversationId);
      const k = create ? await keyring.forWrite(table, scope) : await keyring.existing(table, scope);
      if (!k) return undefined;
      let key = derived.get(k.id);
      if (!key) {
        if (derived.size >= 10_000) derived.clear();
        key = { id: k.id, key: indexKey(k) };
        derived.set(k.id, key);
      }
      return key;
    },
  };
}

export function blindSearchIndex(keys: IndexKeySource, store: TermStore): SearchIndex {
  /** Per index key id, the terms computed under it so far. */
  const termsByKey = new Map<string, Map<string, string>>();
  let cached = 0;
  const keyOf = async (db: Kysely<DB>, conversationId: string, create: boolean) => {
    const k = await keys.keyOf(db, conversationId, create);
    if (!k) return undefined;
    let terms = termsByKey.get(k.id);
    if (!terms) {
      if (termsByKey.size >= 10_000) {
        termsByKey.clear();
        cached = 0;
      }
      terms = new Map();
      termsByKey.set(k.id, terms);
    }
    return { key: k.key, terms };
  };

  /**
   * The term of a trigram under a conversation's key, in the form its store keeps. Chat text
   * repeats its trigrams, so each HMAC is computed and encoded once per key and kept (up to CACHED_TERMS in all, then all are dropped):
   * the HMACs were an eighth of the server's CPU on the send path (docs/benchmarks.md).
   */
  const termOf = (k: { key: Buffer; terms: Map<string, string> }, trigram: string): string => {
    let term = k.terms.get(trigram);
    if (term === undefined) {
      if (cached >= CACHED_TERMS) {
        for (const other of termsByKey.values()) other.clear();
        cached = 0;
      }
      term = store.termOf(termMac(k.key, trigram));
      k.terms.set(trigram, term);
      cached += 1;
    }
    return term;
  };

  async function termsFor(db: Kysely<DB>, conversationId: string, text: string): Promise<string[]> {
    const key = (await keyOf(db, conversationId, true))!;
    return textTrigrams(text).map((t) => termOf(key, t));
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
      if (key) termsByConversation.push(trigrams.map((t) => termOf(key, t)));
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
          // Confirmed against the message's own text (sealed at rest, opened by the storage
          // layer): always its current text, so an edit or deletion the index has not applied
          // yet is never matched by what the message said before.
          const texts = new Map(
            (
              await db
                .selectFrom('messages')
                .select(['id', 'text'])
                .where(
                  'id',
                  'in',
                  batch.map((b) => b.messageId),
                )
                .execute()
            ).map((m) => [m.id, foldForSearch(m.text)]),
          );
          const confirmed = batch.filter((b) => {
            const text = texts.get(b.messageId);
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
