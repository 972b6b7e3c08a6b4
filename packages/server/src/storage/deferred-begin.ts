// BEGIN sent together with the statement after it (PostgreSQL). Every round trip to the database
// costs the node a socket write and a wake-up (on the send path, socket writes to PostgreSQL were
// about a third of the node's CPU: docs/benchmarks.md), and a write transaction's BEGIN carries
// nothing. A pool client wrapped here answers `begin` at once and sends it in front of the next
// query: as one simple-protocol message `begin; <text>` when that query has no parameters (the
// advisory locks of storage/postgres.ts), else `begin` first and the query once it succeeded.
// Either way no statement of the transaction reaches PostgreSQL before its BEGIN.
import type pg from 'pg';

/** What node-postgres answers for `begin`: no rows. */
const BEGUN = { command: 'BEGIN', rowCount: null, rows: [], fields: [] };

type Query = (config: unknown, values?: unknown, callback?: unknown) => unknown;

const RESET = Symbol('deferred-begin reset');

/**
 * Forgets a BEGIN that never went out: call when the client goes back to the pool (every
 * transaction ends with COMMIT or ROLLBACK, so this is a safety net; the next user of the
 * connection must not find its first query inside a transaction it did not begin).
 */
export function forgetDeferredBegin(client: pg.PoolClient): void {
  (client as { [RESET]?: () => void })[RESET]?.();
}

export function deferBegin(client: pg.PoolClient): void {
  const query = client.query.bind(client) as Query;
  let pending = false;
  (client as { [RESET]?: () => void })[RESET] = () => (pending = false);
  const deferred: Query = (config, values, callback) => {
    const plain = callback === undefined && (values === undefined || (Array.isArray(values) && values.length === 0));
    if (!pending && plain && typeof config === 'string' && config.toLowerCase() === 'begin') {
      pending = true;
      return Promise.resolve({ ...BEGUN });
    }
    if (!pending) return callback === undefined ? query(config, values) : query(config, values, callback);
    pending = false;
    if (plain && typeof config === 'string') {
      // Several statements in one message: node-postgres answers with one result per statement.
      return (query(`begin; ${config}`) as Promise<pg.QueryResult | pg.QueryResult[]>).then((r) =>
        Array.isArray(r) ? r[r.length - 1] : r,
      );
    }
    const begun = query('begin') as Promise<unknown>;
    if (callback !== undefined) {
      begun.then(
        () => query(config, values, callback),
        (err: unknown) => (callback as (e: unknown) => void)(err),
      );
      return undefined;
    }
    return begun.then(() => query(config, values));
  };
  client.query = deferred as typeof client.query;
}
