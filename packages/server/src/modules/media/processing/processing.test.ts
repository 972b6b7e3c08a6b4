// Video, voice and audio processing against real ffmpeg, with clips made by ffmpeg's lavfi
// sources (testsrc2 pictures, sine tones) in the test itself.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  InvalidMediaError,
  probeMedia,
  processAudio,
  processVideo,
  processVoice,
  type ProcessingStage,
} from './index.js';

let dir: string;
const clip = (name: string) => join(dir, name);
/** A fresh work directory per call, inside the test's directory. */
const work = () => mkdtempSync(join(dir, 'work-'));

function ffmpeg(...args: string[]): void {
  execFileSync('/usr/bin/ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args]);
}

/** md5 of a file's video packets: equal only when the encoded frames are the same bytes. */
function videoPacketsMd5(file: string): string {
  return execFileSync('/usr/bin/ffmpeg', [
    '-loglevel',
    'error',
    '-i',
    file,
    '-map',
    '0:v',
    '-c',
    'copy',
    '-f',
    'md5',
    '-',
  ])
    .toString()
    .trim();
}

const picture = (size: string, seconds: number) => [
  '-f',
  'lavfi',
  '-i',
  `testsrc2=size=${size}:rate=15:duration=${seconds}`,
];
const tone = (seconds: number) => ['-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'anytime-media-proc-'));
  ffmpeg(
    ...picture('320x240', 3),
    ...tone(3),
    '-c:v',
    'libvpx',
    '-deadline',
    'realtime',
    '-b:v',
    '400k',
    '-c:a',
    'libopus',
    clip('vp8.webm'),
  );
  ffmpeg(
    ...picture('320x240', 3),
    ...tone(3),
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    clip('h264.mp4'),
  );
  // A phone holding the camera upright: landscape frames with a 90° display matrix.
  ffmpeg('-i', clip('h264.mp4'), '-c', 'copy', '-metadata:s:v:0', 'rotate=90', clip('rotated.mp4'));
  // Large and odd-sized: scaled to 1280 on the long side, even dimensions.
  ffmpeg(...picture('1921x1081', 1), '-c:v', 'mpeg4', '-q:v', '10', clip('big.mkv'));
  // Long enough to abort in the middle of the encode.
  ffmpeg(...picture('640x360', 20), '-c:v', 'mpeg4', '-q:v', '10', clip('long.mkv'));
  // As MediaRecorder makes them: WebM with no duration in the header.
  ffmpeg(
    ...picture('160x120', 2),
    '-c:v',
    'libvpx',
    '-deadline',
    'realtime',
    '-f',
    'webm',
    '-live',
    '1',
    clip('recorded.webm'),
  );
  ffmpeg(...tone(2), '-c:a', 'libopus', '-f', 'webm', '-live', '1', clip('voice.webm'));
  // Loud for one second, then silent for one.
  ffmpeg(
    '-f',
    'lavfi',
    '-i',
    "aevalsrc='if(lt(t,1),0.8*sin(2*PI*440*t),0)':d=2:s=48000",
    '-c:a',
    'pcm_s16le',
    clip('loud-silent.wav'),
  );
  ffmpeg(...tone(2), '-c:a', 'pcm_s16le', clip('tone.wav'));
  ffmpeg(...tone(2), '-c:a', 'pcm_s16be', clip('tone.aiff'));
  // Not media at all, and an MP4 cut before its index (moov is written last without faststart).
  writeFileSync(clip('noise.bin'), Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 7919) % 251)));
  const whole = readFileSync(clip('h264.mp4'));
  writeFileSync(clip('truncated.mp4'), whole.subarray(0, Math.floor(whole.length / 2)));
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}

