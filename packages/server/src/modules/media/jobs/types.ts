// The media job queue's types: a job as the worker hands it to its handler, and the handler
// the media server supplies (it runs processing and writes the media row).
import type { FilterId, MediaProgressFrame } from '@anytime/protocol';
import { FilterId as FilterIdSchema } from '@anytime/protocol';
import { z } from 'zod';
import type { Tx } from '../../../storage/storage.js';

export const MediaJobKind = z.enum(['video', 'voice', 'audio']);
export type MediaJobKind = z.infer<typeof MediaJobKind>;

/** What the upload asked for besides the bytes (the job reads the media row for the rest). */
export const MediaJobPayload = z.strictObject({ filter: FilterIdSchema.optional() });
export type MediaJobPayload = { filter?: FilterId };

export interface NewMediaJob {
  mediaId: string;
  /** Whose devices get the progress frames. */
  uploaderId: string;
  kind: MediaJobKind;
  payload?: MediaJobPayload;
}

export interface MediaJob {
  id: string;
  mediaId: string;
  uploaderId: string;
  kind: MediaJobKind;
  payload: MediaJobPayload;
  /** 1 on the first run; counts runs whose lease ran out too. */
  attempt: number;
  createdAt: string;
}

export type ProgressStage = MediaProgressFrame['stage'];

export interface MediaJobTools {
  /** Sends a `media.progress` frame to the uploader's devices (throttled; 100 always goes). */
  reportProgress(stage: ProgressStage, percent: number): void;
  /** Aborted when the server closes or this worker lost the job's lease; pass it to ffmpeg. */
  signal: AbortSignal;
}

/** Writes a job's outcome in the transaction that removes the job from the queue. */
export type JobCommit = (tx: Tx) => Promise<void>;

export interface MediaJobHandler {
  /**
   * Does the slow part (ffmpeg) outside any transaction and returns what to write. The worker
   * runs the returned function in one transaction with the job's removal, and only while it
   * still holds the job, so a job taken over by another worker never writes twice. Throwing
   * fails the attempt: retried up to MEDIA_JOB_MAX_ATTEMPTS times, except errors with
   * `retryable === false` (InvalidMediaError), which fail the job at once.
   */
  run(job: MediaJob, tools: MediaJobTools): Promise<JobCommit | void>;
  /** The job failed for good: write that (media row failed, media.updated) in this transaction. */
  failed(tx: Tx, job: MediaJob, error: Error): Promise<void>;
}
