// processVoice: a voice note as Ogg Opus (mono, 48 kHz, 32 kb/s, VoIP tuning) with its
// duration and waveform. One ffmpeg run decodes once and writes both the Opus file and 8 kHz
// PCM on stdout, from which the peaks are taken (so the duration is what actually decodes,
// even for MediaRecorder's WebM, which names none).
import { join } from 'node:path';
import { InvalidMediaError } from './errors.js';
import { INPUT_GUARD } from './input-guard.js';
import { withDefaults } from './limits.js';
import { probeMedia } from './probe.js';
import { percentTracker } from './progress.js';
import { runTool, ToolFailedError } from './run-tool.js';
import type { ProbeResult, ProcessedMedia, ProcessOptions } from './types.js';
import { PeakCollector, WAVEFORM_SAMPLE_RATE } from './waveform.js';

const BASE = ['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'error', '-y'];

export interface AudioEncode {
  target: string;
  /** Encoder arguments for the file output (after -map). */
  codecArgs: string[];
}

export const OPUS_VOICE: string[] = [
  '-ac',
  '1',
  '-ar',
  '48000',
  '-c:a',
  'libopus',
  '-b:a',
  '32k',
  '-application',
  'voip',
];

/**
 * Decodes the first audio stream once: writes `encode.target` when given, and returns the
 * waveform and the decoded duration (`probed`: the caller's probe of the input, if it has one). Refuses audio longer than the limit or that decodes to nothing.
 */
export async function decodeAudio(
  input: string,
  encode: AudioEncode | null,
  opts: ProcessOptions,
  probed?: ProbeResult,
): Promise<{ durationMs: number; waveform: number[] }> {
  const limits = withDefaults(opts.limits);
  const { signal, onProgress } = opts;
  onProgress?.('probing', 0);
  const probe = probed ?? (await probeMedia(input, { signal, limits }));
  if (!probe.hasAudio) throw new InvalidMediaError('no_stream', 'the file has no audio stream');
  if (probe.durationMs > limits.maxDurationMs) {
    throw new InvalidMediaError('too_long', `the audio is longer than ${limits.maxDurationMs / 1000} s`);
  }
  onProgress?.('probing', 100);
  onProgress?.('transcoding', 0);
  const peaks = new PeakCollector();
  const fileOut = encode ? ['-map', '0:a:0', ...encode.codecArgs, '-map_metadata', '-1', encode.target] : [];
  const pcmOut = ['-map', '0:a:0', '-ac', '1', '-ar', String(WAVEFORM_SAMPLE_RATE), '-f', 's16le', 'pipe:1'];
  const args = [
    ...BASE,
    ...INPUT_GUARD,
    '-i',
    input,
    '-t',
    String(limits.maxDurationMs / 1000 + 1),
    '-threads',
    String(limits.threads),
    '-progress',
    'pipe:3',
    '-stats_period',
    '0.25',
    ...fileOut,
    ...pcmOut,
  ];
  try {
    await runTool(limits.ffmpegPath, args, {
      signal,
      onStdout: (c) => peaks.push(c),
      onProgress: percentTracker('transcoding', probe.durationMs, onProgress),
    });
  } catch (e) {
    if (e instanceof ToolFailedError) throw new InvalidMediaError('corrupt', 'the audio could not be decoded');
    throw e;
  }
  const durationMs = peaks.durationMs;
  if (durationMs <= 0) throw new InvalidMediaError('corrupt', 'the audio decodes to nothing');
  if (durationMs > limits.maxDurationMs) {
    throw new InvalidMediaError('too_long', `the audio is longer than ${limits.maxDurationMs / 1000} s`);
  }
  return { durationMs, waveform: peaks.peaks() };
}

export async function processVoice(input: string, workDir: string, opts: ProcessOptions = {}): Promise<ProcessedMedia> {
  const target = join(workDir, 'voice.ogg');
  const { durationMs, waveform } = await decodeAudio(input, { target, codecArgs: [...OPUS_VOICE, '-f', 'ogg'] }, opts);
  return {
    width: null,
    height: null,
    durationMs,
    waveform,
    files: [{ variant: 'playback', path: target, contentType: 'audio/ogg' }],
  };
}
