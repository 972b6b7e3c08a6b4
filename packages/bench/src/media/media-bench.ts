// The media benchmark (`npm run bench:media -w @anytime/bench`): how fast the server's image
// pipeline makes thumbnails of 12 MP camera photos (one worker per core), how fast uploads go
// over loopback to the built server, and how much memory each concurrent large upload costs it
// (uploads are streamed to disk, so this should stay small). Prints a Markdown table.
import { availableParallelism } from 'node:os';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { processImage } from '@anytime/server/media-image';
import sharp from 'sharp';
import { parseStatusKb } from '../proc-stats.js';
import { startServer, type RunningServer } from '../server-process.js';

const SERVER_ENTRY = fileURLToPath(new URL('../../../server/dist/main.js', import.meta.url));

export interface MediaBenchOptions {
  photos: number;
  uploadMb: number;
  concurrentUploads: number;
}

export const QUICK_MEDIA: MediaBenchOptions = { photos: 2, uploadMb: 32, concurrentUploads: 2 };
export const FULL_MEDIA: MediaBenchOptions = { photos: 24, uploadMb: 64, concurrentUploads: 8 };

export interface MediaBenchResult {
  photosPerSecond: number;
  thumbnailsPerSecond: number;
  /** One 320 px WebP per 12 MP photo straight from the JPEG (libjpeg shrink-on-load), no original. */
  thumbnailOnlyPerSecond: number;
  uploadMbPerSecond: number;
  rssPerUploadMb: number;
  concurrency: number;
}

/**
 * A 12 MP camera-like JPEG with EXIF orientation 6: noise softened by a blur, so it compresses
 * about like a photo (a few MB) rather than like pure noise.
 */
export async function cameraPhoto(): Promise<Buffer> {
  const noise = await sharp({
    create: {
      width: 4000,
      height: 3000,
      channels: 3,
      background: '#888',
      noise: { type: 'gaussian', mean: 128, sigma: 60 },
    },
  })
    .blur(1.5)
    .raw()
    .toBuffer();
  return sharp(noise, { raw: { width: 4000, height: 3000, channels: 3 } })
    .jpeg({ quality: 90 })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

/** Photos through the full pipeline (original re-encoded, 4 thumbnails, placeholder), `concurrency` at once. */
async function thumbnails(n: number, concurrency: number): Promise<{ photos: number; thumbs: number }> {
  const photo = await cameraPhoto();
  console.log(`12 MP test photo: ${(photo.length / 1024 / 1024).toFixed(1)} MiB`);
  let next = 0;
  let thumbs = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        next++;
        const out = await processImage(photo, 'image/jpeg', { maxPixels: 100_000_000 });
        thumbs += out.outputs.filter((o) => o.variant.startsWith('thumb')).length;
      }
    }),
  );
  const s = (performance.now() - start) / 1000;
  return { photos: n / s, thumbs: thumbs / s };
}

/**
 * The thumbnail alone, as a gallery or a re-thumbnailing job makes it: orient and resize straight
 * from the JPEG (libvips decodes at 1/8 scale when the resize allows), `concurrency` at once.
 */
async function thumbnailOnly(n: number, concurrency: number): Promise<number> {
  const photo = await cameraPhoto();
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        next++;
        const out = await sharp(photo).rotate().resize(320, 320, { fit: 'inside' }).webp({ effort: 1 }).toBuffer();
        if (out.length === 0) throw new Error('empty thumbnail');
      }
    }),
  );
  return n / ((performance.now() - start) / 1000);
}

