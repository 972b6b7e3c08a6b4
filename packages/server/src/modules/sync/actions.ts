// Sync: a page of the user's events after a cursor. The device's last acknowledged cursor is
// remembered so that a sync without a cursor resumes where the device left off.
import type { SyncResponse } from '@anytime/protocol';
import { nowIso, type AppContext } from '../../context.js';
import { decodeCursor, encodeCursor, START, type CursorValue } from '../../events/cursor.js';
import { ApiError } from '../../http/errors.js';
import type { AuthContext } from '../accounts/tokens.js';

export function parseCursor(s: string): CursorValue {
  const c = decodeCursor(s);
  if (!c) throw new ApiError('invalid_cursor', 'cursor is not valid');
  return c;
}

export async function rememberCursor(ctx: AppContext, auth: AuthContext, cursor: string): Promise<void> {
  await ctx.storage.write(async ({ db }) => {
    await db
      .updateTable('devices')
      .set({ sync_cursor: cursor, last_seen_at: nowIso() })
      .where('id', '=', auth.deviceId)
      .execute();
  });
}

export async function sync(
  ctx: AppContext,
  auth: AuthContext,
  cursor: string | undefined,
  limit: number,
): Promise<SyncResponse> {
  let after: CursorValue;
  if (cursor !== undefined) {
    after = parseCursor(cursor);
  } else {
    const d = await ctx.storage.read
      .selectFrom('devices')
      .select('sync_cursor')
      .where('id', '=', auth.deviceId)
      .executeTakeFirst();
    after = d?.sync_cursor ? (decodeCursor(d.sync_cursor) ?? START) : START;
  }
  const events = await ctx.storage.readUserEvents(auth.userId, after, limit + 1);
  const hasMore = events.length > limit;
  const page = hasMore ? events.slice(0, limit) : events;
  const next = page.at(-1)?.cursor ?? encodeCursor(after);
  if (cursor !== undefined) await rememberCursor(ctx, auth, cursor);
  return { events: page, cursor: next, hasMore };
}
