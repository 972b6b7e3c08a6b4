// Resumable uploads over tus against a real server: created, cut off halfway, resumed from the
// offset the server reports, and ingested like any upload; owners only; limits; nothing left.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { registerUser, type TestUser } from '../../test-support/harness.js';
import type { TestServer } from '../../testing.js';
import { fetchBytes, footprint, startMediaServer } from './media-test-kit.js';
import { cameraJpeg, pngImage } from './test-images.js';

let s: TestServer;
let ann: TestUser;
let bob: TestUser;
beforeAll(async () => {
  s = await startMediaServer({ MEDIA_MAX_BYTES: String(20 * 1024 * 1024) });
  [ann, bob] = [await registerUser(s.url), await registerUser(s.url)];
});
afterAll(() => s.close());

const b64 = (v: string) => Buffer.from(v).toString('base64');
const tusHeaders = (token: string, extra: Record<string, string> = {}) => ({
  authorization: `Bearer ${token}`,
  'tus-resumable': '1.0.0',
  ...extra,
});

async function create(token: string, size: number, meta: Record<string, string>) {
  return fetch(`${s.url}/v1/uploads`, {
    method: 'POST',
    headers: tusHeaders(token, {
      'upload-length': String(size),
      ...(Object.keys(meta).length
        ? {
            'upload-metadata': Object.entries(meta)
              .map(([k, v]) => `${k} ${b64(v)}`)
              .join(','),
          }
        : {}),
    }),
  });
}

const patch = (url: string, token: string, offset: number, bytes: Buffer) =>
  fetch(url, {
    method: 'PATCH',
    headers: tusHeaders(token, { 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' }),
    body: new Blob([new Uint8Array(bytes)]),
  });

const uploadsDir = () => join(s.server.ctx.config.dataDir, 'uploads');

it('resumes an upload cut off halfway and ingests it like any upload', async () => {
  const photo = await cameraJpeg(2000, 1500);
  const created = await create(ann.token, photo.length, { filename: 'big.jpg', filetype: 'image/jpeg' });
  expect(created.status).toBe(201);
  const url = new URL(created.headers.get('location')!, s.url).href;
  const half = photo.length >> 1;
  expect((await patch(url, ann.token, 0, photo.subarray(0, half))).status).toBe(204);
  // Someone else may neither look at it nor add to it.
  expect((await fetch(url, { method: 'HEAD', headers: tusHeaders(bob.token) })).status).toBe(404);
  expect((await patch(url, bob.token, half, photo.subarray(half))).status).toBe(404);
  expect((await fetch(url, { method: 'HEAD', headers: tusHeaders('') })).status).toBe(401);
  const head = await fetch(url, { method: 'HEAD', headers: tusHeaders(ann.token) });
  const offset = Number(head.headers.get('upload-offset'));
  expect(offset).toBe(half);
  const done = await patch(url, ann.token, offset, photo.subarray(offset));
  expect(done.status).toBe(200);
  const id = done.headers.get('anytime-media-id');
  const body = (await done.json()) as {
    media: { id: string; status: string; width: number; fileName: string; url: string };
  };
  expect(body.media).toMatchObject({ id, status: 'ready', width: 1500, fileName: 'big.jpg' });
  expect((await fetchBytes(body.media.url)).status).toBe(200);
  expect(await readdir(uploadsDir())).toEqual([]);
});

it('refuses too large, mismatched and unauthenticated uploads, leaving nothing', async () => {
  const before = await footprint(s);
  const tooBig = await create(ann.token, 21 * 1024 * 1024, {});
  expect([tooBig.status, ((await tooBig.json()) as { error: { code: string } }).error.code]).toEqual([
    413,
    'media_too_large',
  ]);
  expect((await create('', 10, {})).status).toBe(401);
  expect((await create(ann.token, 10, { filter: 'sparkle' })).status).toBe(400);

  const png = await pngImage(40, 40);
  const created = await create(ann.token, png.length, { filetype: 'image/jpeg' });
  const url = new URL(created.headers.get('location')!, s.url).href;
  const done = await patch(url, ann.token, 0, png);
  expect(done.status).toBe(400);
  expect(((await done.json()) as { error: { code: string } }).error.code).toBe('media_type_mismatch');
  expect(await readdir(uploadsDir())).toEqual([]);
  expect(await footprint(s)).toEqual(before);
});
