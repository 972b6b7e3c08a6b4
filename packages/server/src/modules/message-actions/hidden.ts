// "Delete for me": a per-user mark that hides a message from that user's history on every
// device. The filter is shared by every read that lists messages to a user.
import type { ExpressionBuilder } from 'kysely';
import type { DB } from '../../storage/schema.js';

/** A where-clause for queries over `messages`: not hidden by this user. */
export function notHiddenFor(userId: string) {
  return ({ not, exists, selectFrom }: ExpressionBuilder<DB, 'messages'>) =>
    not(
      exists(
        selectFrom('message_hidden')
          .select('message_hidden.message_id')
          .whereRef('message_hidden.message_id', '=', 'messages.id')
          .where('message_hidden.user_id', '=', userId),
      ),
    );
}
