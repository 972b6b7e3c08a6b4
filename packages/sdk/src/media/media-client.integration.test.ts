// client.media against a real server: raw and resumable uploads (resumed after the connection is
// cut), waiting for processing through media.updated or by polling, URL caching, usage.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startTestServer, type TestServer } from '@anytime/server';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../http/api-error.js';
import { device, PASSWORD, uniqueName, until } from '../test-support/harness.js';
import { startTcpProxy } from '../test-support/tcp-proxy.js';

let server: TestServer;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sdk-media-'));
  server = await startTestServer({ env: { DATA_DIR: dir, MEDIA_JOB_POLL_MS: '100' } });
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

const noisy = (width: number, height: number) =>
  sharp({
    create: { width, height, channels: 3, background: '#888', noise: { type: 'gaussian', mean: 128, sigma: 50 } },
  })
    .jpeg({ quality: 95 })
    .toBuffer();

async function clip(name: string): Promise<string> {
  const file = join(dir, name);
  await promisify(execFile)('/usr/bin/ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=10:duration=1'],
    ...['-c:v', 'libvpx', file],
  ]);
  return file;
}

async function signedIn(extra: Parameters<typeof device>[1] = {}) {
  const d = device(server.url, extra);
  await d.client.register({ username: uniqueName('m'), password: PASSWORD });
  return d.client;
}

describe('client.media', () => {
  it('uploads a photo, and caches its signed URLs until near expiry', async () => {
    let urlCalls = 0;
    const client = await signedIn({
      fetch: (input, init) => {
        if (String(input).endsWith('/v1/media/urls')) urlCalls++;
        return fetch(input, init);
      },
    });
    const stages: string[] = [];
    const media = await client.media.upload(new Blob([new Uint8Array(await noisy(400, 300))], { type: 'image/jpeg' }), {
      fileName: 'p.jpg',
      onProgress: (p) => stages.push(`${p.stage}:${Math.round(p.percent)}`),
    });
    expect(media).toMatchObject({ kind: 'image', status: 'ready', width: 400, height: 300, fileName: 'p.jpg' });
    expect(stages).toEqual(['uploading:0', 'uploading:100']);
    const urls = await client.media.urls([media.id, '01900000-0000-7000-8000-000000000000']);
    expect(Object.keys(urls)).toEqual([media.id]);
    expect(Object.keys(urls[media.id]!).sort()).toEqual([
      'original',
      'thumb1280',
      'thumb1280_jpeg',
      'thumb320',
      'thumb320_jpeg',
    ]);
    expect((await fetch(urls[media.id]!.thumb320!)).status).toBe(200);
    expect(await client.media.urls([media.id])).toEqual({ [media.id]: urls[media.id] });
    expect(urlCalls).toBe(1);
    expect((await client.media.usage()).usedBytes).toBe(media.size);
    expect(await client.media.get(media.id)).toMatchObject({ id: media.id, status: 'ready' });
    await expect(client.media.upload(new Uint8Array([1, 2, 3, 4]))).rejects.toMatchObject({
      code: 'unsupported_media_type',
    });
    await client.close();
  });

  it('uploads a large file over tus and resumes after the connection is cut', async () => {
    const proxy = await startTcpProxy(server.url);
    const d = device(proxy.url, { media: { resumableAbove: 64 * 1024, chunkSize: 256 * 1024 } });
    await d.client.register({ username: uniqueName('t'), password: PASSWORD });
    const photo = await noisy(2400, 1800);
    let cut = false;
    const media = await d.client.media.upload(photo, {
      onProgress: (p) => {
        if (!cut && p.stage === 'uploading' && p.percent > 0 && p.percent < 90) {
          cut = true;
          proxy.cut();
        }
      },
    });
    expect(cut).toBe(true);
    expect(media).toMatchObject({ kind: 'image', status: 'ready', width: 2400, height: 1800 });
    await d.client.close();
    await proxy.close();
  });

  it('stops a resumable upload when aborted, and the server drops its parts', async () => {
    const client = await signedIn({ media: { resumableAbove: 64 * 1024, chunkSize: 128 * 1024 } });
    const abort = new AbortController();
    const err = await client.media
      .upload(await noisy(1600, 1200), {
        signal: abort.signal,
        onProgress: (p) => {
          if (p.stage === 'uploading' && p.percent > 0) abort.abort(new Error('user cancelled'));
        },
      })
      .catch((e: unknown) => e);
    expect((err as Error).message).toBe('user cancelled');
    await until(async () => (await readdir(join(dir, 'uploads')).catch(() => [])).length === 0, 5000, 'parts removed');
    expect((await client.media.usage()).usedBytes).toBe(0);
    await client.close();
  });

  it('waits for a video to be processed: progress, then media.updated', async () => {
    const file = await clip('clip.webm');
    const client = await signedIn();
    await client.connect();
    await client.whenSynced();
    const stages = new Set<string>();
    const media = await client.media.upload(new Blob([new Uint8Array(await readFile(file))], { type: 'video/webm' }), {
      onProgress: (p) => stages.add(p.stage),
    });
    expect(media).toMatchObject({ kind: 'video', status: 'ready', contentType: 'video/mp4', width: 160, height: 120 });
    expect(media.variants).toContain('playback');
    // Absolute, signed: fetchable as it is.
    expect((await fetch(media.url)).headers.get('content-type')).toBe('video/mp4');
    expect(stages.has('uploading')).toBe(true);
    expect(stages.has('transcoding') || stages.has('probing') || stages.has('queued')).toBe(true);
    await client.close();
  });

  it('polls without a socket, and rejects with the reason when processing fails', async () => {
    const client = await signedIn({ media: { pollMs: 100 } });
    const good = await readFile(await clip('broken.webm'));
    const broken = Buffer.concat([good.subarray(0, 300), Buffer.alloc(3000, 1)]);
    const err = await client.media.upload(new Blob([broken], { type: 'video/webm' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('invalid_media');
    await client.close();
  });
});
