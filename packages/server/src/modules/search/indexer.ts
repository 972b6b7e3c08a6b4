// Indexes messages for search from the durable event log, after commit, in batches, instead of
// inside each send (docs/architecture.md, "Search"). One pass reads up to BATCH events after the
// stored position, then in one write transaction checks that the position has not moved,
// applies the events (apply-events.ts) and stores the new position: a crash or restart neither
// loses nor repeats an event. It is woken by this node's commits and polls every POLL_MS for
// the others'. On SQLite, where every commit is this node's, the events a pass applies come from
// memory (the rows of the commits it was woken by) whenever they are exactly the next ones in
// the log, rather than read back (and, at rest, opened) from the database. On SQLite with the
// blind index the pass itself runs in a worker thread (index-worker.ts), in the index's own file
// (storage/sqlite-search-file.ts), which holds the position too; the main thread only makes the
// index keys the pass needs. On PostgreSQL the pass holds a transaction-level advisory lock, so
// one node indexes at a time and another takes over as soon as it stops; a node that finds the
// lock taken leaves the work to the holder.
import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import { compareCursors, cursorOf, START, type CursorValue } from '../../events/cursor.js';
import { SqliteStorage } from '../../storage/sqlite.js';
import type { StreamRow } from '../../storage/storage.js';
import { applyEvents, indexedEvent, type IndexEvent } from './apply-events.js';
import { keyringIndexKeys, type IndexKeySource } from './blind-index.js';
import { advanceIndexPosition, indexPosition } from './index-position.js';
import { IndexWorker } from './index-worker-client.js';
import { indexKeysOf } from './search-file-index.js';
import { searchIndexFor, usesBlindIndex } from './search-index-for.js';

/** Events per transaction read from the log, without the worker (with it: MEMORY_BATCH). */
const BATCH = 300;
/**
 * Events per transaction from memory: more, since a pass costs a round of the writer's group
 * commit and a busy writer commits more than BATCH events a round (fewer, larger passes keep
 * the indexer from falling behind into the log).
 */
const MEMORY_BATCH = 1_000;
/** How often a node looks for events other nodes committed (and retries after an error). */
const POLL_MS = 1_000;
/** How soon to look again when the log holds more than this node could index just now. */
const RETRY_MS = 20;
const LOCK_KEY = 'search-indexer';
/**
 * With the worker (SQLite), a pass starts at most this long after the previous one started,
 * unless a full pass is waiting: at moderate rates, fewer and larger passes (each costs a
 * transaction of the search file and an FTS5 segment to merge later). A message is
 * searchable at most about this much later; idle() does not wait for it.
 */
const PASS_GAP_MS = 100;
/** Committed rows kept for the next passes at most (older ones are read from the log). */
export const RECENT_MAX = 3 * MEMORY_BATCH;

type Pass = 'applied' | 'caught-up' | 'elsewhere';

export class SearchIndexer {
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private timer: NodeJS.Timeout | undefined;
  /** The newest event this node saw commit (idle() waits for it too). */
  private lastCommitted: CursorValue = START;
  private appliedEvents = 0;
  /** The position the last pass found or left. */
  private reached: CursorValue = START;
  /** SQLite only: rows this node committed, oldest first, that may not be indexed yet. */
  private recent: StreamRow[] = [];
  /** SQLite with the blind index: the storage, its search file that the worker writes, the index keys. */
  private readonly inWorker: { storage: SqliteStorage; file: string; keys: IndexKeySource } | undefined;
  /** Started by start() (its start-up is not paid by the first send's pass), stopped by stop(). */
  private worker: IndexWorker | undefined;
  /** With the worker: when the last pass started, the timer of the next, whether more was waiting. */
  private passStarted = 0;
  private gapTimer: NodeJS.Timeout | undefined;
  private morePending = false;

  constructor(private readonly ctx: AppContext) {
    ctx.storage.onCommit((rows) => this.committed(rows));
    const { storage } = ctx;
    if (storage instanceof SqliteStorage && storage.keyring && usesBlindIndex(storage)) {
      const file = storage.searchFile;
      if (!file) throw new Error('the SQLite storage has no search file attached (openStorage attaches it)');
      this.inWorker = { storage, file, keys: keyringIndexKeys(storage.keyring) };
    }
  }

  /** Events this node has applied to the index since it started (to check that nodes share the work). */
  get applied(): number {
    return this.appliedEvents;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    if (this.inWorker) this.worker ??= new IndexWorker(this.inWorker.file);
    this.timer = setInterval(() => this.wake(), POLL_MS);
    this.timer.unref();
    this.wake();
  }

  /** Stops after the pass under way (events committed meanwhile are indexed at the next start). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.gapTimer);
    this.gapTimer = undefined;
    await this.running;
    await this.worker?.close();
    this.worker = undefined;
  }

  /** Resolves once everything committed before the call is indexed (by this node or another). */
  async idle(): Promise<void> {
    const newest = await this.ctx.storage.newestCommitted();
    const target = compareCursors(newest, this.lastCommitted) >= 0 ? newest : this.lastCommitted;
    for (;;) {
      if (compareCursors(await this.position(), target) >= 0) return;
      if (this.stopped) throw new Error('the search indexer is stopped');
      this.wake(true);
      await (this.running ?? new Promise((r) => setTimeout(r, 10)));
    }
  }

