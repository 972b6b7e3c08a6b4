// Delete for everyone (a tombstone: text, entities, media, quote, reactions, pin and edit
// history cleared, deletedAt set; stored event payloads scrubbed) and delete for me (a per-user
// hidden mark, announced on the user's own stream so all their devices drop the message).
// Attachments: the media snapshot (with its photo tags) is cleared and the message no longer
// shares its media (message_media and photo_tags rows go: modules/message-media/attach.ts).
import type { Message } from '@anytime/protocol';
import { nowIso, type AppContext } from '../../context.js';
import { ApiError } from '../../http/errors.js';
import { isUniqueViolation } from '../../storage/storage.js';
import type { AuthContext } from '../accounts/tokens.js';
import { toMessage } from '../messages/queries.js';
import { dropMessageMedia } from '../message-media/attach.js';
import { withinEditWindow } from './edit.js';
import { clearQuotesOf } from './quotes.js';
import { commitMessageChange, requireVisibleMessage, scrubMessageEvents, withMessage } from './timeline.js';

export async function deleteForEveryone(ctx: AppContext, auth: AuthContext, messageId: string): Promise<Message> {
  return withMessage(ctx, auth, messageId, async (tx, { row, role, conversationKind }) => {
    if (row.deleted_at) return toMessage(row);
    const isSender = row.sender_id === auth.userId;
    const isGroupAdmin = conversationKind === 'group' && role !== 'member';
    if (!isGroupAdmin) {
      if (!isSender) throw new ApiError('forbidden', "only group admins may delete others' messages");
      if (!withinEditWindow(ctx, row.created_at)) {
        throw new ApiError('edit_window_passed', 'this message can no longer be deleted for everyone');
      }
    }
    await scrubMessageEvents(tx, row.conversation_id, [row]);
    await clearQuotesOf(tx, row.conversation_id, [row.id]);
    // A sealed message's envelopes go too (modules/sealed): nobody can open it any more.
    for (const table of ['message_edits', 'message_reactions', 'message_mentions', 'sealed_envelopes'] as const) {
      await tx.db.deleteFrom(table).where('message_id', '=', row.id).execute();
    }
    await dropMessageMedia(tx.db, [row.id]);
    const message = await commitMessageChange(tx, row, {
      text: '',
      entities: '[]',
      media_ids: '[]',
      media: '[]',
      quote: null,
      forwarded: null,
      reactions: '[]',
      pinned_by: null,
      pinned_at: null,
      deleted_at: nowIso(),
    });
    return message;
  });
}

/** Hides a message for the caller; idempotent (a repeat changes nothing and emits nothing). */
export async function hideMessage(ctx: AppContext, auth: AuthContext, messageId: string): Promise<void> {
  try {
    await ctx.storage.write(async (tx) => {
      const { row } = await requireVisibleMessage(tx.db, messageId, auth.userId);
      const already = await tx.db
        .selectFrom('message_hidden')
        .select('message_id')
        .where('user_id', '=', auth.userId)
        .where('message_id', '=', messageId)
        .executeTakeFirst();
      if (already) return;
      const at = nowIso();
      await tx.db
        .insertInto('message_hidden')
        .values({ user_id: auth.userId, message_id: messageId, conversation_id: row.conversation_id, at })
        .execute();
      // A hidden message is no longer among the user's saved ones.
      await tx.db
        .deleteFrom('message_stars')
        .where('user_id', '=', auth.userId)
        .where('message_id', '=', messageId)
        .execute();
      await tx.append(
        { type: 'message.hidden', at, conversationId: row.conversation_id, messageId },
        { userId: auth.userId },
      );
    });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e; // a concurrent hide of the same message won
  }
}