async function register(base: string): Promise<string> {
  const res = await fetch(`${base}/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      username: `media${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`,
      password: 'correct horse',
    }),
  });
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** A file the server stores without processing (sniffed as a PDF), of `mb` MiB with random bytes. */
function fileOf(mb: number, seed: number): Buffer {
  const b = Buffer.alloc(mb * 1024 * 1024);
  b.write('%PDF-1.4\n');
  for (let i = 16; i < b.length; i += 4096) b.writeUInt32LE((i * 2654435761 + seed) >>> 0, i);
  return b;
}

async function post(base: string, token: string, body: Buffer): Promise<void> {
  const res = await fetch(`${base}/v1/media`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf' },
    body: new Blob([new Uint8Array(body)]),
  });
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
}

/** Resident memory of a process in bytes. */
const rssBytes = (pid: number) => parseStatusKb(readFileSync(`/proc/${pid}/status`, 'utf8'), 'VmRSS') ?? 0;

async function uploads(
  server: RunningServer,
  opts: MediaBenchOptions,
): Promise<{ mbps: number; rssPerUploadMb: number }> {
  const token = await register(server.baseUrl);
  await post(server.baseUrl, token, fileOf(1, 0));
  // Memory first, on a fresh server: N uploads at once; the peak RSS above the idle RSS, per upload.
  const files = Array.from({ length: opts.concurrentUploads }, (_, i) => fileOf(opts.uploadMb, 100 + i));
  const idle = rssBytes(server.pid);
  let peak = idle;
  const sampler = setInterval(() => (peak = Math.max(peak, rssBytes(server.pid))), 10);
  await Promise.all(files.map((f) => post(server.baseUrl, token, f)));
  clearInterval(sampler);
  peak = Math.max(peak, rssBytes(server.pid));
  // Throughput: one upload at a time, distinct bytes each time (no dedupe shortcut).
  const rounds = 3;
  const start = performance.now();
  for (let i = 1; i <= rounds; i++) await post(server.baseUrl, token, fileOf(opts.uploadMb, i));
  const mbps = (rounds * opts.uploadMb) / ((performance.now() - start) / 1000);
  return { mbps, rssPerUploadMb: (peak - idle) / 1024 / 1024 / opts.concurrentUploads };
}

export async function runMediaBench(opts: MediaBenchOptions): Promise<MediaBenchResult> {
  const concurrency = availableParallelism();
  const t = await thumbnails(opts.photos, concurrency);
  const only = await thumbnailOnly(opts.photos * 4, concurrency);
  const server = await startServer({
    entry: SERVER_ENTRY,
    env: { PASSWORD_HASH_COST: '10', MEDIA_MAX_BYTES: String(256 * 1024 * 1024) },
  });
  try {
    const u = await uploads(server, opts);
    return {
      photosPerSecond: t.photos,
      thumbnailsPerSecond: t.thumbs,
      thumbnailOnlyPerSecond: only,
      uploadMbPerSecond: u.mbps,
      rssPerUploadMb: u.rssPerUploadMb,
      concurrency,
    };
  } finally {
    await server.stop();
  }
}

export function formatMediaResult(r: MediaBenchResult, opts: MediaBenchOptions): string {
  return [
    '| measure | result |',
    '| --- | --- |',
    `| 12 MP photos through the pipeline (${r.concurrency} at once) | ${r.photosPerSecond.toFixed(1)} photos/s |`,
    `| thumbnails of 12 MP photos (4 per photo: 320/1280 px WebP + JPEG) | ${r.thumbnailsPerSecond.toFixed(1)} thumbnails/s |`,
    `| one 320 px thumbnail per 12 MP photo, from the JPEG (shrink-on-load), ${r.concurrency} at once | ${r.thumbnailOnlyPerSecond.toFixed(1)} thumbnails/s |`,
    `| upload over loopback (${opts.uploadMb} MiB raw POST, hashed and stored) | ${r.uploadMbPerSecond.toFixed(0)} MiB/s |`,
    `| server RSS growth per concurrent upload (${opts.concurrentUploads} × ${opts.uploadMb} MiB at once) | ${r.rssPerUploadMb.toFixed(1)} MiB |`,
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const opts = process.argv.includes('--quick') ? QUICK_MEDIA : FULL_MEDIA;
  const r = await runMediaBench(opts);
  console.log(formatMediaResult(r, opts));
}
