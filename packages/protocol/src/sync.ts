// GET /v1/sync: every event for the signed-in user after a cursor, in order, a page at a time.
import { z } from 'zod';
import { Cursor, QueryInt } from './common.js';
import { Event } from './events.js';
import { LIMITS } from './limits.js';

export const SyncQuery = z.strictObject({
  cursor: Cursor.optional().meta({
    description:
      "Resume after this cursor. Omitted: after this device's last acknowledged cursor, or from the beginning.",
  }),
  limit: QueryInt(1, LIMITS.pageMax).default(LIMITS.pageDefault),
});
export type SyncQuery = z.infer<typeof SyncQuery>;

export const SyncResponse = z
  .object({
    events: z.array(Event),
    /** Pass this as `cursor` next time; equals the last event's cursor, or the one sent if none. */
    cursor: Cursor,
    hasMore: z.boolean(),
  })
  .meta({ id: 'SyncResponse' });
export type SyncResponse = z.infer<typeof SyncResponse>;
