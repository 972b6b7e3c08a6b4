// Where the blind index keeps each document's terms, per backend (blind-index.ts decides the
// terms, this decides the tables): SQLite one row per term in search_terms (term-rows.ts),
// PostgreSQL an array per document in search_docs.terms under a GIN index (term-arrays.ts,
// migration 0019), which costs PostgreSQL far less per message than ~40 btree rows.
import type { Kysely } from 'kysely';
import type { Dialect } from '../../storage/storage.js';
import type { DB } from '../../storage/schema.js';
import { termArrays } from './term-arrays.js';
import { termRows } from './term-rows.js';

export interface NewDoc {
  message_id: string;
  conversation_id: string;
  seq: number;
  /** The folded text (sealed at rest by the storage layer). */
  body: string;
  terms: string[];
}

export interface CandidateQuery {
  userId: string;
  /** Per conversation searched: the terms of every query trigram under its index key. */
  termsByConversation: string[][];
  /** Only documents older than this. */
  before: number;
  limit: number;
}

export interface TermStore {
  /** Inserts new documents with their terms; one already indexed (same message) is left as it is. */
  add(db: Kysely<DB>, docs: NewDoc[]): Promise<void>;
  /** Replaces a document's terms (an edit). */
  replace(db: Kysely<DB>, docId: number, terms: string[]): Promise<void>;
  /** Drops the documents of these messages with their terms. */
  remove(db: Kysely<DB>, messageIds: string[]): Promise<void>;
  /**
   * Documents (newest first) holding every term of their conversation, in conversations the
   * user is a member of, at or after the seq they joined at, not hidden from them.
   */
  candidates(db: Kysely<DB>, q: CandidateQuery): Promise<{ docId: number; messageId: string }[]>;
}

export const termStoreFor = (dialect: Dialect): TermStore => (dialect === 'postgres' ? termArrays : termRows);
