// The storage interface every module writes and reads through. Two real backends implement it:
// SQLite (embedded default) and PostgreSQL. Writes go through write(), which runs a function in
// a transaction, lets it append events to the log, and reports the committed events to
// listeners (the feed) only after commit.
import type { Compilable, InsertResult, Kysely, OperationNodeSource, QueryCreator } from 'kysely';
import type { Event, EventBody } from '@anytime/protocol';
import type { Keyring } from '../modules/at-rest/keyring.js';
import type { DB } from './schema.js';
import type { CursorValue } from '../events/cursor.js';

export type Dialect = 'sqlite' | 'postgres';

/** Where an event belongs: a conversation's timeline (with its seq) or one user's own stream. */
export type EventTarget = { conversationId: string; seq: number } | { userId: string };

export interface Tx {
  db: Kysely<DB>;
  /** Appends an event to the log inside this transaction and returns it with its cursor. */
  append(body: EventBody, target: EventTarget): Promise<Event>;
  /**
   * PostgreSQL only: runs `insert` with `args` and appends the event in the same statement (one
   * round trip instead of two; the send path: messages/insert-message.ts). Absent on SQLite,
   * where a statement costs no round trip.
   */
  appendAfter?(insert: RowInsert, args: unknown[], body: EventBody, target: EventTarget): Promise<Event>;
}

/**
 * An insert of one row whose shape never depends on its arguments (storage/reusable-query.ts),
 * for Tx.appendAfter. A module defines it once; the storage compiles it once with its event insert.
 */
export interface RowInsert {
  readonly arity: number;
  /** An insert query builder (`qc.insertInto(...).values(...)`), without `returning`. */
  build(qc: QueryCreator<DB>, ...args: unknown[]): Compilable<InsertResult> & OperationNodeSource;
}

export interface WriteOptions {
  /**
   * Streams (e.g. `conv:<id>`) this write changes. On PostgreSQL the transaction takes an
   * advisory lock on each before anything else, so writers of one stream commit in the order
   * they obtain its next seq. SQLite has a single writer and needs no lock.
   */
  lock?: string[];
}

export interface Committed<T> {
  value: T;
  events: Event[];
}

export interface Storage {
  readonly dialect: Dialect;
  /** Whether writes commit in the order write() was called (one writer with a FIFO queue). */
  readonly commitsInCallOrder: boolean;
  /** For reads outside a write transaction. */
  readonly read: Kysely<DB>;
  /** The data keys of encryption at rest (modules/at-rest); undefined only for bare test storage. */
  readonly keyring?: Keyring | undefined;
  write<T>(fn: (tx: Tx) => Promise<T>, opts?: WriteOptions): Promise<Committed<T>>;
  /** Called with each committed transaction's events, in commit order (per process). */
  onCommit(listener: (rows: StreamRow[]) => void): void;
  /** The user's events after `after`, in stream order; only events no earlier write can precede. */
  readUserEvents(userId: string, after: CursorValue, limit: number): Promise<Event[]>;
  /** Every user's events after `after`, in stream order, for a node's feed. */
  readStream(after: CursorValue, limit: number): Promise<StreamRow[]>;
  /** The position after the last event that can be read now. */
  head(): Promise<CursorValue>;
  /**
   * The newest committed event's position, even one that readStream does not hand out yet (on
   * PostgreSQL, while an older transaction still runs); START when the log is empty.
   */
  newestCommitted(): Promise<CursorValue>;
  ping(): Promise<void>;
  /** Gauges about the database side for /metrics (pool use, queued writes), by name. */
  stats(): Record<string, number>;
  close(): Promise<void>;
}

export interface StreamRow {
  event: Event;
  conversationId: string | null;
  userId: string | null;
}

export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
