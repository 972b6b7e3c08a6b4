// BEGIN deferred to the next query, on a real PostgreSQL (always, whatever ANYTIME_TEST_DB says):
// a write's advisory locks travel with its BEGIN in one message and are held until the end of the
// transaction; a query with parameters right after BEGIN still runs inside the transaction; an
// error in the combined message or after it rolls everything back; a BEGIN that never went out
// is forgotten when the client goes back to the pool.
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createPostgresDatabase, type PostgresDatabase } from '../test-databases.js';
import { PostgresStorage } from './postgres.js';
import { deferBegin, forgetDeferredBegin } from './deferred-begin.js';

let db: PostgresDatabase;
let storage: PostgresStorage;

beforeAll(async () => {
  db = await createPostgresDatabase();
  storage = new PostgresStorage(db.url, undefined, 2);
  await sql`CREATE TABLE t (v int)`.execute(storage.read);
});

afterAll(async () => {
  await storage?.close();
  await db?.drop();
});

/** A client whose messages to the server are listed (the texts as node-postgres gets them). */
async function recordedClient() {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const sent: string[] = [];
  const query = client.query.bind(client) as (...a: unknown[]) => unknown;
  client.query = ((config: unknown, values?: unknown) => {
    sent.push(typeof config === 'string' ? config : String((config as { text: string }).text));
    return query(config, values);
  }) as typeof client.query;
  deferBegin(client as pg.PoolClient);
  return { client, sent };
}

it('sends BEGIN with the next query without parameters, as one message, inside one transaction', async () => {
  const { client, sent } = await recordedClient();
  try {
    expect((await client.query('begin')).command).toBe('BEGIN');
    expect(sent).toEqual([]);
    const r = await client.query("SELECT pg_advisory_xact_lock(hashtextextended('k', 0)), 7 AS seven");
    expect(r.rows[0].seven).toBe(7);
    expect(sent).toEqual(["begin; SELECT pg_advisory_xact_lock(hashtextextended('k', 0)), 7 AS seven"]);
    await client.query('INSERT INTO t VALUES ($1)', [1]);
    await client.query('rollback');
    expect((await client.query('SELECT count(*)::int AS n FROM t WHERE v = 1')).rows[0].n).toBe(0);
  } finally {
    await client.end();
  }
});

it('sends BEGIN first when the next query has parameters, and that query runs in the transaction', async () => {
  const { client, sent } = await recordedClient();
  try {
    await client.query('begin');
    await client.query('INSERT INTO t VALUES ($1)', [2]);
    expect(sent).toEqual(['begin', 'INSERT INTO t VALUES ($1)']);
    expect((await client.query('SELECT txid_current_if_assigned() IS NOT NULL AS intx')).rows[0].intx).toBe(true);
    await client.query('rollback');
    expect((await client.query('SELECT count(*)::int AS n FROM t WHERE v = 2')).rows[0].n).toBe(0);
  } finally {
    await client.end();
  }
});

it('forgets a BEGIN that never went out when the client goes back to the pool', async () => {
  const pool = new pg.Pool({ connectionString: db.url, max: 1 });
  pool.on('connect', (c) => deferBegin(c));
  pool.on('release', (_err, c) => forgetDeferredBegin(c));
  try {
    const first = await pool.connect();
    await first.query('begin');
    first.release();
    const again = await pool.connect();
    expect(again).toBe(first);
    // VACUUM refuses to run inside a transaction block.
    await expect(again.query('VACUUM t')).resolves.toBeTruthy();
    again.release();
  } finally {
    await pool.end();
  }
});

it("holds a write's advisory locks until it commits, and rolls back a failed write", async () => {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let locked!: () => void;
  const lockedNow = new Promise<void>((r) => (locked = r));
  const first = storage.write(
    async (tx) => {
      await sql`INSERT INTO t VALUES (3)`.execute(tx.db);
      locked();
      await held;
    },
    { lock: ['a', "it's b"] },
  );
  await lockedNow;
  const locks = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted
      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`.execute(storage.read);
  expect(locks.rows[0]!.n).toBe(2);
  release();
  await first;
  await expect(
    storage.write(
      async (tx) => {
        await sql`INSERT INTO t VALUES (4)`.execute(tx.db);
        await sql`SELECT 1/0`.execute(tx.db);
      },
      { lock: ['a'] },
    ),
  ).rejects.toThrow(/division by zero/);
  const rows = await sql<{ v: number }>`SELECT v FROM t WHERE v IN (3, 4) ORDER BY v`.execute(storage.read);
  expect(rows.rows).toEqual([{ v: 3 }]);
});
