// Presence and last seen: what one user may know about another's online state. Never stored in
// the event log; asked for over HTTP, then pushed as `presence` frames for subscribed users.
import { z } from 'zod';
import { Id, Timestamp } from './common.js';

export const PRESENCE_QUERY_MAX = 200;

export const Presence = z
  .object({
    userId: Id,
    /** hidden: the caller may not know (privacy setting, a block, or no such user). */
    status: z.enum(['online', 'offline', 'hidden']),
    /** When the user's last device went offline; null while online or hidden. */
    lastSeenAt: Timestamp.nullable(),
  })
  .meta({ id: 'Presence' });
export type Presence = z.infer<typeof Presence>;

export const PresenceQueryRequest = z
  .strictObject({ userIds: z.array(Id).min(1).max(PRESENCE_QUERY_MAX) })
  .meta({ id: 'PresenceQueryRequest' });
export const PresenceListResponse = z.object({ presence: z.array(Presence) }).meta({ id: 'PresenceListResponse' });
