// Migration 0024: mls_messages.urgent. A secret chat's client marks reactions and edits as not
// urgent (SendMlsMessageRequest.urgent = false, Signal's envelope flag): they are stored and
// synced like any message but never pushed. 1 (urgent) for every row written before, and for
// commits.
import type { Kysely } from 'kysely';
import type { Dialect } from '../storage.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .alterTable('mls_messages')
    .addColumn('urgent', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
}
