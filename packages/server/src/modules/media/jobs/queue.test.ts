// The durable media job queue on a real database (SQLite, or PostgreSQL with
// ANYTIME_TEST_DB=postgres): transactional enqueue, restarts, leases that run out, two workers
// sharing a queue, retries up to the maximum and a clean stop.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { MemoryBroker } from '../../../broker/memory.js';
import { loadConfig, type Config } from '../../../config.js';
import { createLogger } from '../../../logger.js';
import { openStorage } from '../../../storage/open.js';
import type { Storage } from '../../../storage/storage.js';
import { createTestDatabase, testBackend, TEST_ENV, type TestDatabase } from '../../../testing.js';
import { InvalidMediaError } from '../processing/errors.js';
import { enqueueMediaJob } from './queue.js';
import { claimNext } from './queue.js';
import { jobsDb } from './table.js';
import type { MediaJob, MediaJobHandler } from './types.js';
import { startMediaWorker, type MediaWorker, type MediaWorkerOptions } from './worker.js';

let db: TestDatabase;
let config: Config;
const opened: Storage[] = [];
const workers: MediaWorker[] = [];

beforeEach(async () => {
  db = await createTestDatabase();
  config = loadConfig({ ...TEST_ENV, ...db.env });
});

afterEach(async () => {
  for (const w of workers.splice(0)) await w.stop();
  for (const s of opened.splice(0)) await s.close();
  await db.drop();
});

async function open(): Promise<Storage> {
  const s = await openStorage(config, () => undefined);
  opened.push(s);
  return s;
}

function worker(storage: Storage, handler: MediaJobHandler, opts: Partial<MediaWorkerOptions> = {}): MediaWorker {
  const ctx = { config, log: createLogger('silent'), storage, broker: new MemoryBroker() };
  const w = startMediaWorker(ctx, handler, { pollMs: 20, retryDelayMs: () => 0, ...opts });
  workers.push(w);
  return w;
}

/** A handler that records runs, commits and failures, doing `work` for each run. */
function recorder(work: (job: MediaJob, signal: AbortSignal) => Promise<void> = async () => undefined) {
  const runs: MediaJob[] = [];
  const committed: string[] = [];
  const failed: { job: MediaJob; error: Error }[] = [];
  const handler: MediaJobHandler = {
    async run(job, { signal }) {
      runs.push(job);
      await work(job, signal);
      return async (tx) => {
        // The job's removal is part of this same transaction.
        const left = await jobsDb(tx.db).selectFrom('media_jobs').select('id').where('id', '=', job.id).execute();
        expect(left).toEqual([]);
        committed.push(job.id);
      };
    },
    async failed(_tx, job, error) {
      failed.push({ job, error });
    },
  };
  return { handler, runs, committed, failed };
}

