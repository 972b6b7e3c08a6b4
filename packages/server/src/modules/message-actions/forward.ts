// Forward: a message the caller can see, copied into another conversation of theirs as a new
// message (idempotent by clientId like any send), marked as forwarded with the original sender
// only (never the original conversation, as WhatsApp shows "Forwarded"). Text and media are
// copied (the send checks the forwarder may see the media and shares it in the target
// conversation); mentions and photo tags are not.
import type { ForwardMessageRequest } from '@anytime/protocol';
import type { AppContext } from '../../context.js';
import { ApiError } from '../../http/errors.js';
import type { AuthContext } from '../accounts/tokens.js';
import { repeatOf, sendMessage, type SendResult } from '../messages/actions.js';
import { findByClientId } from '../messages/queries.js';
import { requireNotDeleted, requireVisibleMessage } from './timeline.js';

export async function forwardMessage(
  ctx: AppContext,
  auth: AuthContext,
  messageId: string,
  input: ForwardMessageRequest,
): Promise<SendResult> {
  // A retried forward returns the original even if the source has since gone.
  const original = await findByClientId(ctx.storage.read, auth.userId, input.clientId);
  if (original) return repeatOf(original, input.conversationId);
  const { row } = await requireVisibleMessage(ctx.storage.read, messageId, auth.userId);
  requireNotDeleted(row);
  // Its secret is sealed to this conversation's devices: forwarding would carry an empty shell.
  if (row.sealed) throw new ApiError('forbidden', 'a sealed message cannot be forwarded');
  const source = row.forwarded ? (JSON.parse(row.forwarded) as { senderId: string }).senderId : row.sender_id;
  const mediaIds = JSON.parse(row.media_ids) as string[];
  return sendMessage(
    ctx,
    auth,
    input.conversationId,
    { clientId: input.clientId, text: row.text, ...(mediaIds.length > 0 ? { mediaIds } : {}) },
    { forwarded: { senderId: source } },
  );
}
