// The search index seen by the rest of the server. Callers hand it messages and ask it for
// message ids; how it stores and finds them (SQLite FTS5, PostgreSQL pg_trgm, later a blind
// index that keeps no plaintext) stays behind this interface.
import type { Kysely } from 'kysely';
import type { DB } from '../../storage/schema.js';

export interface SearchRequest {
  userId: string;
  /** Folded words (fold.ts queryTerms), each at least 3 characters; all must match. */
  terms: string[];
  /** Only this conversation (the caller checked membership). */
  conversationId?: string;
  /** Only documents older than this position (from the previous page). */
  before?: number;
  limit: number;
}

export interface SearchHit {
  messageId: string;
  /** Opaque position for paging: pass it back as `before`. */
  position: number;
}

export interface IndexedMessage {
  id: string;
  conversationId: string;
  seq: number;
  text: string;
}

export interface SearchIndex {
  /**
   * Indexes new messages, newest last, in the transaction `db` (the indexer's batch, or a bulk
   * load). A message already indexed is left as it is, so a replayed add changes nothing.
   */
  add(db: Kysely<DB>, messages: readonly IndexedMessage[]): Promise<void>;
  /** Re-indexes an edited message in place (it keeps its rank). No-op for an unknown message. */
  edited(db: Kysely<DB>, messageId: string, text: string): Promise<void>;
  /** Forgets messages (deleted for everyone, expired). */
  deleted(db: Kysely<DB>, messageIds: string[]): Promise<void>;
  /**
   * Hits newest first, only in conversations the user is a member of and at or after the
   * seq they joined at.
   */
  search(db: Kysely<DB>, req: SearchRequest): Promise<SearchHit[]>;
}
