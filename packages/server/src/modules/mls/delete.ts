// Delete for everyone in secret chats, as Signal does it: only the sender may, within
// EDIT_WINDOW_SECONDS (as in cloud chats). The server cannot read the message, so the deletion is a
// timeline change it can make alone: in one transaction under the conversation's lock the stored
// ciphertext is dropped and the entry becomes kind `deleted` at the conversation's next seq (same
// id, sender and clientId, no data), the stored mls.message event of the former seq loses its
// ciphertext too, and the encrypted attachments the message carried go with their bytes (unless
// other rows still name the same bytes). Devices online get mls.message with the deletion; devices
// that sync later meet it in the timeline; a device that never decrypted the message finds nothing.
import type { MlsMessage } from '@anytime/protocol';
import { nowIso, type AppContext } from '../../context.js';
import { ApiError } from '../../http/errors.js';
import type { Tx } from '../../storage/storage.js';
import type { AuthContext } from '../accounts/tokens.js';
import type { MediaService } from '../media/service.js';
import { withinEditWindow } from '../message-actions/edit.js';
import { releaseHashes } from '../media/service.js';
import { nextSeq } from '../message-actions/timeline.js';
import { toMlsMessage } from './rows.js';
import { requireSecretMember } from './secret-conversation.js';

const notFound = () => new ApiError('not_found', 'no such secret message');

/** Removes the blobs of a message; returns the hashes whose bytes nothing names any more. */
async function dropMessageBlobs(tx: Tx, messageId: string): Promise<string[]> {
  const blobs = await tx.db.selectFrom('mls_blobs').select('hash').where('message_id', '=', messageId).execute();
  if (blobs.length === 0) return [];
  await tx.db.deleteFrom('mls_blobs').where('message_id', '=', messageId).execute();
  return releaseHashes(
    tx,
    blobs.map((b) => b.hash),
  );
}

/** The stored mls.message event of the message's former seq, without its ciphertext. */
async function scrubStoredEvent(tx: Tx, conversationId: string, seq: number, deleted: MlsMessage): Promise<void> {
  const events = await tx.db
    .selectFrom('events')
    .select('pos')
    .where('conversation_id', '=', conversationId)
    .where('seq', '=', seq)
    .where('type', '=', 'mls.message')
    .execute();
  for (const e of events) {
    const payload = JSON.stringify({
      type: 'mls.message',
      at: deleted.createdAt,
      conversationId,
      seq,
      message: deleted,
    });
    await tx.db.updateTable('events').set({ payload }).where('pos', '=', e.pos).execute();
  }
}

/**
 * Deletes the caller's own secret message for everyone; returns the `deleted` entry (a repeat
 * returns the same entry and changes nothing).
 */
export async function deleteMlsMessage(
  ctx: AppContext,
  media: MediaService,
  auth: AuthContext,
  conversationId: string,
  messageId: string,
): Promise<MlsMessage> {
  await requireSecretMember(ctx.storage.read, conversationId, auth.userId);
  const { value } = await ctx.storage.write(
    async (tx) => {
      const row = await tx.db
        .selectFrom('mls_messages')
        .selectAll()
        .where('id', '=', messageId)
        .where('conversation_id', '=', conversationId)
        .executeTakeFirst();
      if (!row || row.kind === 'commit') throw notFound();
      if (row.sender_id !== auth.userId) {
        throw new ApiError('forbidden', 'only its sender may delete a secret message for everyone');
      }
      if (row.kind === 'deleted') return { message: toMlsMessage(row), orphans: [] };
      if (!withinEditWindow(ctx, row.created_at)) {
        throw new ApiError('edit_window_passed', 'this message can no longer be deleted for everyone');
      }
      const at = nowIso();
      const seq = await nextSeq(tx.db, conversationId);
      const changes = { seq, kind: 'deleted' as const, data: '', former_seq: row.seq };
      await tx.db.updateTable('mls_messages').set(changes).where('id', '=', row.id).execute();
      const message = toMlsMessage({ ...row, ...changes });
      await scrubStoredEvent(tx, conversationId, row.seq, message);
      const orphans = await dropMessageBlobs(tx, row.id);
      await tx.append({ type: 'mls.message', at, conversationId, seq, message }, { conversationId, seq });
      return { message, orphans };
    },
    { lock: [`conv:${conversationId}`] },
  );
  for (const hash of value.orphans) await media.dropBlob(hash);
  return value.message;
}
