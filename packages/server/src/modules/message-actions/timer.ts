// The disappearing-messages timer of a conversation: any member of a direct chat, admins and
// owner of a group. Setting it takes the next seq and announces conversation.timer_set in the
// timeline; messages sent while it is on carry expiresAt (see send-extras.ts).
import type { Conversation } from '@anytime/protocol';
import { nowIso, type AppContext } from '../../context.js';
import { ApiError } from '../../http/errors.js';
import type { AuthContext } from '../accounts/tokens.js';
import { loadConversation } from '../conversations/queries.js';
import { memberContext } from './entities.js';
import { assertMaySendTo } from '../safety/blocks.js';

export async function setTimer(
  ctx: AppContext,
  auth: AuthContext,
  conversationId: string,
  seconds: number,
): Promise<Conversation> {
  const { value } = await ctx.storage.write(
    async (tx) => {
      const member = await memberContext(tx.db, conversationId, auth.userId);
      if (member.conversationKind === 'group' && member.role === 'member') {
        throw new ApiError('forbidden', 'only admins and the owner of a group may set the timer');
      }
      await assertMaySendTo(tx.db, conversationId, auth.userId);
      const next = seconds === 0 ? null : seconds;
      const current = await loadConversation(tx.db, conversationId);
      if (current.disappearAfterSeconds === next) return current;
      const r = await tx.db
        .updateTable('conversations')
        .set((eb) => ({ last_seq: eb('last_seq', '+', 1), disappear_after_seconds: next }))
        .where('id', '=', conversationId)
        .returning('last_seq')
        .executeTakeFirstOrThrow();
      await tx.append(
        {
          type: 'conversation.timer_set',
          at: nowIso(),
          conversationId,
          seq: r.last_seq,
          disappearAfterSeconds: next,
          setBy: auth.userId,
        },
        { conversationId, seq: r.last_seq },
      );
      return { ...current, lastSeq: r.last_seq, disappearAfterSeconds: next };
    },
    { lock: [`conv:${conversationId}`] },
  );
  return value;
}