async function until(cond: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const enqueue = (s: Storage, mediaId: string) =>
  s.write((tx) => enqueueMediaJob(tx, { mediaId, uploaderId: 'u1', kind: 'video', payload: { filter: 'mono' } }));

const rows = (s: Storage) => jobsDb(s.read).selectFrom('media_jobs').selectAll().execute();

it(`runs a job once, with its payload, and removes it (${testBackend()})`, async () => {
  const s = await open();
  const { value: id } = await enqueue(s, 'm1');
  const r = recorder();
  const w = worker(s, r.handler);
  await until(() => r.committed.length === 1);
  await w.idle();
  expect(r.runs).toEqual([
    {
      id,
      mediaId: 'm1',
      uploaderId: 'u1',
      kind: 'video',
      payload: { filter: 'mono' },
      attempt: 1,
      createdAt: expect.any(String),
    },
  ]);
  expect(await rows(s)).toEqual([]);
});

it('never runs a job enqueued in a transaction that rolled back', async () => {
  const s = await open();
  await expect(
    s.write(async (tx) => {
      await enqueueMediaJob(tx, { mediaId: 'm1', uploaderId: 'u1', kind: 'voice' });
      throw new Error('the upload failed after all');
    }),
  ).rejects.toThrow('the upload failed after all');
  await enqueue(s, 'm2');
  const r = recorder();
  worker(s, r.handler);
  await until(() => r.committed.length === 1);
  await new Promise((res) => setTimeout(res, 100));
  expect(r.runs.map((j) => j.mediaId)).toEqual(['m2']);
  expect(await rows(s)).toEqual([]);
});

it('refuses a job of an unknown kind or payload', async () => {
  const s = await open();
  await expect(
    s.write((tx) => enqueueMediaJob(tx, { mediaId: 'm1', uploaderId: 'u1', kind: 'image' as 'video' })),
  ).rejects.toThrow();
  await expect(
    s.write((tx) =>
      enqueueMediaJob(tx, { mediaId: 'm1', uploaderId: 'u1', kind: 'video', payload: { filter: 'nope' as 'mono' } }),
    ),
  ).rejects.toThrow();
  expect(await rows(s)).toEqual([]);
});

it('keeps a job across a restart', async () => {
  const first = await open();
  await enqueue(first, 'm1');
  await first.close();
  opened.splice(opened.indexOf(first), 1);
  const second = await open();
  const r = recorder();
  worker(second, r.handler);
  await until(() => r.committed.length === 1);
  expect(r.runs.map((j) => [j.mediaId, j.attempt])).toEqual([['m1', 1]]);
});

it('retries a job whose worker stopped renewing its lease (a crashed node)', async () => {
  const s = await open();
  await enqueue(s, 'm1');
  // A node claims the job and dies: no heartbeat, no release.
  const claimed = await claimNext(s, {
    token: 'dead-node:1',
    leaseMs: 300,
    maxAttempts: 3,
    giveUp: async () => undefined,
  });
  expect(claimed && 'job' in claimed && claimed.job.attempt).toBe(1);
  const r = recorder();
  worker(s, r.handler);
  await new Promise((res) => setTimeout(res, 150));
  expect(r.runs).toEqual([]);
  await until(() => r.committed.length === 1);
  expect(r.runs.map((j) => j.attempt)).toEqual([2]);
});

it('fails a job for good when its lease runs out on the last attempt', async () => {
  const s = await open();
  await enqueue(s, 'm1');
  await claimNext(s, { token: 'dead-node:1', leaseMs: 50, maxAttempts: 1, giveUp: async () => undefined });
  const r = recorder();
  worker(s, r.handler, { maxAttempts: 1 });
  await until(() => r.failed.length === 1);
  expect(r.runs).toEqual([]);
  expect(r.failed[0]!.error.message).toMatch(/stopped without finishing 1 times/);
  expect((await rows(s)).map((j) => [j.state, j.attempts])).toEqual([['failed', 1]]);
});

it('never runs one job twice with two workers (two nodes on PostgreSQL) sharing the queue', async () => {
  const a = await open();
  const b = testBackend() === 'postgres' ? await open() : a;
  for (let i = 0; i < 16; i++) await enqueue(a, `m${i}`);
  const r = recorder(() => new Promise((res) => setTimeout(res, 5 + Math.random() * 30)));
  worker(a, r.handler, { concurrency: 2 });
  worker(b, r.handler, { concurrency: 2 });
  await until(() => r.committed.length === 16);
  await new Promise((res) => setTimeout(res, 100));
  expect(r.runs.length).toBe(16);
  expect(new Set(r.runs.map((j) => j.mediaId)).size).toBe(16);
  expect(new Set(r.committed).size).toBe(16);
  expect(await rows(a)).toEqual([]);
});

it('retries a failing job up to the maximum, then fails it with the last error', async () => {
  const s = await open();
  await enqueue(s, 'm1');
  const r = recorder(async (job) => {
    throw new Error(`ffmpeg broke on attempt ${job.attempt}`);
  });
  worker(s, r.handler, { maxAttempts: 3 });
  await until(() => r.failed.length === 1);
  await new Promise((res) => setTimeout(res, 100));
  expect(r.runs.map((j) => j.attempt)).toEqual([1, 2, 3]);
  expect(r.committed).toEqual([]);
  expect(r.failed.map((f) => f.error.message)).toEqual(['ffmpeg broke on attempt 3']);
  expect((await rows(s)).map((j) => [j.state, j.attempts, j.last_error])).toEqual([
    ['failed', 3, 'ffmpeg broke on attempt 3'],
  ]);
});

it('does not retry invalid media', async () => {
  const s = await open();
  await enqueue(s, 'm1');
  const r = recorder(async () => {
    throw new InvalidMediaError('corrupt', 'the video could not be decoded');
  });
  worker(s, r.handler, { maxAttempts: 3 });
  await until(() => r.failed.length === 1);
  expect(r.runs.length).toBe(1);
  expect(r.failed[0]!.error).toBeInstanceOf(InvalidMediaError);
});

it('backs off before a retry', async () => {
  const s = await open();
  await enqueue(s, 'm1');
  const r = recorder(async () => {
    throw new Error('disk full');
  });
  worker(s, r.handler, { maxAttempts: 2, retryDelayMs: () => 60_000 });
  await until(() => r.runs.length === 1);
  await new Promise((res) => setTimeout(res, 200));
  expect(r.runs.length).toBe(1);
  const [row] = await rows(s);
  expect([row!.state, row!.attempts, row!.last_error]).toEqual(['queued', 1, 'disk full']);
  expect(Date.parse(row!.run_at)).toBeGreaterThan(Date.now() + 50_000);
});

it('on stop, aborts the running job and puts it back without counting the attempt', async () => {
  const s = await open();
  await enqueue(s, 'm1');
  let reason: unknown;
  const r = recorder(
    (_job, signal) =>
      new Promise((_res, rej) =>
        signal.addEventListener('abort', () => {
          reason = signal.reason;
          rej(signal.reason as Error);
        }),
      ),
  );
  const w = worker(s, r.handler, { leaseMs: 60_000 });
  await until(() => r.runs.length === 1);
  await w.stop();
  expect((reason as Error).message).toBe('the server is closing');
  expect((await rows(s)).map((j) => [j.state, j.attempts, j.lease_owner])).toEqual([['queued', 0, null]]);
  const next = recorder();
  worker(s, next.handler);
  await until(() => next.committed.length === 1);
  expect(next.runs.map((j) => j.attempt)).toEqual([1]);
});

it('keeps a long job alive with heartbeats, so no other worker takes it', async () => {
  const a = await open();
  const b = testBackend() === 'postgres' ? await open() : a;
  await enqueue(a, 'm1');
  const r = recorder(() => new Promise((res) => setTimeout(res, 1_200)));
  worker(a, r.handler, { leaseMs: 300 });
  await until(() => r.runs.length === 1);
  worker(b, r.handler, { leaseMs: 300 });
  await until(() => r.committed.length === 1);
  expect(r.runs.length).toBe(1);
});

it('aborts a job whose lease was taken over, and drops its result', async () => {
  const s = await open();
  await enqueue(s, 'm1');
  let reason: unknown;
  let finish!: () => void;
  const r = recorder(
    (_job, signal) =>
      new Promise<void>((res) => {
        finish = res;
        signal.addEventListener('abort', () => (reason = signal.reason));
      }),
  );
  worker(s, r.handler, { leaseMs: 300 });
  await until(() => r.runs.length === 1);
  // Another node took the job over (this one stalled past its lease).
  await s.write((tx) =>
    jobsDb(tx.db).updateTable('media_jobs').set({ lease_owner: 'other-node:1' }).where('media_id', '=', 'm1').execute(),
  );
  await until(() => reason !== undefined);
  expect((reason as Error).message).toBe('the job was taken over by another worker');
  finish();
  await new Promise((res) => setTimeout(res, 100));
  expect(r.committed).toEqual([]);
  expect(r.failed).toEqual([]);
  expect((await rows(s)).map((j) => [j.state, j.lease_owner])).toEqual([['running', 'other-node:1']]);
});
