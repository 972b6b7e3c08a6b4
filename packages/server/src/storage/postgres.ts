// PostgreSQL backend (pg pool). Each write is its own transaction; writers of one stream are
// ordered by an advisory lock taken before the transaction writes anything, so the stream
// order (txid, pos) agrees with every conversation's seq order. Readers only see events whose
// transaction id is below the oldest running transaction (pg_snapshot_xmin), so a page never
// skips an event that commits later with a smaller position.
import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { Event } from '@anytime/protocol';
import type { DB } from './schema.js';
import type { Committed, EventTarget, Storage, StreamRow, Tx, WriteOptions } from './storage.js';
import type { Keyring } from '../modules/at-rest/keyring.js';
import { sealingDialect } from '../modules/at-rest/sealing-dialect.js';
import { reusableQuery } from './reusable-query.js';
import { nameRepeatedStatements, StatementNames } from './prepared-statements.js';
import { eventRow, rowToEvent, streamRow } from './event-rows.js';
import { encodeCursor, type CursorValue } from '../events/cursor.js';

const HELD_BACK_WAIT_MS = 5;
const HELD_BACK_RETRIES = 200;

// int8 (bigserial positions, counts) as JS numbers; positions stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

/** Appending to the event log (a reusable query, so that its payload is sealed at rest). */
const insertEvent = reusableQuery(6, (db: Kysely<DB>, conversationId, userId, seq, type, payload, createdAt) =>
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
    .returning(['pos', sql<string>`txid::text`.as('txid')]),
);

export class PostgresStorage implements Storage {
  readonly dialect = 'postgres' as const;
  readonly commitsInCallOrder = false;
  readonly read: Kysely<DB>;
  private readonly listeners: ((rows: StreamRow[]) => void)[] = [];
  private readonly pool: pg.Pool;
  private readonly statementNames = new StatementNames();

  constructor(
    url: string,
    onError: (e: unknown) => void = () => undefined,
    poolSize = 10,
    readonly keyring?: Keyring,
  ) {
    this.pool = new pg.Pool({ connectionString: url, max: poolSize });
    // A connection that dies (database restart, admin kill) must not crash the process: the
    // pool replaces it, and the query that used it fails with its own error.
    this.pool.on('error', onError);
    this.pool.on('connect', (client) => {
      client.on('error', onError);
      nameRepeatedStatements(client, this.statementNames);
    });
    // With a keyring, message content is sealed on its way in and opened on its way out.
    const dialect = new PostgresDialect({ pool: this.pool });
    this.read = new Kysely<DB>({ dialect: keyring ? sealingDialect(dialect, keyring) : dialect });
  }

  onCommit(listener: (rows: StreamRow[]) => void): void {
    this.listeners.push(listener);
  }

  stats(): Record<string, number> {
    const p = this.pool;
    return {
      pool_total: p.totalCount,
      pool_idle: p.idleCount,
      pool_waiting: p.waitingCount,
      prepared_statements: this.statementNames.size,
    };
  }

  async write<T>(fn: (tx: Tx) => Promise<T>, opts?: WriteOptions): Promise<Committed<T>> {
    const rows: StreamRow[] = [];
    const value = await this.read.transaction().execute(async (db) => {
      for (const key of [...new Set(opts?.lock ?? [])].sort()) {
        await sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(db);
      }
      const tx: Tx = { db, append: (body, target) => this.append(db, rows, body, target) };
      return fn(tx);
    });
    if (rows.length > 0) for (const l of this.listeners) l(rows);
    return { value, events: rows.map((r) => r.event) };
  }

  private async append(db: Kysely<DB>, into: StreamRow[], body: Parameters<Tx['append']>[0], target: EventTarget) {
    const v = eventRow(body, target, this.keyring !== undefined);
    const row = await insertEvent(db, v.conversation_id, v.user_id, v.seq, v.type, v.payload, v.created_at);
    const r = row.rows[0]!;
    const event = { ...body, cursor: encodeCursor({ t: Number(r.txid), p: r.pos }) } as Event;
    into.push(streamRow(event, target));
    return event;
  }

