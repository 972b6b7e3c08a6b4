// A caller's view of a sealed message (protocol SealedStatus): the summary everyone sees, whether
// the caller opened it, whether the calling device still has an envelope, and the reveal log:
// all of it for the sender, only the caller's own openings for anyone else.
import type { SealedStatus, SealedSummary } from '@anytime/protocol';
import type { Kysely, Selectable } from 'kysely';
import { ApiError } from '../../http/errors.js';
import type { DB, MessagesTable } from '../../storage/schema.js';
import type { AuthContext } from '../accounts/tokens.js';
import { requireVisibleMessage } from '../message-actions/timeline.js';

/** The message, if the caller may see it and it is sealed; not_found otherwise. */
export async function requireSealedMessage(
  db: Kysely<DB>,
  messageId: string,
  userId: string,
): Promise<Selectable<MessagesTable> & { sealed: string }> {
  const { row } = await requireVisibleMessage(db, messageId, userId);
  if (!row.sealed) throw new ApiError('not_found', 'no such sealed message');
  return row as Selectable<MessagesTable> & { sealed: string };
}

export async function sealedStatus(
  db: Kysely<DB>,
  auth: AuthContext,
  row: Selectable<MessagesTable> & { sealed: string },
): Promise<SealedStatus> {
  const summary = JSON.parse(row.sealed) as SealedSummary;
  const isSender = row.sender_id === auth.userId;
  const reveals = await db
    .selectFrom('sealed_reveals')
    .select(['user_id', 'device_id', 'at'])
    .where('message_id', '=', row.id)
    .$if(!isSender, (q) => q.where('user_id', '=', auth.userId))
    .orderBy('at')
    .orderBy('device_id')
    .execute();
  const envelope = await db
    .selectFrom('sealed_envelopes')
    .select('device_id')
    .where('message_id', '=', row.id)
    .where('device_id', '=', auth.deviceId)
    .executeTakeFirst();
  let recipientUsers: number | null = null;
  let openedUsers: number | null = null;
  if (isSender) {
    const meta = await db
      .selectFrom('sealed_messages')
      .select('recipient_users')
      .where('message_id', '=', row.id)
      .executeTakeFirst();
    const recipients = meta ? (JSON.parse(meta.recipient_users) as string[]) : [];
    recipientUsers = recipients.length;
    openedUsers = new Set(reveals.map((r) => r.user_id).filter((u) => recipients.includes(u))).size;
  }
  return {
    messageId: row.id,
    conversationId: row.conversation_id,
    summary,
    openedByMe: reveals.some((r) => r.user_id === auth.userId),
    envelopeAvailable: envelope !== undefined,
    reveals: reveals.map((r) => ({ userId: r.user_id, deviceId: r.device_id, at: r.at })),
    recipientUsers,
    openedUsers,
  };
}
