// Photo tags after the send: the sender tags a member in a photo of their message; the sender or
// the person tagged removes a tag. Each change is a timeline change like an edit (next seq,
// message.updated with the new snapshot), rewrites the message's mentions (a tag is a mention:
// listed, counted unread, pushed even when muted) and keeps photo_tags in step with the snapshot.
import { LIMITS, type AddPhotoTagRequest, type Message, type MessageMedia, type PhotoTag } from '@anytime/protocol';
import { nowIso, type AppContext } from '../../context.js';
import { ApiError } from '../../http/errors.js';
import { newId } from '../../ids.js';
import type { AuthContext } from '../accounts/tokens.js';
import { requireMembers } from '../message-actions/entities.js';
import { rewriteMentions } from '../message-actions/mentions.js';
import { commitMessageChange, requireNotDeleted, withMessage } from '../message-actions/timeline.js';
import { toMessage } from '../messages/queries.js';
import { assertMaySendTo } from '../safety/blocks.js';
import { checkRegion, tagRow } from './attach.js';

function withTags(media: MessageMedia[], mediaId: string, change: (tags: PhotoTag[]) => PhotoTag[]): string {
  return JSON.stringify(media.map((m) => (m.id === mediaId ? { ...m, tags: change(m.tags) } : m)));
}

export async function addPhotoTag(
  ctx: AppContext,
  auth: AuthContext,
  messageId: string,
  input: AddPhotoTagRequest,
): Promise<Message> {
  return withMessage(ctx, auth, messageId, async (tx, { row }) => {
    requireNotDeleted(row);
    if (row.sender_id !== auth.userId) throw new ApiError('forbidden', 'only the sender may tag people in a photo');
    // A blocked direct chat takes no new tags (removing one is still allowed).
    await assertMaySendTo(tx.db, row.conversation_id, auth.userId);
    const current = toMessage(row);
    const photo = current.media.find((m) => m.id === input.mediaId);
    if (photo?.kind !== 'image') {
      throw new ApiError('invalid_tag', `${input.mediaId} is not a photo of this message`);
    }
    checkRegion(input);
    if (photo.tags.some((t) => t.userId === input.userId)) {
      throw new ApiError('invalid_tag', 'this person is already tagged in this photo');
    }
    if (photo.tags.length >= LIMITS.photoTagsMax) {
      throw new ApiError('invalid_tag', `at most ${LIMITS.photoTagsMax} people per photo`);
    }
    await requireMembers(tx.db, row.conversation_id, [input.userId]);
    const at = nowIso();
    const { mediaId, ...region } = input;
    const tag: PhotoTag = { id: newId(), ...region, taggedBy: auth.userId, createdAt: at };
    await tx.db
      .insertInto('photo_tags')
      .values(tagRow(current, mediaId, tag))
      .execute();
    // Stamped with the tag's own time: the push notifier tells newly tagged people by it.
    const message = await commitMessageChange(
      tx,
      row,
      { media: withTags(current.media, mediaId, (tags) => [...tags, tag]) },
      at,
    );
    await rewriteMentions(tx.db, message);
    return message;
  });
}

export async function removePhotoTag(
  ctx: AppContext,
  auth: AuthContext,
  messageId: string,
  tagId: string,
): Promise<Message> {
  return withMessage(ctx, auth, messageId, async (tx, { row }) => {
    requireNotDeleted(row);
    const tag = await tx.db
      .selectFrom('photo_tags')
      .select(['media_id', 'user_id'])
      .where('id', '=', tagId)
      .where('message_id', '=', messageId)
      .executeTakeFirst();
    if (!tag) throw new ApiError('not_found', 'no such tag on this message');
    if (auth.userId !== row.sender_id && auth.userId !== tag.user_id) {
      throw new ApiError('forbidden', 'only the sender or the person tagged may remove a tag');
    }
    await tx.db.deleteFrom('photo_tags').where('id', '=', tagId).execute();
    const current = toMessage(row);
    const media = withTags(current.media, tag.media_id, (tags) => tags.filter((t) => t.id !== tagId));
    const message = await commitMessageChange(tx, row, { media });
    await rewriteMentions(tx.db, message);
    return message;
  });
}
