// Migration 0025: mls_messages.former_seq. Deleting a secret message for everyone moves its entry
// to the conversation's next seq (kind `deleted`); former_seq keeps the seq it had, so every device
// can tell whether the deleted message was unread (after its read position) and take it out of
// its unread count, as the server's count does (conversation-state/queries.ts). Null for every
// other entry, and for deletions made before this migration.
import type { Kysely } from 'kysely';
import type { Dialect } from '../storage.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('mls_messages').addColumn('former_seq', 'integer').execute();
}
