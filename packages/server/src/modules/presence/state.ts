// Where presence lives: a `presence` row per (user, node) while that node holds a socket of the
// user, refreshed by the node; a user is online while any row is fresh. `last_seen` holds when
// the user's last socket closed. A node that died leaves rows that go stale; their last refresh
// then counts as the last-seen time.
import type { Kysely } from 'kysely';
import type { DB } from '../../storage/schema.js';
import type { PresenceState } from './visibility.js';

/** Rows not refreshed for this many refresh periods belong to a node that is gone. */
export const STALE_AFTER_PERIODS = 3;

export async function presenceStates(
  db: Kysely<DB>,
  userIds: string[],
  refreshMs: number,
): Promise<Map<string, PresenceState>> {
  const out = new Map<string, PresenceState>(
    userIds.map((id) => [id, { userId: id, online: false, lastSeenAt: null }]),
  );
  if (userIds.length === 0) return out;
  const freshSince = new Date(Date.now() - refreshMs * STALE_AFTER_PERIODS).toISOString();
  const [rows, seen] = await Promise.all([
    db.selectFrom('presence').select(['user_id', 'alive_at']).where('user_id', 'in', userIds).execute(),
    db.selectFrom('last_seen').select(['user_id', 'at']).where('user_id', 'in', userIds).execute(),
  ]);
  const later = (a: string | null, b: string) => (a === null || b > a ? b : a);
  for (const r of seen) out.get(r.user_id)!.lastSeenAt = r.at;
  for (const r of rows) {
    const s = out.get(r.user_id)!;
    if (r.alive_at >= freshSince) s.online = true;
    else s.lastSeenAt = later(s.lastSeenAt, r.alive_at);
  }
  for (const s of out.values()) if (s.online) s.lastSeenAt = null;
  return out;
}
