// The search indexer's stored position (search_indexer, one row): how far the log is indexed.
// Advancing it is part of every pass's transaction, wherever the pass runs (indexer.ts, or the
// SQLite index worker: index-worker.ts).
import type { Kysely } from 'kysely';
import type { CursorValue } from '../../events/cursor.js';
import type { DB } from '../../storage/schema.js';

export async function indexPosition(db: Kysely<DB>): Promise<CursorValue> {
  const r = await db.selectFrom('search_indexer').select(['txid', 'pos']).where('id', '=', 1).executeTakeFirstOrThrow();
  return { t: Number(r.txid), p: Number(r.pos) };
}

/**
 * Moves the position from `from` to `to`; false, changing nothing, when it is not at `from`
 * (another node, or a pass before a restart, indexed these events already).
 */
export async function advanceIndexPosition(db: Kysely<DB>, from: CursorValue, to: CursorValue): Promise<boolean> {
  const moved = await db
    .updateTable('search_indexer')
    .set({ txid: to.t, pos: to.p })
    .where('id', '=', 1)
    .where('txid', '=', from.t)
    .where('pos', '=', from.p)
    .executeTakeFirst();
  return Number(moved.numUpdatedRows) === 1;
}
