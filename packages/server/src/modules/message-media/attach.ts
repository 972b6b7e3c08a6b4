// Media inside a send: checks the mediaIds (each one the sender may attach, ready, no repeats)
// and the photo tags given with them (photos of this message, members, one per person and
// photo, regions inside the photo), then builds the MessageMedia[] snapshot the message stores
// and carries. recordMessageMedia writes the message_media rows (the access check and the
// gallery read them) and the photo_tags rows in the send's transaction.
import {
  MediaVariant,
  type Message,
  type MessageMedia,
  type PhotoTag,
  type SendMessageRequest,
} from '@anytime/protocol';
import type { Kysely, Selectable } from 'kysely';
import { ApiError } from '../../http/errors.js';
import { newId } from '../../ids.js';
import type { DB, MediaTable } from '../../storage/schema.js';
import { requireMembers } from '../message-actions/entities.js';
import { visibleMediaIds } from '../media/access.js';
import { variantsOf } from '../media/rows.js';

type MediaRow = Selectable<MediaTable>;

/** What a message carries of a media item (tags added by the caller). */
export function toMessageMedia(r: MediaRow, tags: PhotoTag[] = []): MessageMedia {
  return {
    id: r.id,
    kind: r.kind as MessageMedia['kind'],
    contentType: r.content_type,
    size: Number(r.size),
    fileName: r.file_name,
    width: r.width,
    height: r.height,
    durationMs: r.duration_ms,
    placeholder: r.placeholder,
    waveform: r.waveform ? (JSON.parse(r.waveform) as number[]) : null,
    filter: r.filter as MessageMedia['filter'],
    // In the protocol's order, as Media lists them (modules/media/rows.ts).
    variants: MediaVariant.options.filter((v) => variantsOf(r)[v]),
    tags,
  };
}

/**
 * The media items of `ids` a user may attach: the ones they may see (modules/media/access.ts:
 * their uploads, and items shared in a conversation of theirs after they joined, which is how
 * forwarding works). A deleted or expired message shares nothing any more.
 */
export async function attachableMedia(db: Kysely<DB>, userId: string, ids: readonly string[]): Promise<MediaRow[]> {
  const visible = await visibleMediaIds(db, userId, [...ids]);
  if (visible.size === 0) return [];
  return db
    .selectFrom('media')
    .selectAll()
    .where('id', 'in', [...visible])
    .execute();
}

/** A region must lie inside the photo (the schema bounds each number; this bounds the sums). */
export function checkRegion(r: { x: number; y: number; w: number; h: number }): void {
  // A little slack for clients that compute x + w in floating point.
  if (r.x + r.w > 1 + 1e-9 || r.y + r.h > 1 + 1e-9) {
    throw new ApiError('invalid_tag', 'a tag region must lie inside the photo (x + w <= 1, y + h <= 1)');
  }
}

/**
 * Validates the media and tags of a send by `userId` into `conversationId` (a member, checked
 * before) and returns the snapshot, in mediaIds order. No media: no queries.
 */
export async function prepareMedia(
  db: Kysely<DB>,
  conversationId: string,
  userId: string,
  input: Pick<SendMessageRequest, 'mediaIds' | 'photoTags'>,
  now: string,
): Promise<MessageMedia[]> {
  const ids = input.mediaIds ?? [];
  const tags = input.photoTags ?? [];
  if (ids.length === 0) {
    if (tags.length > 0) throw new ApiError('invalid_tag', 'photoTags name media that this message does not carry');
    return [];
  }
  // At most mediaPerMessageMax ids: the send schema (SendMessageFields) refuses more.
  if (new Set(ids).size !== ids.length) throw new ApiError('invalid_request', 'mediaIds must not repeat');
  const rows = new Map((await attachableMedia(db, userId, ids)).map((r) => [r.id, r]));
  for (const id of ids) {
    const r = rows.get(id);
    if (!r) throw new ApiError('media_not_found', `no such media: ${id}`);
    if (r.status !== 'ready') {
      throw new ApiError('media_not_ready', `media ${id} is ${r.status === 'failed' ? 'failed' : 'still processing'}`);
    }
  }
  const byMedia = new Map<string, PhotoTag[]>();
  for (const t of tags) {
    if (rows.get(t.mediaId)?.kind !== 'image') {
      throw new ApiError('invalid_tag', `a tag names ${t.mediaId}, which is not a photo of this message`);
    }
    checkRegion(t);
    const list = byMedia.get(t.mediaId) ?? [];
    if (list.some((x) => x.userId === t.userId)) {
      throw new ApiError('invalid_tag', 'a person is tagged at most once per photo');
    }
    const { mediaId: _mediaId, ...region } = t;
    list.push({ id: newId(), ...region, taggedBy: userId, createdAt: now });
    byMedia.set(t.mediaId, list);
  }
  await requireMembers(
    db,
    conversationId,
    tags.map((t) => t.userId),
  );
  return ids.map((id) => toMessageMedia(rows.get(id)!, byMedia.get(id) ?? []));
}

/** The photo_tags row of a tag of a message's photo. */
export function tagRow(message: Pick<Message, 'id' | 'conversationId'>, mediaId: string, t: PhotoTag) {
  return {
    id: t.id,
    message_id: message.id,
    media_id: mediaId,
    conversation_id: message.conversationId,
    user_id: t.userId,
    tagged_by: t.taggedBy,
    x: t.x,
    y: t.y,
    w: t.w,
    h: t.h,
    created_at: t.createdAt,
  };
}

/** Writes the message_media and photo_tags rows of a new message (in the send's transaction). */
export async function recordMessageMedia(db: Kysely<DB>, message: Message): Promise<void> {
  if (message.media.length === 0) return;
  await db
    .insertInto('message_media')
    .values(
      message.media.map((m, position) => ({
        message_id: message.id,
        media_id: m.id,
        conversation_id: message.conversationId,
        seq: message.seq,
        kind: m.kind,
        position,
      })),
    )
    .execute();
  const tags = message.media.flatMap((m) => m.tags.map((t) => tagRow(message, m.id, t)));
  if (tags.length > 0) await db.insertInto('photo_tags').values(tags).execute();
}

/** Removes what a deleted or expired message shared: its message_media and photo_tags rows. */
export async function dropMessageMedia(db: Kysely<DB>, messageIds: readonly string[]): Promise<void> {
  if (messageIds.length === 0) return;
  await db
    .deleteFrom('photo_tags')
    .where('message_id', 'in', [...messageIds])
    .execute();
  await db
    .deleteFrom('message_media')
    .where('message_id', 'in', [...messageIds])
    .execute();
}
