// Where ffmpeg lives and how far processing goes: defaults here, the server passes its config
// (MEDIA_MAX_DURATION_SECONDS, MEDIA_FFMPEG_THREADS, FFMPEG_PATH, FFPROBE_PATH).
import type { Config } from '../../../config.js';

export interface ProcessingLimits {
  ffmpegPath: string;
  ffprobePath: string;
  /** Longer video or audio is refused (invalid_media). */
  maxDurationMs: number;
  /** Video is scaled down so that its longer side is at most this (even dimensions). */
  maxLongSide: number;
  /** ffmpeg's -threads per run. */
  threads: number;
}

export const DEFAULT_LIMITS: ProcessingLimits = {
  ffmpegPath: '/usr/bin/ffmpeg',
  ffprobePath: '/usr/bin/ffprobe',
  maxDurationMs: 10 * 60_000,
  maxLongSide: 1280,
  threads: 2,
};

export function processingLimitsFrom(
  config: Pick<Config, 'FFMPEG_PATH' | 'FFPROBE_PATH' | 'MEDIA_MAX_DURATION_SECONDS' | 'MEDIA_FFMPEG_THREADS'>,
): ProcessingLimits {
  return {
    ...DEFAULT_LIMITS,
    ffmpegPath: config.FFMPEG_PATH,
    ffprobePath: config.FFPROBE_PATH,
    maxDurationMs: config.MEDIA_MAX_DURATION_SECONDS * 1000,
    threads: config.MEDIA_FFMPEG_THREADS,
  };
}

export function withDefaults(limits: Partial<ProcessingLimits> | undefined): ProcessingLimits {
  return { ...DEFAULT_LIMITS, ...limits };
}
