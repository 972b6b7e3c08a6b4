// SQLite backend (better-sqlite3, WAL). One writer connection runs queued writes in batches:
// one transaction per batch, a savepoint per write (group commit). Durability as with
// synchronous=FULL, without blocking the event loop: SQLite commits with synchronous=NORMAL
// (no fsync) and we fdatasync the WAL file on the libuv thread pool before any write of the
// batch is acknowledged or its events are delivered; meanwhile the next batch runs. Reads use a
// second connection, which WAL lets run beside the writer.
import { mkdirSync } from 'node:fs';
import { open as openFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type { Event } from '@anytime/protocol';
import type { DB } from './schema.js';
import type { Committed, EventTarget, Storage, StreamRow, Tx, WriteOptions } from './storage.js';
import type { Keyring } from '../modules/at-rest/keyring.js';
import { KeyJournal } from '../modules/at-rest/key-journal.js';
import { sealingDialect } from '../modules/at-rest/sealing-dialect.js';
import { eventRow, rowToEvent, streamRow } from './event-rows.js';
import { SqliteCheckpointer } from './sqlite-checkpointer.js';
import { cachingDatabase, openSqlite, transactionControl } from './sqlite-connection.js';
import { prepareSearchFile, searchFileOf } from './sqlite-search-file.js';
import { encodeCursor, type CursorValue } from '../events/cursor.js';
import { reusableQuery } from './reusable-query.js';

/** Appending to the event log, once per change: compiled once. */
const insertEventQuery = reusableQuery(6, (db: Kysely<DB>, conversationId, userId, seq, type, payload, createdAt) =>
  db
    .insertInto('events')
    .values({
      conversation_id: conversationId as string | null,
      user_id: userId as string | null,
      seq: seq as number | null,
      type: type as string,
      payload: payload as string,
      created_at: createdAt as string,
    })
    .returning('pos'),
);
const insertEvent = (db: Kysely<DB>, v: ReturnType<typeof eventRow>) =>
  insertEventQuery(db, v.conversation_id, v.user_id, v.seq, v.type, v.payload, v.created_at);
const CHECKPOINT_EVERY_MS = 250;
const DRIVER_PATH = createRequire(import.meta.url).resolve('better-sqlite3');

interface Pending {
  fn: (tx: Tx) => Promise<unknown>;
  resolve: (c: Committed<unknown>) => void;
  reject: (e: unknown) => void;
}

export class SqliteStorage implements Storage {
  readonly dialect = 'sqlite' as const;
  readonly commitsInCallOrder = true;
  readonly read: Kysely<DB>;
  private readonly writer: Kysely<DB>;
  /** The writer's handle, for transaction control while a batch holds its Kysely connection. */
  private readonly raw: BetterSqlite3.Database;
  private readonly control: ReturnType<typeof transactionControl>;
  /** The read connection's handle (it attaches the search file). */
  private readonly rawRead: BetterSqlite3.Database;
  /** The search index's own file, once attached (attachSearchFile). */
  private searchFileAttached: string | undefined;
  private checkpointer: SqliteCheckpointer | undefined;
  private readonly listeners: ((rows: StreamRow[]) => void)[] = [];
  private queue: Pending[] = [];
  private running = false;
  private idle: (() => void)[] = [];
  private wal: FileHandle | undefined;
  /** The WAL sync in flight, and the one queued to start after it. */
  private syncing: Promise<void> | null = null;
  private nextSync: Promise<void> | null = null;
  /** Acknowledgements wait here, in commit order. */
  private acked: Promise<void> = Promise.resolve();
  /** Data keys made in the batch under way (forgotten if their write rolls back). */
  private readonly keyJournal: KeyJournal | undefined;

  private constructor(
    readonly file: string,
    private readonly batchMax: number,
    readonly keyring: Keyring | undefined,
  ) {
    this.raw = openSqlite(file, false);
    this.control = transactionControl(this.raw);
    // With a keyring, message content is sealed on its way in and opened on its way out. The
    // writer's transactions are run here (runBatch), which tells the key journal how they end.
    this.keyJournal = keyring ? new KeyJournal(keyring, true) : undefined;
    const dialect = (d: SqliteDialect, journal?: KeyJournal) => (keyring ? sealingDialect(d, keyring, journal) : d);
    this.writer = new Kysely<DB>({
      dialect: dialect(new SqliteDialect({ database: cachingDatabase(this.raw) }), this.keyJournal),
    });
    this.rawRead = openSqlite(file, true);
    this.read = new Kysely<DB>({ dialect: dialect(new SqliteDialect({ database: cachingDatabase(this.rawRead) })) });
  }

  /** Opens (creating) the database file under dataDir; call migrate before use. */
  static create(
    dataDir: string,
    batchMax: number,
    keyring?: Keyring,
  ): { storage: SqliteStorage; migrator: Kysely<DB> } {
    mkdirSync(dataDir, { recursive: true });
    // The writer creates the file and sets WAL before the read-only handle opens it.
    const file = join(dataDir, 'anytime.sqlite');
    const storage = new SqliteStorage(file, batchMax, keyring);
    return { storage, migrator: storage.writer };
  }

  /**
   * With the blind search index (a keyring): creates or checks its own file (sqlite-search-file.ts)
   * and attaches it to the read connection. Call once migrations have run; the file's path.
   */
  attachSearchFile(): string {
    if (this.searchFileAttached) return this.searchFileAttached;
    const file = searchFileOf(this.file);
    const { end } = this.raw.prepare('SELECT COALESCE(MAX(pos), 0) AS end FROM events').get() as { end: number };
    prepareSearchFile(file, end);
    this.rawRead.prepare('ATTACH DATABASE ? AS search').run(file);
    this.searchFileAttached = file;
    return file;
  }

  /** The search index's file when attached (attachSearchFile), else undefined. */
  get searchFile(): string | undefined {
    return this.searchFileAttached;
  }

  /** Starts checkpointing the WAL in the background (call once the schema is in place). */
  startCheckpoints(onError: (message: string) => void): void {
    this.checkpointer ??= new SqliteCheckpointer(this.file, DRIVER_PATH, CHECKPOINT_EVERY_MS, onError);
  }

  onCommit(listener: (rows: StreamRow[]) => void): void {
    this.listeners.push(listener);
  }

  stats(): Record<string, number> {
    return { queued_writes: this.queue.length, writer_busy: this.running ? 1 : 0 };
  }

  write<T>(fn: (tx: Tx) => Promise<T>, _opts?: WriteOptions): Promise<Committed<T>> {
    return new Promise<Committed<T>>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (c: Committed<unknown>) => void, reject });
      if (!this.running) {
        this.running = true;
        // Let the I/O callbacks of this turn queue their writes too, then commit them together.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) await this.runBatch(this.queue.splice(0, this.batchMax));
    this.running = false;
    await this.acked;
    if (!this.running) for (const done of this.idle.splice(0)) done();
  }

  /** Makes every commit so far durable: an fdatasync of the WAL that starts after them. */
  private syncWal(): Promise<void> {
    if (!this.syncing) {
      this.syncing = (async () => {
        this.wal ??= await openFile(`${this.file}-wal`, 'r');
        await this.wal.datasync();
      })().finally(() => {
        this.syncing = null;
      });
      return this.syncing;
    }
    // A sync is running that may have started before this commit: queue one after it.
    this.nextSync ??= this.syncing.then(
      () => {
        this.nextSync = null;
        return this.syncWal();
      },
      () => {
        this.nextSync = null;
        return this.syncWal();
      },
    );
    return this.nextSync;
  }

  private async runBatch(batch: Pending[]): Promise<void> {
    const outcomes: ({ ok: true; value: unknown; rows: StreamRow[] } | { ok: false; error: unknown })[] = [];
    try {
      // Holding the Kysely connection keeps every other use of the writer out; transaction
      // control goes straight to the same handle (it is synchronous, and cheaper that way).
      await this.writer.connection().execute(async (db) => {
        const t = this.control;
        const keys = this.keyJournal;
        t.begin();
        const begun = keys?.mark() ?? 0;
        try {
          for (const item of batch) {
            const rows: StreamRow[] = [];
            const tx: Tx = { db, append: (body, target) => this.append(db, rows, body, target) };
            t.savepoint();
            const mark = keys?.mark() ?? 0;
            try {
              const value = await item.fn(tx);
              t.release();
              outcomes.push({ ok: true, value, rows });
            } catch (error) {
              t.rollbackTo();
              t.release();
              // Data keys this write made were rolled back with it.
              keys?.rollbackTo(mark);
              outcomes.push({ ok: false, error });
            }
          }
          t.commit();
          keys?.commit();
        } catch (e) {
          if (this.raw.inTransaction) t.rollback();
          keys?.rollbackTo(begun);
          throw e;
        }
      });
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    const durable = this.syncWal();
    // Settle in commit order, once the WAL holding this batch is on disk.
    this.acked = Promise.all([this.acked, durable]).then(
      () => this.settle(batch, outcomes),
      (error: unknown) => {
        for (const item of batch) item.reject(error);
      },
    );
  }

  private settle(
    batch: Pending[],
    outcomes: ({ ok: true; value: unknown; rows: StreamRow[] } | { ok: false; error: unknown })[],
  ): void {
    const committed: StreamRow[] = [];
    outcomes.forEach((o, i) => {
      const item = batch[i]!;
      if (o.ok) {
        committed.push(...o.rows);
        item.resolve({ value: o.value, events: o.rows.map((r) => r.event) });
      } else item.reject(o.error);
    });
    if (committed.length === 0) return;
    for (const l of this.listeners) {
      try {
        l(committed);
      } catch (e) {
        // A failing listener must not un-acknowledge writes that are durable.
        queueMicrotask(() => {
          throw e;
        });
      }
    }
  }

  private async append(db: Kysely<DB>, into: StreamRow[], body: Parameters<Tx['append']>[0], target: EventTarget) {
    const values = eventRow(body, target, this.keyring !== undefined);
    const row = (await insertEvent(db, values)).rows[0]!;
    const event = { ...body, cursor: encodeCursor({ t: 0, p: row.pos }) } as Event;
    into.push(streamRow(event, target));
    return event;
  }

  async readUserEvents(userId: string, after: CursorValue, limit: number): Promise<Event[]> {
    if (after.t !== 0) return [];
    const rows = await sql<{ pos: number; payload: string }>`
      SELECT e.pos, e.payload FROM members m
        JOIN events e ON e.conversation_id = m.conversation_id AND e.pos > ${after.p} AND e.seq >= m.joined_seq
        WHERE m.user_id = ${userId}
      UNION ALL
      SELECT e.pos, e.payload FROM past_members pm
        JOIN events e ON e.conversation_id = pm.conversation_id AND e.pos > ${after.p}
         AND e.seq >= pm.joined_seq AND e.seq <= pm.left_seq
        WHERE pm.user_id = ${userId}
      UNION ALL
      SELECT e.pos, e.payload FROM events e WHERE e.user_id = ${userId} AND e.pos > ${after.p}
      ORDER BY pos LIMIT ${limit}`.execute(this.read);
    return rows.rows.map((r) => rowToEvent(r.payload, { t: 0, p: r.pos }));
  }

  async readStream(after: CursorValue, limit: number): Promise<StreamRow[]> {
    const rows = await this.read
      .selectFrom('events')
      .select(['pos', 'payload', 'conversation_id', 'user_id'])
      .where('pos', '>', after.p)
      .orderBy('pos')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      event: rowToEvent(r.payload, { t: 0, p: r.pos }),
      conversationId: r.conversation_id,
      userId: r.user_id,
    }));
  }

  async head(): Promise<CursorValue> {
    const r = await this.read
      .selectFrom('events')
      .select((eb) => eb.fn.max('pos').as('pos'))
      .executeTakeFirst();
    return { t: 0, p: Number(r?.pos ?? 0) };
  }

  /** One writer: everything committed can be read. */
  newestCommitted(): Promise<CursorValue> {
    return this.head();
  }

  async ping(): Promise<void> {
    await sql`SELECT 1`.execute(this.read);
  }

  /** Waits for queued writes to commit, then closes both connections. */
  async close(): Promise<void> {
    if (this.running) await new Promise<void>((r) => this.idle.push(r));
    await this.acked;
    await this.checkpointer?.stop();
    await this.wal?.close();
    // Fold the WAL into the database file so a stopped server leaves one tidy file.
    this.raw.pragma('wal_checkpoint(TRUNCATE)');
    await this.writer.destroy();
    await this.read.destroy();
  }
}
