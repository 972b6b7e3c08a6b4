// PostgreSQL backend (pg pool). Each write is its own transaction; writers of one stream are
// ordered by an advisory lock taken before the transaction writes anything, so the stream
// order (txid, pos) agrees with every conversation's seq order. Readers only see events whose
// transaction id is below the oldest running transaction (pg_snapshot_xmin), so a page never
// skips an event that commits later with a smaller position.
import pg from 'pg';
import { Kysely, PostgresDialect, sql, type QueryCreator } from 'kysely';
import type { Event } from '@anytime/protocol';
import type { DB } from './schema.js';
import type { Committed, EventTarget, RowInsert, Storage, StreamRow, Tx, WriteOptions } from './storage.js';
import type { Keyring } from '../modules/at-rest/keyring.js';
import { sealingDialect } from '../modules/at-rest/sealing-dialect.js';
import { reusableQuery, type ReusableQuery } from './reusable-query.js';
import { nameRepeatedStatements, StatementNames } from './prepared-statements.js';
import { deferBegin, forgetDeferredBegin } from './deferred-begin.js';
import { eventRow, rowToEvent, streamRow } from './event-rows.js';
import { encodeCursor, type CursorValue } from '../events/cursor.js';

const HELD_BACK_WAIT_MS = 5;
const HELD_BACK_RETRIES = 200;

// int8 (bigserial positions, counts) as JS numbers; positions stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

type EventValues = [
  conversationId: string | null,
  userId: string | null,
  seq: number | null,
  type: string,
  payload: unknown,
  createdAt: string,
];

/** The event insert, with its position and transaction id back. */
const eventInsert = (db: QueryCreator<DB>, v: unknown[]) =>
  db
    .insertInto('events')
    .values({
      conversation_id: v[0] as string | null,
      user_id: v[1] as string | null,
      seq: v[2] as number | null,
      type: v[3] as string,
      payload: v[4] as string,
      created_at: v[5] as string,
    })
    .returning(['pos', sql<string>`txid::text`.as('txid')]);

/** Appending to the event log (a reusable query, so that its payload is sealed at rest). */
const insertEvent = reusableQuery(6, (db: Kysely<DB>, ...v: EventValues) => eventInsert(db, v));

/** Per RowInsert: it and the event insert as one statement (Tx.appendAfter). */
const insertsBeforeEvent = new Map<RowInsert, ReusableQuery<unknown[], { pos: number; txid: string }>>();
function insertBeforeEvent(insert: RowInsert) {
  let q = insertsBeforeEvent.get(insert);
  if (!q) {
    q = reusableQuery(insert.arity + 6, (db: Kysely<DB>, ...a: unknown[]) =>
      eventInsert(
        db.with(
          'row',
          (qc) => insert.build(qc as unknown as QueryCreator<DB>, ...a.slice(0, insert.arity)) as never,
        ) as unknown as QueryCreator<DB>,
        a.slice(insert.arity),
      ),
    );
    insertsBeforeEvent.set(insert, q);
  }
  return q;
}

function lockStatement(key: string): string {
  return `SELECT pg_advisory_xact_lock(hashtextextended(${pg.escapeLiteral(key)}, 0))`;
}

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
      deferBegin(client);
    });
    this.pool.on('release', (_err, client) => forgetDeferredBegin(client));
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
      // The locks in sorted order, as statements without parameters: they travel with the
      // transaction's BEGIN in one message (deferred-begin.ts).
      const keys = [...new Set(opts?.lock ?? [])].sort();
      if (keys.length > 0) await sql.raw(keys.map(lockStatement).join('; ')).execute(db);
      const tx: Tx = {
        db,
        append: (body, target) => this.append(db, rows, body, target),
        appendAfter: (insert, args, body, target) => this.append(db, rows, body, target, insert, args),
      };
      return fn(tx);
    });
    if (rows.length > 0) for (const l of this.listeners) l(rows);
    return { value, events: rows.map((r) => r.event) };
  }

  private async append(
    db: Kysely<DB>,
    into: StreamRow[],
    body: Parameters<Tx['append']>[0],
    target: EventTarget,
    before?: RowInsert,
    args?: unknown[],
  ) {
    const r0 = eventRow(body, target, this.keyring !== undefined);
    const v: EventValues = [r0.conversation_id, r0.user_id, r0.seq, r0.type, r0.payload, r0.created_at];
    const row = before ? await insertBeforeEvent(before)(db, ...(args ?? []), ...v) : await insertEvent(db, ...v);
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