describe('probeMedia', () => {
  it('reads streams, codecs, size and duration', async () => {
    const p = await probeMedia(clip('vp8.webm'));
    expect(p).toMatchObject({
      hasVideo: true,
      hasAudio: true,
      videoCodec: 'vp8',
      audioCodec: 'opus',
      width: 320,
      height: 240,
    });
    expect(p.durationMs).toBeGreaterThan(2_900);
    expect(p.durationMs).toBeLessThan(3_100);
  });

  it('reports the display size of a rotated clip', async () => {
    const p = await probeMedia(clip('rotated.mp4'));
    expect([p.width, p.height, p.rotation]).toEqual([240, 320, 90]);
  });

  it('refuses playlists that point at other files (HLS, concat)', async () => {
    // Named like stored blobs (no extension); without the demuxer whitelist ffmpeg would read
    // both, and the files they name.
    ffmpeg('-i', clip('h264.mp4'), '-c', 'copy', clip('segment.ts'));
    writeFileSync(
      clip('playlist'),
      `#EXTM3U\n#EXT-X-TARGETDURATION:3\n#EXTINF:3.0,\n${clip('segment.ts')}\n#EXT-X-ENDLIST\n`,
    );
    writeFileSync(clip('concat-list'), `ffconcat version 1.0\nfile 'h264.mp4'\n`);
    for (const file of ['playlist', 'concat-list']) {
      const e = await rejection(processVideo(clip(file), work()));
      expect(e, file).toBeInstanceOf(InvalidMediaError);
      expect((e as InvalidMediaError).reason, file).toBe('unreadable');
    }
  });

  it('refuses what is not media', async () => {
    const e = await rejection(probeMedia(clip('noise.bin')));
    expect(e).toBeInstanceOf(InvalidMediaError);
    expect((e as InvalidMediaError).code).toBe('invalid_media');
  });
});

