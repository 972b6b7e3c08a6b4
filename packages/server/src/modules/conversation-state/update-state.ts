// PATCH /v1/conversations/:id/state: mute (until a future time or forever), archive, pin, draft.
// Rules: archiving unpins; pinning unarchives; at most LIMITS.pinnedMax pinned conversations;
// the write takes the conversation's lock so the state event sits in stream order with its
// messages (the unread count it carries is exact at that point).
import { LIMITS, type ConversationState, type UpdateConversationStateRequest } from '@anytime/protocol';
import { nowIso, type AppContext } from '../../context.js';
import { ApiError } from '../../http/errors.js';
import type { AuthContext } from '../accounts/tokens.js';
import { requireMember } from '../conversations/queries.js';
import { currentRow, saveState, type StateChange } from './write-state.js';

export async function updateConversationState(
  ctx: AppContext,
  auth: AuthContext,
  conversationId: string,
  input: UpdateConversationStateRequest,
): Promise<ConversationState> {
  const { value } = await ctx.storage.write(
    async (tx) => {
      await requireMember(tx.db, conversationId, auth.userId);
      const now = nowIso();
      const row = await currentRow(tx, auth.userId, conversationId, now);
      const change: StateChange = {};
      if (input.mutedUntil !== undefined) {
        if (input.mutedUntil !== null && input.mutedUntil !== 'forever') {
          const until = new Date(input.mutedUntil).toISOString();
          if (until <= now) throw new ApiError('invalid_mute', 'mutedUntil must be in the future');
          change.muted_until = until;
        } else {
          change.muted_until = input.mutedUntil;
        }
      }
      if (input.archived !== undefined) {
        change.archived = input.archived ? 1 : 0;
        if (input.archived) change.pinned_at = null;
      }
      if (input.pinned === false) change.pinned_at = null;
      if (input.pinned === true && row.pinned_at === null) {
        // Pins of conversations the user has left do not count.
        const pinned = await tx.db
          .selectFrom('conversation_states as s')
          .innerJoin('members as m', (j) =>
            j.onRef('m.conversation_id', '=', 's.conversation_id').onRef('m.user_id', '=', 's.user_id'),
          )
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .where('s.user_id', '=', auth.userId)
          .where('s.pinned_at', 'is not', null)
          .executeTakeFirstOrThrow();
        if (Number(pinned.n) >= LIMITS.pinnedMax) {
          throw new ApiError('too_many_pinned', `at most ${LIMITS.pinnedMax} conversations can be pinned`);
        }
        change.pinned_at = now;
        change.archived = 0;
      }
      if (input.draft !== undefined) {
        change.draft_text = input.draft?.text ?? null;
        change.draft_updated_at = input.draft ? now : null;
      }
      return saveState(tx, row, change, now);
    },
    { lock: [`conv:${conversationId}`] },
  );
  return value;
}
