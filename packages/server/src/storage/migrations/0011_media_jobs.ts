// Migration 0011: the durable media job queue (modules/media/jobs). A row per video, voice or
// audio item waiting for ffmpeg, or running under a lease (lease_owner, lease_until) that its
// worker renews; a row whose lease ran out is taken over by another worker. Done jobs are
// deleted; jobs that failed for good stay with state 'failed' and their last error.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('media_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('media_id', 'text', (c) => c.notNull())
    .addColumn('uploader_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('run_at', 'text', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('media_jobs_due').on('media_jobs').columns(['state', 'run_at']).execute();
  await db.schema.createIndex('media_jobs_lease').on('media_jobs').columns(['state', 'lease_until']).execute();
  await db.schema.createIndex('media_jobs_media').on('media_jobs').column('media_id').execute();
}
