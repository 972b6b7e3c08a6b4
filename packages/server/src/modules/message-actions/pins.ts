// Pins: a message pinned in its conversation (any member of a direct chat; admins and owner of a
// group). Pinning is a message change (message.updated carries `pin`), so the pins list is the
// conversation's messages with a pin.
import type { Message } from '@anytime/protocol';
import type { Kysely } from 'kysely';
import { nowIso, type AppContext } from '../../context.js';
import { ApiError } from '../../http/errors.js';
import type { DB } from '../../storage/schema.js';
import type { AuthContext } from '../accounts/tokens.js';
import { requireMember } from '../conversations/queries.js';
import { toMessage } from '../messages/queries.js';
import { notHiddenFor } from './hidden.js';
import { commitMessageChange, requireNotDeleted, withMessage } from './timeline.js';
import { assertMaySendTo } from '../safety/blocks.js';

export async function setPin(ctx: AppContext, auth: AuthContext, messageId: string, on: boolean): Promise<Message> {
  return withMessage(ctx, auth, messageId, async (tx, { row, role, conversationKind }) => {
    if (conversationKind === 'group' && role === 'member') {
      throw new ApiError('forbidden', 'only admins and the owner of a group may pin messages');
    }
    // A block in a direct chat stops every change the other person would see.
    await assertMaySendTo(tx.db, row.conversation_id, auth.userId);
    if (on) requireNotDeleted(row);
    if ((row.pinned_at !== null) === on) return toMessage(row);
    return commitMessageChange(
      tx,
      row,
      on ? { pinned_by: auth.userId, pinned_at: nowIso() } : { pinned_by: null, pinned_at: null },
    );
  });
}

export async function listPins(db: Kysely<DB>, userId: string, conversationId: string): Promise<Message[]> {
  const member = await requireMember(db, conversationId, userId);
  const rows = await db
    .selectFrom('messages')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .where('pinned_at', 'is not', null)
    .where('seq', '>=', member.joined_seq)
    .where(notHiddenFor(userId))
    .orderBy('pinned_at', 'desc')
    .orderBy('seq', 'desc')
    .execute();
  return rows.map(toMessage);
}
