// What processing returns and accepts; the shapes agreed with the media server (helper A).
import type { MediaVariant } from '@anytime/protocol';
import type { ProcessingLimits } from './limits.js';

export type ProcessingStage = 'probing' | 'transcoding' | 'thumbnails';

export interface ProcessedFile {
  variant: MediaVariant;
  /** A file inside the workDir given to the processing function; the caller stores and removes it. */
  path: string;
  contentType: string;
}

export interface ProcessedMedia {
  width: number | null;
  height: number | null;
  durationMs: number;
  /** Peak levels 0..255 evenly spaced over the duration (voice and audio), else null. */
  waveform: number[] | null;
  /** Empty when the original plays as it is (non-voice audio a browser can play). */
  files: ProcessedFile[];
}

export interface ProcessOptions {
  /** Percent of the stage, 0..100; each stage ends with 100. */
  onProgress?: (stage: ProcessingStage, percent: number) => void;
  /** Kills ffmpeg; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  limits?: Partial<ProcessingLimits>;
}

/** Builds the -vf graph for frames of the playback size (e.g. the filters module's videoFilterGraph). */
export type FilterGraphFor = (size: { width: number; height: number }) => string | null;

export interface VideoOptions extends ProcessOptions {
  /**
   * An ffmpeg -vf chain (from the filters module). A string is applied at the source's display
   * size (as probeMedia reports it), before scaling; a function is called with the playback size
   * and its graph applied after scaling (cheaper for large sources; null means no filter).
   * A filter forces a re-encode.
   */
  filterGraph?: string | FilterGraphFor;
}

export interface ProbeResult {
  /** 0 when the container does not say (MediaRecorder's WebM); the decoders then tell. */
  durationMs: number;
  /** Display size (rotation applied). */
  width?: number;
  height?: number;
  hasVideo: boolean;
  hasAudio: boolean;
  videoCodec?: string;
  audioCodec?: string;
  /** ffprobe's format_name, e.g. 'mov,mp4,m4a,3gp,3g2,mj2' or 'matroska,webm'. */
  format: string;
  /** Internal details the normalizer uses. */
  pixelFormat?: string;
  rotation: number;
  majorBrand?: string;
}
