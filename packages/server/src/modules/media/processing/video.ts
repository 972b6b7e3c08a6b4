// processVideo: a playback MP4 (H.264 yuv420p + AAC, faststart, even size, long side at most
// 1280 px) and a JPEG poster. A file that already is such an MP4 is only remuxed (faststart);
// anything else, or a filter graph, means a re-encode with x264's veryfast preset.
import { join } from 'node:path';
import { InvalidMediaError } from './errors.js';
import { INPUT_GUARD } from './input-guard.js';
import { withDefaults, type ProcessingLimits } from './limits.js';
import { probeMedia } from './probe.js';
import { percentTracker } from './progress.js';
import { runTool, ToolFailedError } from './run-tool.js';
import type { ProbeResult, ProcessedMedia, VideoOptions } from './types.js';

const BASE = ['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'error', '-y'];

/** Whether the file can be served as it is after a faststart remux. */
export function isPlayableMp4(p: ProbeResult, limits: ProcessingLimits): boolean {
  return (
    p.format.includes('mp4') &&
    p.majorBrand !== 'qt  ' &&
    p.videoCodec === 'h264' &&
    p.pixelFormat === 'yuv420p' &&
    (!p.hasAudio || p.audioCodec === 'aac') &&
    p.width !== undefined &&
    p.height !== undefined &&
    p.width % 2 === 0 &&
    p.height % 2 === 0 &&
    Math.max(p.width, p.height) <= limits.maxLongSide
  );
}

/** The playback size: the display size scaled to at most `maxLongSide`, rounded down to even. */
export function playbackSize(width: number, height: number, maxLongSide: number): { width: number; height: number } {
  const f = Math.min(1, maxLongSide / Math.max(width, height));
  const even = (v: number) => Math.max(2, Math.floor((v * f) / 2) * 2);
  return { width: even(width), height: even(height) };
}

function failed(e: unknown): never {
  if (e instanceof ToolFailedError) throw new InvalidMediaError('corrupt', 'the video could not be decoded');
  throw e;
}

export async function processVideo(input: string, workDir: string, opts: VideoOptions = {}): Promise<ProcessedMedia> {
  const limits = withDefaults(opts.limits);
  const { signal, onProgress } = opts;
  onProgress?.('probing', 0);
  const probe = await probeMedia(input, { signal, limits });
  if (!probe.hasVideo) throw new InvalidMediaError('no_stream', 'the file has no video stream');
  if (probe.durationMs > limits.maxDurationMs) {
    throw new InvalidMediaError('too_long', `the video is longer than ${limits.maxDurationMs / 1000} s`);
  }
  if (!probe.width || !probe.height) throw new InvalidMediaError('corrupt', 'the video stream has no size');
  onProgress?.('probing', 100);

  const size = playbackSize(probe.width, probe.height, limits.maxLongSide);
  const scale = [`scale=${size.width}:${size.height}`, 'setsar=1'];
  const { filterGraph } = opts;
  const graph = typeof filterGraph === 'function' ? filterGraph(size) : filterGraph || null;
  // A string runs before scaling (at the display size); a function's graph after it (at `size`).
  const vf = typeof filterGraph === 'function' ? [...scale, graph] : [graph, ...scale];
  const playback = join(workDir, 'playback.mp4');
  const remux = !graph && isPlayableMp4(probe, limits);
  const common = ['-threads', String(limits.threads), '-progress', 'pipe:3', '-stats_period', '0.25'];
  // Past the limit by a second means too long: ffmpeg stops there rather than encoding it all.
  const cap = ['-t', String(limits.maxDurationMs / 1000 + 1)];
  const args = remux
    ? [...BASE, ...INPUT_GUARD, '-i', input, ...cap, '-map', '0:v:0', '-map', '0:a:0?', '-c', 'copy']
    : [
        ...BASE,
        ...INPUT_GUARD,
        '-i',
        input,
        ...cap,
        '-map',
        '0:v:0',
        '-map',
        '0:a:0?',
        '-vf',
        [...vf, 'format=yuv420p'].filter(Boolean).join(','),
        '-c:v',
        'libx264',
        '-preset',
        'veryfast',
        '-crf',
        '23',
        '-profile:v',
        'high',
        '-c:a',
        'aac',
        '-b:a',
        '128k',
        '-ac',
        '2',
      ];
  onProgress?.('transcoding', 0);
  await runTool(limits.ffmpegPath, [...args, ...common, '-map_metadata', '-1', '-movflags', '+faststart', playback], {
    signal,
    onProgress: percentTracker('transcoding', probe.durationMs, onProgress),
  }).catch(failed);

  const out = await probeMedia(playback, { signal, limits }).catch(failed);
  if (!out.hasVideo || !out.width || !out.height || out.durationMs <= 0) {
    throw new InvalidMediaError('corrupt', 'the video has no decodable frames');
  }
  if (out.durationMs > limits.maxDurationMs) {
    throw new InvalidMediaError('too_long', `the video is longer than ${limits.maxDurationMs / 1000} s`);
  }

  onProgress?.('thumbnails', 0);
  const poster = join(workDir, 'poster.jpg');
  const at = out.durationMs >= 2_000 ? 1 : 0;
  await grabFrame(playback, poster, at, limits, signal).catch(failed);
  onProgress?.('thumbnails', 100);
  return {
    width: out.width,
    height: out.height,
    durationMs: out.durationMs,
    waveform: null,
    files: [
      { variant: 'playback', path: playback, contentType: 'video/mp4' },
      { variant: 'poster', path: poster, contentType: 'image/jpeg' },
    ],
  };
}

async function grabFrame(
  video: string,
  target: string,
  atSeconds: number,
  limits: ProcessingLimits,
  signal: AbortSignal | undefined,
): Promise<void> {
  await runTool(
    limits.ffmpegPath,
    [
      ...BASE,
      ...INPUT_GUARD,
      '-ss',
      String(atSeconds),
      '-i',
      video,
      '-frames:v',
      '1',
      '-q:v',
      '3',
      '-threads',
      String(limits.threads),
      '-update',
      '1',
      target,
    ],
    { signal },
  );
}
