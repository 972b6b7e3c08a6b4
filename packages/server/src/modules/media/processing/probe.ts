// probeMedia: what a file holds, from ffprobe's JSON. A file ffprobe cannot read, or with no
// audio or video stream, is refused as invalid media.
import { z } from 'zod';
import { InvalidMediaError } from './errors.js';
import { INPUT_GUARD } from './input-guard.js';
import { withDefaults, type ProcessingLimits } from './limits.js';
import { runTool, ToolFailedError } from './run-tool.js';
import type { ProbeResult } from './types.js';

const num = z.union([z.string(), z.number()]).optional();

const Stream = z.looseObject({
  codec_type: z.string().optional(),
  codec_name: z.string().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  pix_fmt: z.string().optional(),
  duration: num,
  disposition: z.looseObject({ attached_pic: z.number().optional() }).optional(),
  tags: z.record(z.string(), z.string()).optional(),
  side_data_list: z.array(z.looseObject({ rotation: z.number().optional() })).optional(),
});

const ProbeJson = z.looseObject({
  streams: z.array(Stream).default([]),
  format: z
    .looseObject({
      format_name: z.string().optional(),
      duration: num,
      tags: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
});

function seconds(v: string | number | undefined): number {
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) && n > 0 ? n : 0;
}

function rotationOf(s: z.infer<typeof Stream>): number {
  const fromSide = s.side_data_list?.find((d) => d.rotation !== undefined)?.rotation;
  const r = fromSide ?? Number(s.tags?.['rotate'] ?? 0);
  return Number.isFinite(r) ? ((Math.round(r) % 360) + 360) % 360 : 0;
}

export async function probeMedia(
  input: string,
  opts: { signal?: AbortSignal; limits?: Partial<ProcessingLimits> } = {},
): Promise<ProbeResult> {
  const limits = withDefaults(opts.limits);
  let stdout: Buffer;
  try {
    ({ stdout } = await runTool(
      limits.ffprobePath,
      ['-v', 'error', ...INPUT_GUARD, '-print_format', 'json', '-show_format', '-show_streams', '--', input],
      { signal: opts.signal },
    ));
  } catch (e) {
    if (e instanceof ToolFailedError) throw new InvalidMediaError('unreadable', 'the file is not readable media');
    throw e;
  }
  const parsed = ProbeJson.safeParse(JSON.parse(stdout.toString('utf8') || '{}'));
  if (!parsed.success) throw new InvalidMediaError('unreadable', 'the file is not readable media');
  const { streams, format } = parsed.data;
  // Cover art in audio files is a "video" stream of one picture: not video.
  const video = streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  const audio = streams.find((s) => s.codec_type === 'audio');
  if (!video && !audio) throw new InvalidMediaError('no_stream', 'the file has no audio or video stream');
  const durationS = seconds(format?.duration) || seconds(video?.duration) || seconds(audio?.duration);
  const rotation = video ? rotationOf(video) : 0;
  const quarter = rotation % 180 === 90;
  const result: ProbeResult = {
    durationMs: Math.round(durationS * 1000),
    hasVideo: Boolean(video),
    hasAudio: Boolean(audio),
    format: format?.format_name ?? 'unknown',
    rotation,
  };
  if (video?.width && video.height) {
    result.width = quarter ? video.height : video.width;
    result.height = quarter ? video.width : video.height;
  }
  if (video?.codec_name) result.videoCodec = video.codec_name;
  if (video?.pix_fmt) result.pixelFormat = video.pix_fmt;
  if (audio?.codec_name) result.audioCodec = audio.codec_name;
  const brand = format?.tags?.['major_brand'];
  if (brand) result.majorBrand = brand.trim();
  return result;
}
