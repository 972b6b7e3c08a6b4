// A group's title, description, announcements-only mode and avatar: changed by admins and the
// owner, each change a conversation.updated event with its system message. The avatar lives in
// the database (small, sniffed images) until there is a media store.
import type { Conversation, ConversationField, UpdateConversationRequest } from '@anytime/protocol';
import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import { requireAvatarImage } from '../../http/avatar-image.js';
import type { AuthContext } from '../accounts/tokens.js';
import { loadConversation } from '../conversations/queries.js';
import { beginChange, finishChange } from './change.js';
import { requireGroupRole } from './roles.js';

export async function updateConversation(
  ctx: AppContext,
  auth: AuthContext,
  conversationId: string,
  input: UpdateConversationRequest,
): Promise<Conversation> {
  const { value } = await ctx.storage.write(
    async (tx) => {
      await requireGroupRole(tx.db, conversationId, auth.userId, 'admin');
      const row = await tx.db
        .selectFrom('conversations')
        .select(['title', 'description', 'announcements_only'])
        .where('id', '=', conversationId)
        .executeTakeFirstOrThrow();
      const description = input.description === undefined ? undefined : input.description || null;
      const announcements = input.announcementsOnly === undefined ? undefined : input.announcementsOnly ? 1 : 0;
      const fields: ConversationField[] = [];
      if (input.title !== undefined && input.title !== row.title) fields.push('title');
      if (description !== undefined && description !== row.description) fields.push('description');
      if (announcements !== undefined && announcements !== row.announcements_only) fields.push('announcementsOnly');
      if (fields.length === 0) return loadConversation(tx.db, conversationId);
      const change = await beginChange(tx, conversationId, auth, {
        action: 'conversation_updated',
        userIds: [],
        fields,
        title: fields.includes('title') ? input.title! : null,
        announcementsOnly: fields.includes('announcementsOnly') ? input.announcementsOnly! : null,
      });
      await tx.db
        .updateTable('conversations')
        .set({
          ...(fields.includes('title') ? { title: input.title! } : {}),
          ...(fields.includes('description') ? { description: description ?? null } : {}),
          ...(fields.includes('announcementsOnly') ? { announcements_only: announcements! } : {}),
        })
        .where('id', '=', conversationId)
        .execute();
      return finishChange(tx, conversationId, change, 'conversation.updated', {});
    },
    { lock: [`conv:${conversationId}`] },
  );
  return value;
}

/** Stores a new avatar (or removes it, bytes null). */
export async function setAvatar(
  ctx: AppContext,
  auth: AuthContext,
  conversationId: string,
  bytes: Buffer | null,
): Promise<Conversation> {
  const { value } = await ctx.storage.write(
    async (tx) => {
      await requireGroupRole(tx.db, conversationId, auth.userId, 'admin');
      const contentType = bytes ? requireAvatarImage(bytes).contentType : null;
      const existing = await tx.db
        .selectFrom('conversation_avatars')
        .select('data')
        .where('conversation_id', '=', conversationId)
        .executeTakeFirst();
      // Removing no avatar, or uploading the same bytes again (a retry), changes nothing.
      const same = bytes && existing ? Buffer.from(existing.data).equals(bytes) : !bytes && !existing;
      if (same) return loadConversation(tx.db, conversationId);
      const change = await beginChange(tx, conversationId, auth, {
        action: 'conversation_updated',
        userIds: [],
        fields: ['avatar'],
      });
      if (bytes && contentType) {
        const row = { conversation_id: conversationId, content_type: contentType, data: bytes, updated_at: change.at };
        if (existing) {
          await tx.db
            .updateTable('conversation_avatars')
            .set(row)
            .where('conversation_id', '=', conversationId)
            .execute();
        } else {
          await tx.db.insertInto('conversation_avatars').values(row).execute();
        }
      } else {
        await tx.db.deleteFrom('conversation_avatars').where('conversation_id', '=', conversationId).execute();
      }
      await tx.db
        .updateTable('conversations')
        // Positive while there is an avatar; it never repeats, so each avatar has its own URL.
        .set({ avatar_version: bytes ? sql<number>`abs(avatar_version) + 1` : sql<number>`-abs(avatar_version)` })
        .where('id', '=', conversationId)
        .execute();
      return finishChange(tx, conversationId, change, 'conversation.updated', {});
    },
    { lock: [`conv:${conversationId}`] },
  );
  return value;
}
