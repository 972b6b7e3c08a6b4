// Migration 0023: the sweep of encrypted attachments that were uploaded but never sent
// (modules/secret-media/unsent-sweep.ts) runs on every node every EXPIRY_SWEEP_INTERVAL_MS and
// looks for blobs with no message (seq null) older than a cut-off: this index answers it without
// reading every blob.
import type { Kysely } from 'kysely';
import type { Dialect } from '../storage.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema.createIndex('mls_blobs_unsent').on('mls_blobs').columns(['seq', 'created_at']).execute();
}
