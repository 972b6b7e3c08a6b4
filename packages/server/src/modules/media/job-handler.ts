// Runs the media jobs of the queue (helper B's worker) with B's ffmpeg processing: video (with
// the upload's filter as an ffmpeg graph from the filters module), voice notes and other audio.
// The slow part runs outside any transaction; the row update and media.updated are written in
// the transaction that removes the job, so a job taken over by another node never writes twice.
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { MediaKind } from '@anytime/protocol';
import type { AppContext } from '../../context.js';
import { videoFilterGraph } from './filters/index.js';
import type { MediaJobHandler } from './jobs/index.js';
import {
  processAudio,
  processingLimitsFrom,
  processVideo,
  processVoice,
  probeMedia,
  type ProcessedMedia,
} from './processing/index.js';
import { mediaRow, variantsOf } from './rows.js';
import type { MediaService } from './service.js';

export function mediaJobHandler(ctx: AppContext, media: MediaService): MediaJobHandler {
  const limits = processingLimitsFrom(ctx.config);
  return {
    async run(job, { reportProgress, signal }) {
      const row = await mediaRow(ctx.storage.read, job.mediaId);
      const source = row ? variantsOf(row).original?.hash : undefined;
      if (!row || row.status !== 'processing' || !source) return;
      const workDir = await mkdtemp(join(media.tempDir, 'job-'));
      try {
        // Blobs are encrypted at rest: the plaintext copy for ffmpeg lives in workDir, removed below.
        const input = await media.blobs.localPath(source, workDir);
        const opts = { onProgress: reportProgress, signal, limits };
        let result: ProcessedMedia;
        let kind: MediaKind = row.kind as MediaKind;
        if (job.kind === 'video') {
          const probe = await probeMedia(input, { signal, limits });
          if (!probe.hasVideo) {
            // A video container with sound only (e.g. a WebM recording): it is audio.
            kind = 'audio';
            result = await processAudio(input, workDir, opts);
          } else {
            // The filter's graph is made for the playback size (after scaling: cheaper for large sources).
            const filter = job.payload.filter;
            const filterGraph = filter
              ? (size: { width: number; height: number }) => videoFilterGraph(filter, size)
              : undefined;
            result = await processVideo(input, workDir, { ...opts, ...(filterGraph ? { filterGraph } : {}) });
          }
        } else if (job.kind === 'voice') {
          result = await processVoice(input, workDir, opts);
        } else {
          result = await processAudio(input, workDir, opts);
        }
        const update = await media.prepareProcessed(row, result, kind);
        return async (tx) => {
          const dropped = await media.commitProcessed(tx, row.id, update);
          if (dropped) media.dropBlobLater(dropped);
        };
      } finally {
        await rm(workDir, { recursive: true, force: true });
      }
    },
    async failed(tx, job, error) {
      const reason = (error as { code?: string }).code === 'invalid_media' ? error.message : 'processing failed';
      await media.commitProcessed(tx, job.mediaId, { status: 'failed', error: reason });
    },
  };
}
