// Edit: only the sender, within EDIT_WINDOW_SECONDS of sending, never a deleted message. The
// replaced version goes to message_edits (listed by listMessageEdits) and mentions are
// rewritten; search follows the message.updated event (modules/search/indexer.ts).
import type { EditMessageRequest, Message, MessageEdit } from '@anytime/protocol';
import type { Kysely } from 'kysely';
import { nowIso, type AppContext } from '../../context.js';
import { ApiError } from '../../http/errors.js';
import type { DB } from '../../storage/schema.js';
import type { AuthContext } from '../accounts/tokens.js';
import { toMessage } from '../messages/queries.js';
import { checkEntities } from './entities.js';
import { rewriteMentions } from './mentions.js';
import { commitMessageChange, requireNotDeleted, requireVisibleMessage, withMessage } from './timeline.js';
import { assertMaySendTo } from '../safety/blocks.js';

/** Whether the sender's window for edit and delete for everyone is still open. */
export function withinEditWindow(ctx: AppContext, createdAt: string, now = Date.now()): boolean {
  return now - Date.parse(createdAt) <= ctx.config.EDIT_WINDOW_SECONDS * 1000;
}

export async function editMessage(
  ctx: AppContext,
  auth: AuthContext,
  messageId: string,
  input: EditMessageRequest,
): Promise<Message> {
  return withMessage(ctx, auth, messageId, async (tx, { row, role, conversationKind }) => {
    requireNotDeleted(row);
    if (row.sender_id !== auth.userId) throw new ApiError('forbidden', 'only the sender may edit a message');
    if (row.sealed)
      throw new ApiError('forbidden', 'a sealed message cannot be edited (its secret is not on the server)');
    await assertMaySendTo(tx.db, row.conversation_id, auth.userId);
    if (!withinEditWindow(ctx, row.created_at)) {
      throw new ApiError('edit_window_passed', 'this message can no longer be edited');
    }
    const entities = input.entities ?? [];
    await checkEntities(tx.db, row.conversation_id, input.text, entities, { role, conversationKind });
    const entitiesJson = JSON.stringify(entities);
    if (input.text === row.text && entitiesJson === row.entities) {
      return toMessage(row);
    }
    const now = nowIso();
    const message = await commitMessageChange(tx, row, { text: input.text, entities: entitiesJson, edited_at: now });
    await tx.db
      .insertInto('message_edits')
      .values({
        message_id: row.id,
        seq: message.updatedSeq,
        text: row.text,
        entities: row.entities,
        version_at: row.edited_at ?? row.created_at,
      })
      .execute();
    await rewriteMentions(tx.db, message);
    return message;
  });
}

/** Earlier versions, oldest first, for members who may see the message. */
export async function listEdits(db: Kysely<DB>, userId: string, messageId: string): Promise<MessageEdit[]> {
  await requireVisibleMessage(db, messageId, userId);
  const rows = await db
    .selectFrom('message_edits')
    .select(['text', 'entities', 'version_at'])
    .where('message_id', '=', messageId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    text: r.text,
    entities: JSON.parse(r.entities) as MessageEdit['entities'],
    at: r.version_at,
  }));
}