describe('processVideo', () => {
  it('normalizes VP8/WebM to H.264/AAC MP4 with faststart, and a poster', async () => {
    const stages: [ProcessingStage, number][] = [];
    const r = await processVideo(clip('vp8.webm'), work(), { onProgress: (s, p) => stages.push([s, p]) });
    expect([r.width, r.height, r.waveform]).toEqual([320, 240, null]);
    expect(r.durationMs).toBeGreaterThan(2_900);
    const playback = r.files.find((f) => f.variant === 'playback')!;
    expect(playback.contentType).toBe('video/mp4');
    const out = await probeMedia(playback.path);
    expect(out).toMatchObject({ videoCodec: 'h264', audioCodec: 'aac', pixelFormat: 'yuv420p' });
    // faststart: the index (moov) comes before the media data (mdat).
    const head = readFileSync(playback.path)
      .subarray(0, 64 * 1024)
      .toString('latin1');
    expect(head.indexOf('moov')).toBeGreaterThan(0);
    expect(head.indexOf('moov')).toBeLessThan(head.indexOf('mdat'));
    const poster = r.files.find((f) => f.variant === 'poster')!;
    expect(poster.contentType).toBe('image/jpeg');
    expect(await sharp(poster.path).metadata()).toMatchObject({ format: 'jpeg', width: 320, height: 240 });

    const transcoding = stages.filter(([s]) => s === 'transcoding').map(([, p]) => p);
    expect(transcoding[0]).toBe(0);
    expect(transcoding.at(-1)).toBe(100);
    for (let i = 1; i < transcoding.length; i++) expect(transcoding[i]).toBeGreaterThan(transcoding[i - 1]!);
    expect(stages.map(([s]) => s).filter((s, i, a) => a[i - 1] !== s)).toEqual([
      'probing',
      'transcoding',
      'thumbnails',
    ]);
  });

  it('only remuxes an H.264/AAC MP4 within the limits: the same encoded frames', async () => {
    const r = await processVideo(clip('h264.mp4'), work());
    const playback = r.files.find((f) => f.variant === 'playback')!.path;
    expect(videoPacketsMd5(playback)).toBe(videoPacketsMd5(clip('h264.mp4')));
    // and the re-encode path would not have kept them
    const reencoded = await processVideo(clip('h264.mp4'), work(), { filterGraph: 'null' });
    expect(videoPacketsMd5(reencoded.files[0]!.path)).not.toBe(videoPacketsMd5(clip('h264.mp4')));
  });

  it('measures a recorded WebM that names no duration from what decodes', async () => {
    expect((await probeMedia(clip('recorded.webm'))).durationMs).toBe(0);
    const stages: number[] = [];
    const r = await processVideo(clip('recorded.webm'), work(), {
      onProgress: (s, p) => s === 'transcoding' && stages.push(p),
    });
    expect(r.durationMs).toBeGreaterThan(1_900);
    expect(r.durationMs).toBeLessThan(2_100);
    expect(stages).toEqual([0, 100]);
  });

  it('keeps a rotated clip upright: display size and an upright poster', async () => {
    const r = await processVideo(clip('rotated.mp4'), work());
    expect([r.width, r.height]).toEqual([240, 320]);
    const poster = r.files.find((f) => f.variant === 'poster')!.path;
    expect(await sharp(poster).metadata()).toMatchObject({ width: 240, height: 320 });
  });

  it('scales a large odd-sized video to 1280 px on the long side with even dimensions', async () => {
    const r = await processVideo(clip('big.mkv'), work());
    expect(r.width).toBe(1280);
    expect(r.height! % 2).toBe(0);
    expect(Math.abs(r.height! - Math.round((1081 * 1280) / 1921))).toBeLessThanOrEqual(1);
    expect(r.durationMs).toBeGreaterThan(900);
  }, 30_000);

  it('applies a filter graph: hue=s=0 makes the poster grey', async () => {
    const saturation = async (file: string) => {
      const { data } = await sharp(file).raw().toBuffer({ resolveWithObject: true });
      let worst = 0;
      for (let i = 0; i < data.length; i += 3) {
        worst = Math.max(
          worst,
          Math.max(data[i]!, data[i + 1]!, data[i + 2]!) - Math.min(data[i]!, data[i + 1]!, data[i + 2]!),
        );
      }
      return worst;
    };
    const plain = await processVideo(clip('vp8.webm'), work());
    const grey = await processVideo(clip('vp8.webm'), work(), { filterGraph: 'hue=s=0' });
    expect(await saturation(plain.files.find((f) => f.variant === 'poster')!.path)).toBeGreaterThan(100);
    expect(await saturation(grey.files.find((f) => f.variant === 'poster')!.path)).toBeLessThanOrEqual(8);
  });

  it('builds a graph for the playback size when given a function, and applies it after scaling', async () => {
    const mean = async (file: string) => (await sharp(file).stats()).channels.reduce((a, c) => a + c.mean, 0) / 3;
    const sizes: { width: number; height: number }[] = [];
    // As the filters module builds a vignette: a still frame of the output size, multiplied in
    // (here a flat mid grey, which halves every value); a wrong size would fail the blend.
    const halve = (size: { width: number; height: number }) => {
      sizes.push(size);
      const still = `color=c=gray:s=${size.width}x${size.height}:r=25,trim=end_frame=1,format=gbrp,loop=loop=-1:size=1[m0]`;
      return `format=gbrp,null[s0];${still};[s0][m0]blend=all_mode=multiply:shortest=1`;
    };
    const plain = await processVideo(clip('big.mkv'), work());
    const dark = await processVideo(clip('big.mkv'), work(), { filterGraph: halve });
    expect(sizes).toEqual([{ width: 1280, height: 720 }]);
    expect([dark.width, dark.height]).toEqual([1280, 720]);
    const before = await mean(plain.files.find((f) => f.variant === 'poster')!.path);
    const after = await mean(dark.files.find((f) => f.variant === 'poster')!.path);
    expect(after).toBeGreaterThan(before * 0.4);
    expect(after).toBeLessThan(before * 0.6);
    // A function that names no filter (the filter 'none') leaves a playable MP4 to be remuxed.
    const kept = await processVideo(clip('h264.mp4'), work(), { filterGraph: () => null });
    expect(videoPacketsMd5(kept.files[0]!.path)).toBe(videoPacketsMd5(clip('h264.mp4')));
  }, 30_000);

  it('refuses corrupt, truncated, audio-only and too long input as invalid_media', async () => {
    for (const [file, reason] of [
      ['noise.bin', 'unreadable'],
      ['truncated.mp4', 'unreadable'],
      ['tone.wav', 'no_stream'],
    ] as const) {
      const e = await rejection(processVideo(clip(file), work()));
      expect(e, file).toBeInstanceOf(InvalidMediaError);
      expect((e as InvalidMediaError).reason, file).toBe(reason);
    }
    const long = await rejection(processVideo(clip('vp8.webm'), work(), { limits: { maxDurationMs: 2_000 } }));
    expect((long as InvalidMediaError).reason).toBe('too_long');
    // Recorded WebM names no duration: what decodes is measured against the limit.
    const limits = { maxDurationMs: 1_000 };
    const recorded = await rejection(processVideo(clip('recorded.webm'), work(), { limits }));
    expect((recorded as InvalidMediaError).reason).toBe('too_long');
    const voice = await rejection(processVoice(clip('voice.webm'), work(), { limits }));
    expect((voice as InvalidMediaError).reason).toBe('too_long');
  });

  it('stops ffmpeg when aborted', async () => {
    const ac = new AbortController();
    const reason = new Error('server closing');
    const dirOf = work();
    const started = Date.now();
    let abortedAt = 0;
    const e = await rejection(
      processVideo(clip('long.mkv'), dirOf, {
        signal: ac.signal,
        filterGraph: 'boxblur=10:4',
        onProgress: (stage, pct) => {
          if (stage === 'transcoding' && pct > 0 && !abortedAt) {
            abortedAt = Date.now();
            ac.abort(reason);
          }
        },
      }),
    );
    expect(e).toBe(reason);
    expect(abortedAt).toBeGreaterThan(started);
    // The partial output stops growing once ffmpeg is killed.
    const size = statSync(join(dirOf, 'playback.mp4')).size;
    await new Promise((r) => setTimeout(r, 300));
    expect(statSync(join(dirOf, 'playback.mp4')).size).toBe(size);
  }, 30_000);
});

