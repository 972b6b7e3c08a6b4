// Indexes messages for search from the durable event log, after commit, in batches, instead of
// inside each send (docs/architecture.md, "Search"). One pass reads up to BATCH events after the
// stored position, then in one write transaction checks that the position has not moved,
// applies the events (apply-events.ts) and stores the new position: a crash or restart neither
// loses nor repeats an event. It is woken by this node's commits and polls every POLL_MS for
// the others'. On PostgreSQL the pass holds a transaction-level advisory lock, so one node
// indexes at a time and another takes over as soon as it stops; a node that finds the lock
// taken leaves the work to the holder. On SQLite the pass is one write among the group commits.
import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import { compareCursors, cursorOf, START, type CursorValue } from '../../events/cursor.js';
import type { StreamRow } from '../../storage/storage.js';
import { applyEvents } from './apply-events.js';
import { searchIndexFor } from './search-index-for.js';

/** Events per transaction. */
const BATCH = 300;
/** How often a node looks for events other nodes committed (and retries after an error). */
const POLL_MS = 1_000;
/** How soon to look again when the log holds more than this node could index just now. */
const RETRY_MS = 20;
const LOCK_KEY = 'search-indexer';

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

  constructor(private readonly ctx: AppContext) {
    ctx.storage.onCommit((rows) => this.committed(rows));
  }

  /** Events this node has applied to the index since it started (to check that nodes share the work). */
  get applied(): number {
    return this.appliedEvents;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.timer = setInterval(() => this.wake(), POLL_MS);
    this.timer.unref();
    this.wake();
  }

  /** Stops after the pass under way (events committed meanwhile are indexed at the next start). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** Resolves once everything committed before the call is indexed (by this node or another). */
  async idle(): Promise<void> {
    const newest = await this.ctx.storage.newestCommitted();
    const target = compareCursors(newest, this.lastCommitted) >= 0 ? newest : this.lastCommitted;
    for (;;) {
      if (compareCursors(await this.position(), target) >= 0) return;
      if (this.stopped) throw new Error('the search indexer is stopped');
      this.wake();
      await (this.running ?? new Promise((r) => setTimeout(r, 10)));
    }
  }

  private committed(rows: StreamRow[]): void {
    const last = cursorOf(rows[rows.length - 1]!.event);
    if (compareCursors(last, this.lastCommitted) > 0) this.lastCommitted = last;
    this.wake();
  }

  private wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
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
        while (pass === 'applied' && !this.stopped);
      } while (this.again && !this.stopped);
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

  private async position(): Promise<CursorValue> {
    const r = await this.ctx.storage.read
      .selectFrom('search_indexer')
      .select(['txid', 'pos'])
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return { t: Number(r.txid), p: Number(r.pos) };
  }

  /** One batch: read after the stored position, apply and advance in one transaction. */
  private async pass(): Promise<Pass> {
    const { storage } = this.ctx;
    const from = await this.position();
    const rows = await storage.readStream(from, BATCH);
    this.reached = from;
    if (rows.length === 0) return 'caught-up';
    const to = cursorOf(rows[rows.length - 1]!.event);
    const { value } = await storage.write(async (tx): Promise<Pass> => {
      if (storage.dialect === 'postgres') {
        const lock = await sql<{ ok: boolean }>`
          SELECT pg_try_advisory_xact_lock(hashtextextended(${LOCK_KEY}, 0)) AS ok`.execute(tx.db);
        if (!lock.rows[0]?.ok) return 'elsewhere';
      }
      // Another node (or a pass before a restart) may have indexed these already.
      const moved = await tx.db
        .updateTable('search_indexer')
        .set({ txid: to.t, pos: to.p })
        .where('id', '=', 1)
        .where('txid', '=', from.t)
        .where('pos', '=', from.p)
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1) return 'elsewhere';
      await applyEvents(
        searchIndexFor(storage),
        tx.db,
        rows.map((r) => r.event),
      );
      return 'applied';
    });
    if (value === 'applied') {
      this.appliedEvents += rows.length;
      this.reached = to;
    }
    return value;
  }
}