  async readUserEvents(userId: string, after: CursorValue, limit: number): Promise<Event[]> {
    // Read-your-writes: an event that has committed but still waits behind an older running
    // transaction (possibly in another database of the cluster) is worth a short wait, so a
    // client that syncs right after its send is acknowledged sees it.
    for (let attempt = 0; ; attempt++) {
      const { stable, heldBack } = await this.readUserEventsOnce(userId, after, limit);
      if (!heldBack || stable.length >= limit || attempt >= HELD_BACK_RETRIES) return stable;
      await new Promise((r) => setTimeout(r, HELD_BACK_WAIT_MS));
    }
  }

  private async readUserEventsOnce(userId: string, after: CursorValue, limit: number) {
    const t = String(after.t);
    const rows = await sql<{ txid: string; pos: number; payload: string; xmin: string }>`
      SELECT x.txid::text AS txid, x.pos, x.payload, pg_snapshot_xmin(pg_current_snapshot())::text AS xmin FROM (
        SELECT e.txid, e.pos, e.payload FROM members m
          JOIN events e ON e.conversation_id = m.conversation_id AND e.seq >= m.joined_seq
           AND (e.txid, e.pos) > (${t}::xid8, ${after.p}::bigint)
          WHERE m.user_id = ${userId}
        UNION ALL
        SELECT e.txid, e.pos, e.payload FROM past_members pm
          JOIN events e ON e.conversation_id = pm.conversation_id AND e.seq >= pm.joined_seq
           AND e.seq <= pm.left_seq AND (e.txid, e.pos) > (${t}::xid8, ${after.p}::bigint)
          WHERE pm.user_id = ${userId}
        UNION ALL
        SELECT e.txid, e.pos, e.payload FROM events e
          WHERE e.user_id = ${userId} AND (e.txid, e.pos) > (${t}::xid8, ${after.p}::bigint)
      ) x
      ORDER BY x.txid, x.pos LIMIT ${limit}`.execute(this.read);
    const stable: Event[] = [];
    for (const r of rows.rows) {
      if (Number(r.txid) >= Number(r.xmin)) return { stable, heldBack: true };
      stable.push(rowToEvent(r.payload, { t: Number(r.txid), p: r.pos }));
    }
    return { stable, heldBack: false };
  }

  async readStream(after: CursorValue, limit: number): Promise<StreamRow[]> {
    const rows = await sql<{
      txid: string;
      pos: number;
      payload: string;
      conversation_id: string | null;
      user_id: string | null;
    }>`
      SELECT txid::text AS txid, pos, payload, conversation_id, user_id FROM events
      WHERE (txid, pos) > (${String(after.t)}::xid8, ${after.p}::bigint)
        AND txid < pg_snapshot_xmin(pg_current_snapshot())
      ORDER BY txid, pos LIMIT ${limit}`.execute(this.read);
    return rows.rows.map((r) => ({
      event: rowToEvent(r.payload, { t: Number(r.txid), p: r.pos }),
      conversationId: r.conversation_id,
      userId: r.user_id,
    }));
  }

  async head(): Promise<CursorValue> {
    const r = await sql<{ txid: string; pos: number }>`
      SELECT txid::text AS txid, pos FROM events
      WHERE txid < pg_snapshot_xmin(pg_current_snapshot())
      ORDER BY txid DESC, pos DESC LIMIT 1`.execute(this.read);
    const row = r.rows[0];
    return row ? { t: Number(row.txid), p: row.pos } : { t: 0, p: 0 };
  }

  async newestCommitted(): Promise<CursorValue> {
    const r = await sql<{ txid: string; pos: number }>`
      SELECT txid::text AS txid, pos FROM events ORDER BY txid DESC, pos DESC LIMIT 1`.execute(this.read);
    const row = r.rows[0];
    return row ? { t: Number(row.txid), p: row.pos } : { t: 0, p: 0 };
  }

  async ping(): Promise<void> {
    await sql`SELECT 1`.execute(this.read);
  }

  async close(): Promise<void> {
    await this.read.destroy();
  }
}
