// processAudio: music and other non-voice audio. Kept as uploaded when browsers play it
// (MP3, AAC/M4A, Opus or Vorbis in Ogg/WebM, FLAC, WAV PCM); anything else becomes Ogg Opus
// at 96 kb/s. Duration and waveform either way.
import { join } from 'node:path';
import { withDefaults } from './limits.js';
import { probeMedia } from './probe.js';
import type { ProbeResult, ProcessedMedia, ProcessOptions } from './types.js';
import { decodeAudio } from './voice.js';

/** Whether current browsers play this container and codec without help. */
export function browserPlaysAudio(p: ProbeResult): boolean {
  const f = p.format;
  const c = p.audioCodec ?? '';
  if (p.hasVideo) return false;
  if (f === 'mp3' || c === 'mp3') return f === 'mp3';
  if (f === 'flac') return c === 'flac';
  if (f === 'wav') return c.startsWith('pcm_s16') || c === 'pcm_u8' || c === 'pcm_f32le';
  if (f === 'ogg' || f.includes('webm')) return c === 'opus' || c === 'vorbis';
  if (f.includes('mp4')) return c === 'aac' || c === 'mp3' || c === 'flac' || c === 'opus';
  return false;
}

export async function processAudio(input: string, workDir: string, opts: ProcessOptions = {}): Promise<ProcessedMedia> {
  const probe = await probeMedia(input, { signal: opts.signal, limits: withDefaults(opts.limits) });
  const keep = browserPlaysAudio(probe);
  const target = join(workDir, 'audio.ogg');
  const encode = keep ? null : { target, codecArgs: ['-c:a', 'libopus', '-b:a', '96k', '-ar', '48000', '-f', 'ogg'] };
  const { durationMs, waveform } = await decodeAudio(input, encode, opts, probe);
  return {
    width: null,
    height: null,
    durationMs,
    waveform,
    files: keep ? [] : [{ variant: 'playback', path: target, contentType: 'audio/ogg' }],
  };
}
