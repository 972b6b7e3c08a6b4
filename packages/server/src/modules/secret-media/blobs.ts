// Encrypted attachments of secret chats (protocol secret-media.ts). The server keeps the
// ciphertext exactly as it came: it never sniffs, decodes, thumbnails or transcodes it (it could
// not: the key is inside the MLS message). A member uploads a blob to the chat; the MLS message
// that carries it names it (blobIds), which links it to that message's seq; from then on every
// member who was in the chat at that seq may fetch it. Until then, and for everyone else, it does
// not exist (404). Blobs count in the uploader's media quota like any upload.
import { rm } from 'node:fs/promises';
import type { SecretBlob } from '@anytime/protocol';
import type { Kysely, Selectable } from 'kysely';
import { nowIso, type AppContext } from '../../context.js';
import { ApiError } from '../../http/errors.js';
import { newId } from '../../ids.js';
import type { DB, MlsBlobsTable } from '../../storage/schema.js';
import type { Tx } from '../../storage/storage.js';
import type { AuthContext } from '../accounts/tokens.js';
import type { ReceivedFile } from '../media/receive.js';
import { releaseHashes, type MediaService } from '../media/service.js';
import { requireSecretMember } from '../mls/secret-conversation.js';

type BlobRow = Selectable<MlsBlobsTable>;

export const blobNotFound = () => new ApiError('not_found', 'no such encrypted attachment');

export function toSecretBlob(row: BlobRow): SecretBlob {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    uploaderId: row.uploader_id,
    size: Number(row.size),
    seq: row.seq,
    createdAt: row.created_at,
  };
}

/**
 * Stores an uploaded ciphertext as a blob of the chat (the caller checked that the uploader is a
 * member). The temp file is always gone afterwards.
 */
export async function storeSecretBlob(
  ctx: AppContext,
  media: MediaService,
  auth: AuthContext,
  conversationId: string,
  file: ReceivedFile,
): Promise<SecretBlob> {
  try {
    if (file.size === 0) throw new ApiError('invalid_media', 'the upload is empty');
    await media.checkQuota(auth.userId, file.size);
    const variants = await media.storeVariants([
      { variant: 'original', contentType: 'application/octet-stream', path: file.path },
    ]);
    const stored = variants.original!;
    const row: BlobRow = {
      id: newId(),
      conversation_id: conversationId,
      uploader_id: auth.userId,
      uploader_device_id: auth.deviceId,
      hash: stored.hash,
      size: stored.size,
      message_id: null,
      seq: null,
      created_at: nowIso(),
    };
    await media.insertRows(variants, (tx) => tx.db.insertInto('mls_blobs').values(row).execute());
    return toSecretBlob(row);
  } finally {
    await rm(file.path, { force: true });
  }
}

/** The blob if `userId` may read it: its uploader, or a member who was in the chat at its message's seq. */
export async function readableBlob(
  db: Kysely<DB>,
  userId: string,
  conversationId: string,
  blobId: string,
): Promise<BlobRow> {
  const { member } = await requireSecretMember(db, conversationId, userId);
  const row = await db
    .selectFrom('mls_blobs')
    .selectAll()
    .where('id', '=', blobId)
    .where('conversation_id', '=', conversationId)
    .executeTakeFirst();
  if (!row) throw blobNotFound();
  if (row.uploader_id === userId) return row;
  if (row.seq === null || row.seq < member.joined_seq) throw blobNotFound();
  return row;
}

/**
 * Links the blobs a sent MLS message names to it (in the send's transaction). Each must be the
 * sender's own, of this chat, and not sent with another message; else the send is refused.
 */
export async function linkBlobs(
  tx: Tx,
  auth: AuthContext,
  conversationId: string,
  blobIds: readonly string[],
  message: { id: string; seq: number },
): Promise<void> {
  const ids = [...new Set(blobIds)];
  const r = await tx.db
    .updateTable('mls_blobs')
    .set({ message_id: message.id, seq: message.seq })
    .where('id', 'in', ids)
    .where('conversation_id', '=', conversationId)
    .where('uploader_id', '=', auth.userId)
    .where('message_id', 'is', null)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== ids.length) {
    throw new ApiError(
      'media_not_found',
      'a blobId names no encrypted attachment of yours in this chat that is waiting to be sent',
    );
  }
}

/** Deletes a blob (its uploader only): the row, and the bytes once nothing else (blob or media) names them. */
export async function deleteSecretBlob(
  ctx: AppContext,
  media: MediaService,
  auth: AuthContext,
  conversationId: string,
  blobId: string,
): Promise<void> {
  const row = await readableBlob(ctx.storage.read, auth.userId, conversationId, blobId);
  if (row.uploader_id !== auth.userId) throw blobNotFound();
  const { value: orphans } = await ctx.storage.write(async (tx) => {
    await tx.db.deleteFrom('mls_blobs').where('id', '=', row.id).execute();
    return releaseHashes(tx, [row.hash]);
  });
  for (const hash of orphans) await media.dropBlob(hash);
}

/** Bytes of encrypted attachments a user uploaded (counted in their media quota). */
export async function secretBlobBytes(db: Kysely<DB>, userId: string): Promise<number> {
  const r = await db
    .selectFrom('mls_blobs')
    .select((eb) => eb.fn.sum<number | string | null>('size').as('total'))
    .where('uploader_id', '=', userId)
    .executeTakeFirst();
  return Number(r?.total ?? 0);
}
