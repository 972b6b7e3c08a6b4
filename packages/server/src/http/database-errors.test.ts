// A database that cannot be reached answers 503 `unavailable` (retryable), not 500 `internal`;
// other failures stay internal. Real pg errors: a refused connection and a terminated session.
import pg from 'pg';
import { expect, it } from 'vitest';
import { freePort } from '../free-port.js';
import { createPostgresDatabase } from '../testing.js';
import { toApiError } from './errors.js';

async function failure(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a failure');
}

it('maps a refused database connection to unavailable', async () => {
  const port = await freePort();
  const client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/x` });
  const err = toApiError(await failure(() => client.connect()));
  expect(err.code).toBe('unavailable');
  expect(err.status).toBe(503);
});

it('maps a session the server terminated to unavailable, and a SQL error to internal', async () => {
  const db = await createPostgresDatabase();
  const victim = new pg.Client({ connectionString: db.url });
  const admin = new pg.Client({ connectionString: db.url });
  await victim.connect();
  await admin.connect();
  victim.on('error', () => undefined);
  try {
    expect(toApiError(await failure(() => victim.query('SELECT * FROM no_such_table'))).code).toBe('internal');
    const { rows } = await victim.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const killed = failure(() => victim.query('SELECT pg_sleep(10)'));
    await new Promise((r) => setTimeout(r, 100));
    await admin.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
    expect(toApiError(await killed).code).toBe('unavailable');
  } finally {
    await victim.end().catch(() => undefined);
    await admin.end();
    await db.drop();
  }
});