describe('processVoice', () => {
  it('makes Ogg Opus mono 48 kHz from MediaRecorder-style WebM, with duration and waveform', async () => {
    const r = await processVoice(clip('voice.webm'), work());
    expect(r.durationMs).toBeGreaterThan(1_950);
    expect(r.durationMs).toBeLessThan(2_100);
    const out = r.files[0]!;
    expect([out.variant, out.contentType]).toEqual(['playback', 'audio/ogg']);
    const info = JSON.parse(
      execFileSync('/usr/bin/ffprobe', [
        '-v',
        'error',
        '-show_streams',
        '-show_format',
        '-of',
        'json',
        out.path,
      ]).toString(),
    ) as { streams: { codec_name: string; channels: number; sample_rate: string }[]; format: { format_name: string } };
    expect(info.format.format_name).toBe('ogg');
    expect(info.streams[0]).toMatchObject({ codec_name: 'opus', channels: 1, sample_rate: '48000' });
    expect(r.waveform!.length).toBe(80);
    expect(Math.max(...r.waveform!)).toBe(255);
    // A steady tone: every bucket is loud.
    expect(Math.min(...r.waveform!)).toBeGreaterThan(200);
  });

  it('has a waveform that is high while loud and low while silent', async () => {
    const r = await processVoice(clip('loud-silent.wav'), work());
    const w = r.waveform!;
    const half = w.length / 2;
    const first = w.slice(0, half - 2);
    const second = w.slice(half + 2);
    expect(Math.min(...first)).toBeGreaterThan(200);
    expect(Math.max(...second)).toBeLessThan(10);
  });

  it('reports progress up to 100 and refuses a file without audio', async () => {
    const seen: number[] = [];
    await processVoice(clip('tone.wav'), work(), { onProgress: (s, p) => s === 'transcoding' && seen.push(p) });
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(100);
    const e = await rejection(processVoice(clip('big.mkv'), work()));
    expect((e as InvalidMediaError).reason).toBe('no_stream');
  });
});

describe('processAudio', () => {
  it('keeps audio a browser plays (WAV) and measures it', async () => {
    const r = await processAudio(clip('tone.wav'), work());
    expect(r.files).toEqual([]);
    expect(r.durationMs).toBe(2_000);
    expect(r.waveform!.length).toBe(80);
  });

  it('normalizes audio a browser cannot play (AIFF) to Ogg Opus', async () => {
    const r = await processAudio(clip('tone.aiff'), work());
    expect(r.files.map((f) => [f.variant, f.contentType])).toEqual([['playback', 'audio/ogg']]);
    expect((await probeMedia(r.files[0]!.path)).audioCodec).toBe('opus');
  });
});
