// The queue's database operations. Every change goes through storage.write (SQLite's single
// writer; a transaction on PostgreSQL). A job is claimed by setting a lease token; every later
// step (heartbeat, commit, failure, release) only acts while the row still carries that token,
// so a worker whose lease ran out and was taken over can no longer change the job.
import { newId } from '../../../ids.js';
import type { Storage, Tx } from '../../../storage/storage.js';
import { jobsDb, type MediaJobsTable } from './table.js';
import { MediaJobKind, MediaJobPayload, type JobCommit, type MediaJob, type NewMediaJob } from './types.js';

const ERROR_MAX = 500;

/**
 * Queues a job inside the caller's write transaction: it exists (and runs) only if that
 * transaction commits. Returns the job's id.
 */
export async function enqueueMediaJob(tx: Tx, job: NewMediaJob): Promise<string> {
  const id = newId();
  const now = new Date().toISOString();
  await jobsDb(tx.db)
    .insertInto('media_jobs')
    .values({
      id,
      media_id: job.mediaId,
      uploader_id: job.uploaderId,
      kind: MediaJobKind.parse(job.kind),
      payload: JSON.stringify(MediaJobPayload.parse(job.payload ?? {})),
      state: 'queued',
      attempts: 0,
      run_at: now,
      lease_owner: null,
      lease_until: null,
      last_error: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

function toJob(row: MediaJobsTable, attempt: number): MediaJob {
  return {
    id: row.id,
    mediaId: row.media_id,
    uploaderId: row.uploader_id,
    kind: MediaJobKind.parse(row.kind),
    payload: MediaJobPayload.parse(JSON.parse(row.payload)),
    attempt,
    createdAt: row.created_at,
  };
}

const later = (ms: number) => new Date(Date.now() + ms).toISOString();

export interface ClaimOptions {
  token: string;
  leaseMs: number;
  maxAttempts: number;
  /** A job whose lease ran out on its last attempt fails for good, written in this transaction. */
  giveUp: (tx: Tx, job: MediaJob, error: Error) => Promise<void>;
}

/**
 * Takes the next due job under a new lease: a queued job whose time has come, or a running
 * job whose worker stopped renewing its lease (a crashed node). On PostgreSQL, nodes claiming
 * at once skip each other's locked rows (FOR UPDATE SKIP LOCKED); SQLite has one writer.
 * Returns null when nothing is due (a job given up on counts as progress: `gaveUp`).
 */
export async function claimNext(
  storage: Storage,
  opts: ClaimOptions,
): Promise<{ job: MediaJob } | { gaveUp: MediaJob } | null> {
  const { value } = await storage.write(async (tx) => {
    const db = jobsDb(tx.db);
    const now = new Date().toISOString();
    const row = await db
      .selectFrom('media_jobs')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb.and([eb('state', '=', 'queued'), eb('run_at', '<=', now)]),
          eb.and([eb('state', '=', 'running'), eb('lease_until', '<', now)]),
        ]),
      )
      .orderBy('run_at')
      .orderBy('id')
      .limit(1)
      .$if(storage.dialect === 'postgres', (q) => q.forUpdate().skipLocked())
      .executeTakeFirst();
    if (!row) return null;
    if (row.state === 'running' && row.attempts >= opts.maxAttempts) {
      const error = new Error(`processing stopped without finishing ${row.attempts} times`);
      await db
        .updateTable('media_jobs')
        .set({ state: 'failed', lease_owner: null, lease_until: null, last_error: error.message, updated_at: now })
        .where('id', '=', row.id)
        .execute();
      const job = toJob(row, row.attempts);
      await opts.giveUp(tx, job, error);
      return { gaveUp: job };
    }
    await db
      .updateTable('media_jobs')
      .set({
        state: 'running',
        attempts: row.attempts + 1,
        lease_owner: opts.token,
        lease_until: later(opts.leaseMs),
        updated_at: now,
      })
      .where('id', '=', row.id)
      .execute();
    return { job: toJob(row, row.attempts + 1) };
  });
  return value;
}