  private committed(rows: StreamRow[]): void {
    const last = cursorOf(rows[rows.length - 1]!.event);
    if (compareCursors(last, this.lastCommitted) > 0) this.lastCommitted = last;
    if (this.ctx.storage.dialect === 'sqlite') {
      for (const r of rows) this.recent.push(r);
      if (this.recent.length > RECENT_MAX) this.recent.splice(0, this.recent.length - RECENT_MAX);
    }
    this.wake();
  }

  private wake(now = false): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.inWorker && !now && this.recent.length < MEMORY_BATCH) {
      const wait = this.passStarted + PASS_GAP_MS - Date.now();
      if (wait > 0) {
        this.gapTimer ??= setTimeout(() => {
          this.gapTimer = undefined;
          this.wake();
        }, wait);
        return;
      }
    }
    clearTimeout(this.gapTimer);
    this.gapTimer = undefined;
    this.passStarted = Date.now();
    this.running = this.run().finally(() => {
      this.running = null;
      if (this.again) this.wake();
    });
  }

  private async run(): Promise<void> {
    try {
      let pass: Pass;
      do {
        this.again = false;
        do pass = await this.pass();
        while (pass === 'applied' && !this.stopped && (!this.inWorker || this.morePending));
        // With the worker, what committed meanwhile waits for the gap (wake, after this run).
      } while (this.again && !this.stopped && !this.inWorker);
      // Another node holds the lock (it may have read the log just before our commit), or an
      // event of ours is not readable yet (on PostgreSQL, an older transaction still runs):
      // look again soon rather than at the next poll.
      if (pass === 'elsewhere' || compareCursors(this.reached, this.lastCommitted) < 0) {
        setTimeout(() => this.wake(), RETRY_MS).unref();
      }
    } catch (err) {
      // Nothing was half-applied (the pass is one transaction); the next poll retries.
      this.ctx.log.error({ err }, 'search indexing failed');
    }
  }

  private position(): Promise<CursorValue> {
    return indexPosition(this.ctx.storage.read);
  }

  /**
   * The next events after `from` from memory, or undefined to read them from the log. SQLite's
   * positions are gapless (AUTOINCREMENT, never deleted; a rolled-back write commits no row and
   * leaves no position behind), so rows at from + 1, + 2, ... are exactly what the log holds
   * there; anything else (a gap, memory that starts later) reads the log.
   */
  private recentAfter(from: CursorValue): StreamRow[] | undefined {
    let skip = 0;
    while (skip < this.recent.length && compareCursors(cursorOf(this.recent[skip]!.event), from) <= 0) skip++;
    if (skip > 0) this.recent.splice(0, skip);
    let n = 0;
    while (n < this.recent.length && n < MEMORY_BATCH && cursorOf(this.recent[n]!.event).p === from.p + n + 1) n++;
    return n > 0 && from.t === 0 ? this.recent.slice(0, n) : undefined;
  }

  /** One batch: read after the stored position, apply and advance in one transaction. */
  private async pass(): Promise<Pass> {
    const { storage } = this.ctx;
    const from = await this.position();
    const recent = this.recentAfter(from);
    // With the worker, a backlog in the log is read in passes as large as from memory: passes of
    // BATCH could not keep up with a busy writer, so an indexer that fell behind stayed behind.
    const batch = recent || this.inWorker ? MEMORY_BATCH : BATCH;
    const rows = recent ?? (await storage.readStream(from, batch));
    this.reached = from;
    // A full pass: more may be waiting (a backlog in the log, or more than a pass in memory).
    this.morePending = rows.length === batch;
    if (rows.length === 0) return 'caught-up';
    const to = cursorOf(rows[rows.length - 1]!.event);
    const value = this.inWorker
      ? await this.passInWorker(this.inWorker, from, to, rows)
      : (
          await storage.write(async (tx): Promise<Pass> => {
            if (storage.dialect === 'postgres') {
              const lock = await sql<{ ok: boolean }>`
          SELECT pg_try_advisory_xact_lock(hashtextextended(${LOCK_KEY}, 0)) AS ok`.execute(tx.db);
              if (!lock.rows[0]?.ok) return 'elsewhere';
            }
            // Another node (or a pass before a restart) may have indexed these already.
            if (!(await advanceIndexPosition(tx.db, from, to))) return 'elsewhere';
            await applyEvents(
              searchIndexFor(storage),
              tx.db,
              rows.map((r) => r.event),
            );
            return 'applied';
          })
        ).value;
    if (value === 'applied') {
      this.appliedEvents += rows.length;
      this.reached = to;
    }
    return value;
  }

  /**
   * A pass run by the worker: the events cut down to what the index reads, with the index keys
   * of their conversations (made here when new: only this thread holds the keyring).
   */
  private async passInWorker(
    w: NonNullable<SearchIndexer['inWorker']>,
    from: CursorValue,
    to: CursorValue,
    rows: StreamRow[],
  ): Promise<Pass> {
    const events: IndexEvent[] = [];
    const named = new Set<string>();
    for (const r of rows) {
      const e = indexedEvent(r.event);
      if (!e) continue;
      events.push(e);
      if (e.type !== 'messages.expired') named.add(e.message.conversationId);
    }
    const keys = await indexKeysOf(w.keys, w.storage, named);
    this.worker ??= new IndexWorker(w.file);
    const worker = this.worker;
    try {
      return await worker.pass({ events, keys, from, to });
    } catch (e) {
      // A worker that died is replaced at the next pass (nothing was half-applied).
      if (worker.broken) {
        this.worker = undefined;
        await worker.close();
      }
      throw e;
    }
  }
}
