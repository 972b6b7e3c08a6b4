// Migration 0018: calls that fail honestly (modules/calls, docs/calls.md "Failed calls"). Each
// device in a call reports its media connection (call.update mediaState): call_participants keeps
// the latest report and when it changed; calls.media_connected_at is when any device first said
// 'connected'. The sweeper ends a call as 'failed' when media never connected within
// CALL_CONNECT_SECONDS of the answer, or every reporting device stayed failed past the grace.
import type { Kysely } from 'kysely';
import type { Dialect } from '../storage.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('calls').addColumn('media_connected_at', 'text').execute();
  await db.schema.alterTable('call_participants').addColumn('media_state', 'text').execute();
  await db.schema.alterTable('call_participants').addColumn('media_state_at', 'text').execute();
}
