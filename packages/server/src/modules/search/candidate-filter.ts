// What both blind term stores' candidate queries require of a document (term-store.ts).
import { sql, type RawBuilder } from 'kysely';

/**
 * Both stores' candidate queries (document `d`): the user's membership of its conversation
 * (`members m`), from the seq they joined at, and not hidden from them ("delete for me").
 */
export const memberJoin = (userId: string): RawBuilder<unknown> =>
  sql`JOIN members m ON m.conversation_id = d.conversation_id AND m.user_id = ${userId}`;
export const visibleToMember = (userId: string): RawBuilder<unknown> =>
  sql`d.seq >= m.joined_seq
        AND NOT EXISTS (SELECT 1 FROM message_hidden h WHERE h.user_id = ${userId} AND h.message_id = d.message_id)`;
