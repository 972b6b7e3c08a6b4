// Keeps search in step with message changes: called inside the transaction of every edit,
// delete for everyone and expiry, so the SearchIndex updates or drops its entries in the same
// commit (a deleted or expired message is never found again, an edited one only by its new text).
import type { Message } from '@anytime/protocol';
import type { AppContext } from '../../context.js';
import type { Tx } from '../../storage/storage.js';
import { onMessageEdited, onMessagesDeleted } from '../search/search.js';

export type MessageContentChange =
  | { kind: 'edited'; message: Message }
  | { kind: 'deleted'; message: Message }
  | { kind: 'expired'; conversationId: string; messageIds: string[] };

export async function messageContentChanged(ctx: AppContext, tx: Tx, change: MessageContentChange): Promise<void> {
  switch (change.kind) {
    case 'edited':
      return onMessageEdited(ctx, tx.db, change.message.id, change.message.text);
    case 'deleted':
      return onMessagesDeleted(ctx, tx.db, [change.message.id]);
    case 'expired':
      return onMessagesDeleted(ctx, tx.db, change.messageIds);
  }
}
