// Where the blind index keeps each document's terms, per backend (blind-index.ts decides the
// terms, this decides the tables): SQLite a row per document in a contentless FTS5 table
// (term-fts.ts, migration 0021), PostgreSQL an array per document in search_docs.terms under a
// GIN index (term-arrays.ts, migration 0020). Either costs far less per message than the ~40
// b-tree rows of one row per term that both used before.
import type { Kysely } from 'kysely';
import type { Dialect } from '../../storage/storage.js';
import type { DB } from '../../storage/schema.js';
import { termArrays } from './term-arrays.js';
import { termFts } from './term-fts.js';

export interface NewDoc {
  message_id: string;
  conversation_id: string;
  seq: number;
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
  /** A term as this store keeps it, from its trigram's HMAC (blind-terms.ts termMac). */
  termOf(mac: Buffer): string;
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

export const termStoreFor = (dialect: Dialect): TermStore => (dialect === 'postgres' ? termArrays : termFts);
