// When a message is deleted for everyone or expires, the replies quoting it lose their quote
// snapshot too (replyToId stays, so clients show "deleted message"): the excerpt must not outlive
// the original, neither in the reply rows nor in their stored event payloads.
import type { Tx } from '../../storage/storage.js';
import { commitMessageChange, scrubMessageEvents } from './timeline.js';

export async function clearQuotesOf(tx: Tx, conversationId: string, goneIds: readonly string[]): Promise<void> {
  if (goneIds.length === 0) return;
  const replies = await tx.db
    .selectFrom('messages')
    .selectAll()
    .where('reply_to_id', 'in', goneIds)
    .where('conversation_id', '=', conversationId)
    .where('quote', 'is not', null)
    .where('id', 'not in', goneIds)
    .execute();
  if (replies.length === 0) return;
  await scrubMessageEvents(tx, conversationId, replies, (m) => ({ ...m, quote: null }));
  for (const r of replies) await commitMessageChange(tx, r, { quote: null });
}