/** Extends the lease; false when the job is no longer this token's (taken over, or gone). */
export async function renewLease(storage: Storage, jobId: string, token: string, leaseMs: number): Promise<boolean> {
  const { value } = await storage.write(async (tx) => {
    const r = await jobsDb(tx.db)
      .updateTable('media_jobs')
      .set({ lease_until: later(leaseMs), updated_at: new Date().toISOString() })
      .where('id', '=', jobId)
      .where('lease_owner', '=', token)
      .where('state', '=', 'running')
      .executeTakeFirst();
    return r.numUpdatedRows > 0n;
  });
  return value;
}

/** Removes a finished job and writes its outcome in one transaction; false if the lease was lost. */
export async function completeJob(
  storage: Storage,
  jobId: string,
  token: string,
  commit: JobCommit | undefined,
): Promise<boolean> {
  const { value } = await storage.write(async (tx) => {
    const r = await jobsDb(tx.db)
      .deleteFrom('media_jobs')
      .where('id', '=', jobId)
      .where('lease_owner', '=', token)
      .where('state', '=', 'running')
      .executeTakeFirst();
    if (r.numDeletedRows === 0n) return false;
    await commit?.(tx);
    return true;
  });
  return value;
}

export interface FailOptions {
  token: string;
  maxAttempts: number;
  /** Delay before the retry of a job that has failed `attempt` times. */
  retryDelayMs: (attempt: number) => number;
  giveUp: (tx: Tx, job: MediaJob, error: Error) => Promise<void>;
}

/**
 * Records a failed attempt: back to the queue (later) while attempts are left and the error is
 * worth retrying, else failed for good with the handler's failure written in the same
 * transaction. Returns what happened ('lost' when the job is no longer this token's).
 */
export async function failAttempt(
  storage: Storage,
  job: MediaJob,
  error: Error,
  opts: FailOptions,
): Promise<'retry' | 'failed' | 'lost'> {
  const retryable = (error as { retryable?: unknown }).retryable !== false;
  const { value } = await storage.write(async (tx) => {
    const db = jobsDb(tx.db);
    const row = await db
      .selectFrom('media_jobs')
      .select(['attempts'])
      .where('id', '=', job.id)
      .where('lease_owner', '=', opts.token)
      .where('state', '=', 'running')
      .$if(storage.dialect === 'postgres', (q) => q.forUpdate())
      .executeTakeFirst();
    if (!row) return 'lost' as const;
    const now = new Date().toISOString();
    const lastError = error.message.slice(0, ERROR_MAX);
    if (retryable && row.attempts < opts.maxAttempts) {
      await db
        .updateTable('media_jobs')
        .set({
          state: 'queued',
          run_at: later(opts.retryDelayMs(row.attempts)),
          lease_owner: null,
          lease_until: null,
          last_error: lastError,
          updated_at: now,
        })
        .where('id', '=', job.id)
        .execute();
      return 'retry' as const;
    }
    await db
      .updateTable('media_jobs')
      .set({ state: 'failed', lease_owner: null, lease_until: null, last_error: lastError, updated_at: now })
      .where('id', '=', job.id)
      .execute();
    await opts.giveUp(tx, job, error);
    return 'failed' as const;
  });
  return value;
}

/** Puts a job back, not counting this attempt (the server is closing, the work was not at fault). */
export async function releaseJob(storage: Storage, jobId: string, token: string): Promise<void> {
  await storage.write(async (tx) => {
    const db = jobsDb(tx.db);
    await db
      .updateTable('media_jobs')
      .set((eb) => ({
        state: 'queued',
        attempts: eb('attempts', '-', 1),
        lease_owner: null,
        lease_until: null,
        updated_at: new Date().toISOString(),
      }))
      .where('id', '=', jobId)
      .where('lease_owner', '=', token)
      .where('state', '=', 'running')
      .execute();
  });
}
