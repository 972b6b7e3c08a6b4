// Video, voice and audio processing with ffmpeg (Debian's /usr/bin/ffmpeg and ffprobe, run as
// child processes). The media server calls these from its jobs; see docs/media-processing.md.
export { processVideo, isPlayableMp4, playbackSize } from './video.js';
export { processVoice } from './voice.js';
export { processAudio, browserPlaysAudio } from './audio.js';
export { probeMedia } from './probe.js';
export { InvalidMediaError, type InvalidMediaReason } from './errors.js';
export { DEFAULT_LIMITS, processingLimitsFrom, type ProcessingLimits } from './limits.js';
export { WAVEFORM_BUCKETS } from './waveform.js';
export type {
  FilterGraphFor,
  ProbeResult,
  ProcessedFile,
  ProcessedMedia,
  ProcessingStage,
  ProcessOptions,
  VideoOptions,
} from './types.js';
