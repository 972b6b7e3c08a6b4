// The durable media job queue: enqueue inside an upload's transaction, run by a worker on every
// node, progress to the uploader's devices. See docs/media-processing.md.
export { enqueueMediaJob } from './queue.js';
export { startMediaWorker, type MediaWorker, type MediaWorkerOptions } from './worker.js';
export { MediaProgressRelay, publishMediaProgress, MEDIA_PROGRESS_SUBJECT } from './progress.js';
export type {
  JobCommit,
  MediaJob,
  MediaJobHandler,
  MediaJobKind,
  MediaJobPayload,
  MediaJobTools,
  NewMediaJob,
  ProgressStage,
} from './types.js';
