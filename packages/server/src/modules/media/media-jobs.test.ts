// Video and voice uploads through the job queue against a real server and real ffmpeg: status
// processing at first, progress frames, then media.updated to the uploader's devices with the
// playback file, poster thumbnails and placeholder (or failed, for a broken file).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { registerUser, WsClient, type TestUser } from '../../test-support/harness.js';
import type { TestServer } from '../../testing.js';
import { fetchBytes, upload, startMediaServer } from './media-test-kit.js';

const run = promisify(execFile);
let s: TestServer;
let ann: TestUser;
let dir: string;
beforeAll(async () => {
  s = await startMediaServer({ MEDIA_JOB_POLL_MS: '100' });
  ann = await registerUser(s.url);
  dir = await mkdtemp(join(tmpdir(), 'media-jobs-'));
});
afterAll(async () => {
  await s.close();
  await rm(dir, { recursive: true, force: true });
});

async function clip(name: string, args: string[]): Promise<Buffer> {
  const out = join(dir, name);
  await run('/usr/bin/ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args, out]);
  return readFile(out);
}

it('processes a video in the background and announces it to the uploader with media.updated', async () => {
  const video = await clip('v.webm', [
    ...['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=15:duration=2'],
    ...['-f', 'lavfi', '-i', 'sine=frequency=440:duration=2'],
    ...['-c:v', 'libvpx', '-b:v', '300k', '-c:a', 'libopus', '-shortest'],
  ]);
  const ws = await WsClient.connect(s.url, ann.token);
  const r = await upload(s, ann.token, video, { contentType: 'video/webm', query: { filter: 'mono' } });
  expect(r.status).toBe(201);
  expect(r.body.media).toMatchObject({ kind: 'video', status: 'processing', filter: 'mono' });
  const id = r.body.media.id as string;
  await ws.next((f) => f.type === 'media.progress' && f['mediaId'] === id, 10_000);
  const ev = await ws.next((f) => f.type === 'media.updated' && (f['media'] as { id: string }).id === id, 60_000);
  const m = ev['media'] as Record<string, unknown> & { variants: string[]; url: string };
  expect(m).toMatchObject({ status: 'ready', kind: 'video', contentType: 'video/mp4', width: 320, height: 240 });
  expect(m['durationMs']).toBeGreaterThan(1500);
  expect(typeof m['placeholder']).toBe('string');
  expect(m.variants.sort()).toEqual(
    ['original', 'playback', 'poster', 'thumb1280', 'thumb1280_jpeg', 'thumb320', 'thumb320_jpeg'].sort(),
  );
  const got = await fetchBytes(`${s.url}/v1/media/${id}/playback`, { authorization: `Bearer ${ann.token}` });
  expect(got.headers.get('content-type')).toBe('video/mp4');
  const thumb = await fetchBytes(`${s.url}/v1/media/${id}/thumb320`, { authorization: `Bearer ${ann.token}` });
  // The mono filter reached ffmpeg: the poster's thumbnail is grey.
  const stats = await sharp(thumb.bytes).stats();
  const [red, green] = [stats.channels[0]!.mean, stats.channels[1]!.mean];
  expect(Math.abs(red - green)).toBeLessThan(3);
  ws.close();
});

it('makes a voice note Ogg Opus with a waveform', async () => {
  const voice = await clip('voice.webm', [
    ...['-f', 'lavfi', '-i', 'sine=frequency=300:duration=1.5'],
    ...['-c:a', 'libopus'],
  ]);
  const r = await upload(s, ann.token, voice, { contentType: 'audio/webm', query: { voice: '1' } });
  expect(r.body.media).toMatchObject({ kind: 'voice', status: 'processing' });
  const id = r.body.media.id as string;
  let media: Record<string, unknown> = r.body.media;
  for (let i = 0; i < 300 && media['status'] === 'processing'; i++) {
    await new Promise((res) => setTimeout(res, 100));
    const res = await fetch(`${s.url}/v1/media/${id}`, { headers: { authorization: `Bearer ${ann.token}` } });
    media = ((await res.json()) as { media: Record<string, unknown> }).media;
  }
  expect(media).toMatchObject({ status: 'ready', kind: 'voice', contentType: 'audio/ogg' });
  expect((media['waveform'] as number[]).length).toBeGreaterThan(10);
});

it('marks a video ffmpeg cannot decode as failed', async () => {
  const good = await clip('ok.mp4', [...['-f', 'lavfi', '-i', 'testsrc2=size=160x120:duration=1'], '-c:v', 'libx264']);
  const broken = Buffer.concat([good.subarray(0, 64), Buffer.alloc(4096, 7)]);
  const ws = await WsClient.connect(s.url, ann.token);
  const r = await upload(s, ann.token, broken, { contentType: 'video/mp4' });
  expect(r.status).toBe(201);
  const ev = await ws.next(
    (f) => f.type === 'media.updated' && (f['media'] as { id: string }).id === r.body.media.id,
    60_000,
  );
  expect(ev['media']).toMatchObject({ status: 'failed' });
  expect(typeof (ev['media'] as { error: string }).error).toBe('string');
  ws.close();
});
