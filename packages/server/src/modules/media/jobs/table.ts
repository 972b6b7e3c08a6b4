// The media_jobs table (migration 0011) as Kysely sees it. The table is this module's own, so
// its type lives here and is added to a connection with withTables instead of the shared schema.
import type { Kysely } from 'kysely';
import type { DB } from '../../../storage/schema.js';

export type MediaJobState = 'queued' | 'running' | 'failed';

export interface MediaJobsTable {
  id: string;
  media_id: string;
  uploader_id: string;
  kind: string;
  /** JSON MediaJobPayload */
  payload: string;
  state: MediaJobState;
  attempts: number;
  /** ISO time from which a queued job may run (retries back off). */
  run_at: string;
  lease_owner: string | null;
  lease_until: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export type JobsDb = Kysely<DB & { media_jobs: MediaJobsTable }>;

export const jobsDb = (db: Kysely<DB>): JobsDb => db.withTables<{ media_jobs: MediaJobsTable }>();
