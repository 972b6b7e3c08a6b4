// The media worker: on every node, runs up to MEDIA_WORKERS jobs at once from the durable
// queue, off the request path. Each running job holds a lease it renews every third of
// MEDIA_JOB_LEASE_MS; losing it (the node stalled and another took over) aborts the job.
// stop() aborts running jobs (ffmpeg is killed) and puts them back for another node or the
// next start, without counting the attempt.
import type { AppContext } from '../../../context.js';
import { newId } from '../../../ids.js';
import { publishMediaProgress, throttledProgress } from './progress.js';
import { claimNext, completeJob, failAttempt, releaseJob, renewLease } from './queue.js';
import type { MediaJob, MediaJobHandler } from './types.js';

const PROGRESS_INTERVAL_MS = 250;

export interface MediaWorkerOptions {
  concurrency: number;
  leaseMs: number;
  maxAttempts: number;
  pollMs: number;
  /** Delay before retry number `attempt` (doubling from 2 s, at most a minute by default). */
  retryDelayMs: (attempt: number) => number;
}

export interface MediaWorker {
  /** Look for jobs now (after enqueueing on this node) instead of at the next poll. */
  wake(): void;
  /** Resolves once no job is running here and the last look found nothing due. */
  idle(): Promise<void>;
  /** Aborts running jobs, puts them back in the queue, and stops polling. */
  stop(): Promise<void>;
}

class ShutdownError extends Error {
  constructor() {
    super('the server is closing');
    this.name = 'AbortError';
  }
}

class LeaseLostError extends Error {
  constructor() {
    super('the job was taken over by another worker');
    this.name = 'AbortError';
  }
}

/** What the worker uses of the server's context. */
export type WorkerContext = Pick<AppContext, 'config' | 'log' | 'storage' | 'broker'>;

export function startMediaWorker(
  ctx: WorkerContext,
  handler: MediaJobHandler,
  options: Partial<MediaWorkerOptions> = {},
): MediaWorker {
  const opts: MediaWorkerOptions = {
    concurrency: ctx.config.MEDIA_WORKERS,
    leaseMs: ctx.config.MEDIA_JOB_LEASE_MS,
    maxAttempts: ctx.config.MEDIA_JOB_MAX_ATTEMPTS,
    pollMs: ctx.config.MEDIA_JOB_POLL_MS,
    retryDelayMs: (attempt) => Math.min(60_000, 2_000 * 2 ** (attempt - 1)),
    ...options,
  };
  const { storage, log } = ctx;
  const running = new Map<string, { abort: AbortController; done: Promise<void> }>();
  let claiming = false;
  let again = false;
  let foundNothing = false;
  let stopping = false;
  let idleWaiters: (() => void)[] = [];
  const giveUp = (tx: Parameters<MediaJobHandler['failed']>[0], job: MediaJob, error: Error) =>
    handler.failed(tx, job, error);

  const checkIdle = () => {
    if (running.size > 0 || claiming || !(foundNothing || stopping)) return;
    for (const w of idleWaiters.splice(0)) w();
  };

  const pump = (): void => {
    if (stopping) return;
    if (claiming) {
      again = true;
      return;
    }
    if (running.size >= opts.concurrency) return;
    claiming = true;
    again = false;
    const token = `${ctx.config.nodeId}:${newId()}`;
    void claimNext(storage, { token, leaseMs: opts.leaseMs, maxAttempts: opts.maxAttempts, giveUp })
      .then(
        (claimed) => {
          foundNothing = claimed === null;
          if (claimed && 'gaveUp' in claimed) {
            log.warn({ jobId: claimed.gaveUp.id, mediaId: claimed.gaveUp.mediaId }, 'media job given up');
          }
          if (claimed && 'job' in claimed) {
            if (!stopping) begin(claimed.job, token);
            else putBack(claimed.job, token);
          }
          if (claimed) again = true;
        },
        (err: unknown) => {
          foundNothing = true;
          log.error({ err }, 'claiming a media job failed');
        },
      )
      .finally(() => {
        claiming = false;
        if (again) pump();
        checkIdle();
      });
  };

  /** A job claimed while stopping goes straight back; stop() waits for that like for a job. */
  const putBack = (job: MediaJob, token: string): void => {
    const done = releaseJob(storage, job.id, token)
      .catch((err: unknown) => log.error({ err, jobId: job.id }, 'releasing a media job failed'))
      .finally(() => running.delete(job.id));
    running.set(job.id, { abort: new AbortController(), done });
  };

  const begin = (job: MediaJob, token: string): void => {
    const abort = new AbortController();
    const done = runJob(job, token, abort).finally(() => {
      running.delete(job.id);
      pump();
      checkIdle();
    });
    running.set(job.id, { abort, done });
  };

  const runJob = async (job: MediaJob, token: string, abort: AbortController): Promise<void> => {
    const beat = setInterval(() => {
      renewLease(storage, job.id, token, opts.leaseMs).then(
        (held) => {
          if (!held) abort.abort(new LeaseLostError());
        },
        (err: unknown) => log.warn({ err, jobId: job.id }, 'renewing a media job lease failed'),
      );
    }, opts.leaseMs / 3);
    beat.unref();
    const reportProgress = throttledProgress(
      (stage, percent) => publishMediaProgress(ctx.broker, job.uploaderId, { mediaId: job.mediaId, stage, percent }),
      PROGRESS_INTERVAL_MS,
    );
    try {
      const commit = await handler.run(job, { reportProgress, signal: abort.signal });
      if (abort.signal.aborted) throw abort.signal.reason;
      const held = await completeJob(storage, job.id, token, commit ?? undefined);
      if (!held) log.warn({ jobId: job.id }, 'media job finished after its lease was taken over; result dropped');
    } catch (e) {
      const reason: unknown = abort.signal.aborted ? abort.signal.reason : e;
      if (reason instanceof ShutdownError) {
        await releaseJob(storage, job.id, token).catch((err: unknown) =>
          log.error({ err, jobId: job.id }, 'releasing a media job failed'),
        );
      } else if (!(reason instanceof LeaseLostError)) {
        const error = e instanceof Error ? e : new Error(String(e));
        const outcome = await failAttempt(storage, job, error, {
          token,
          maxAttempts: opts.maxAttempts,
          retryDelayMs: opts.retryDelayMs,
          giveUp,
        }).catch((err: unknown) => {
          log.error({ err, jobId: job.id }, 'recording a media job failure failed');
          return 'error';
        });
        log.warn(
          { jobId: job.id, mediaId: job.mediaId, attempt: job.attempt, outcome, err: error },
          'media job failed',
        );
      }
    } finally {
      clearInterval(beat);
    }
  };

  const timer = setInterval(pump, opts.pollMs);
  timer.unref();
  if (opts.concurrency > 0) pump();

  return {
    wake: pump,
    idle() {
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        checkIdle();
      });
    },
    async stop() {
      if (stopping) return;
      stopping = true;
      clearInterval(timer);
      for (const { abort } of running.values()) abort.abort(new ShutdownError());
      // A claim in flight may still start a job; wait for it, then for every job to settle.
      while (claiming || running.size > 0) {
        await Promise.all([...running.values()].map((r) => r.done));
        if (claiming) await new Promise((r) => setTimeout(r, 5));
      }
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    },
  };
}
