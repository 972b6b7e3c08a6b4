// Uploads end to end against a real server: the image pipeline (orientation, metadata stripped,
// thumbnails, placeholder), the formats, refused uploads leaving nothing behind, limits, quota,
// dedupe, access control, signed URLs and Range.
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, direct, registerUser, send, type TestUser } from '../../test-support/harness.js';
import type { TestServer } from '../../testing.js';
import { fetchBytes, footprint, upload, startMediaServer } from './media-test-kit.js';
import { cameraJpeg, gifImage, hasGpsIfd, pngImage, webpImage } from './test-images.js';

let s: TestServer;
let ann: TestUser;
let bob: TestUser;
let photo: Buffer;
beforeAll(async () => {
  s = await startMediaServer();
  [ann, bob] = [await registerUser(s.url), await registerUser(s.url)];
  photo = await cameraJpeg();
});
afterAll(() => s.close());

describe('images', () => {
  it('auto-orients a 12 MP camera JPEG, strips EXIF and GPS, and makes thumbnails and a placeholder', async () => {
    const input = await sharp(photo).metadata();
    expect([input.width, input.height, input.orientation, hasGpsIfd(input.exif)]).toEqual([4000, 3000, 6, true]);
    const r = await upload(s, ann.token, photo, { contentType: 'image/jpeg', query: { fileName: 'IMG_1.jpg' } });
    expect(r.status).toBe(201);
    const m = r.body.media;
    expect(m).toMatchObject({ kind: 'image', status: 'ready', contentType: 'image/jpeg', width: 3000, height: 4000 });
    expect(m.fileName).toBe('IMG_1.jpg');
    expect(m.variants.sort()).toEqual(['original', 'thumb1280', 'thumb1280_jpeg', 'thumb320', 'thumb320_jpeg']);
    expect(Buffer.from(m.placeholder, 'base64').length).toBeGreaterThan(5);

    const original = await fetchBytes(m.url);
    expect(original.status).toBe(200);
    expect(original.headers.get('content-type')).toBe('image/jpeg');
    expect(original.headers.get('x-content-type-options')).toBe('nosniff');
    expect(original.bytes.length).toBe(m.size);
    const out = await sharp(original.bytes).metadata();
    expect([out.width, out.height]).toEqual([3000, 4000]);
    expect(out.exif).toBeUndefined();
    expect(out.orientation).toBeUndefined();
    expect(hasGpsIfd(out.exif)).toBe(false);

    const urls = (await api(s.url, 'POST', '/v1/media/urls', { token: ann.token, body: { ids: [m.id] } })).body.urls[
      m.id
    ];
    const sizes: Record<string, [string, number]> = {
      thumb320: ['webp', 320],
      thumb320_jpeg: ['jpeg', 320],
      thumb1280: ['webp', 1280],
      thumb1280_jpeg: ['jpeg', 1280],
    };
    for (const [variant, [format, longest]] of Object.entries(sizes)) {
      const t = await fetchBytes(urls[variant]);
      const meta = await sharp(t.bytes).metadata();
      expect([variant, meta.format, Math.max(meta.width!, meta.height!), meta.exif]).toEqual([
        variant,
        format,
        longest,
        undefined,
      ]);
      expect(meta.height! > meta.width!).toBe(true);
    }
  });

  it('takes PNG (with alpha), GIF and WebP', async () => {
    for (const [bytes, type, w, h] of [
      [await pngImage(), 'image/png', 640, 480],
      [await gifImage(), 'image/gif', 64, 48],
      [await webpImage(), 'image/webp', 800, 600],
    ] as const) {
      const r = await upload(s, ann.token, bytes, { contentType: type });
      expect([type, r.status]).toEqual([type, 201]);
      expect(r.body.media).toMatchObject({ kind: 'image', status: 'ready', contentType: type, width: w, height: h });
      const small = await fetchBytes(r.body.media.thumbnailUrl);
      expect(small.headers.get('content-type')).toBe('image/webp');
    }
  });
});

describe('filters', () => {
  it('renders a filter named with the upload into the photo before encoding', async () => {
    const r = await upload(s, ann.token, await webpImage(120, 80), { query: { filter: 'mono' } });
    expect(r.body.media).toMatchObject({ status: 'ready', filter: 'mono' });
    const stats = await sharp((await fetchBytes(r.body.media.url)).bytes).stats();
    const [red, green, blue] = stats.channels.map((c) => c.mean);
    expect(Math.abs(red! - green!) + Math.abs(green! - blue!)).toBeLessThan(4);
    // The same bytes without a filter are another item, in colour.
    const plain = await upload(s, ann.token, await webpImage(120, 80));
    expect(plain.body.media.id).not.toBe(r.body.media.id);
    const colour = await sharp((await fetchBytes(plain.body.media.url)).bytes).stats();
    expect(colour.channels[0]!.mean - colour.channels[2]!.mean).toBeGreaterThan(100);
  });
});

describe('refused uploads', () => {
  it('answer with the right code and leave no row, blob or temp file behind', async () => {
    const before = await footprint(s);
    const png = await pngImage(64, 64);
    const bomb = await sharp({ create: { width: 12_000, height: 10_000, channels: 3, background: '#000' } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    const cases: [string, Buffer, Record<string, string>, number, string][] = [
      ['empty', Buffer.alloc(0), {}, 400, 'invalid_media'],
      ['truncated JPEG', photo.subarray(0, photo.length >> 1), { contentType: 'image/jpeg' }, 400, 'invalid_media'],
      ['PNG claimed as JPEG', png, { contentType: 'image/jpeg' }, 400, 'media_type_mismatch'],
      ['PNG named .gif', png, { fileName: 'x.gif' }, 400, 'media_type_mismatch'],
      ['unknown bytes', Buffer.from('just some text, not a known file type'), {}, 415, 'unsupported_media_type'],
      ['120 MP image', bomb, { contentType: 'image/png' }, 400, 'invalid_media'],
      [
        'garbage behind a JPEG header',
        Buffer.concat([photo.subarray(0, 64), randomBytes(4096)]),
        {},
        400,
        'invalid_media',
      ],
    ];
    for (const [what, bytes, o, status, code] of cases) {
      const r = await upload(s, ann.token, bytes, {
        ...(o['contentType'] ? { contentType: o['contentType'] } : {}),
        ...(o['fileName'] ? { query: { fileName: o['fileName'] } } : {}),
      });
      expect([what, r.status, r.body.error?.code]).toEqual([what, status, code]);
    }
    expect(await footprint(s)).toEqual(before);
  });

  it('refuses a bad filter or unknown option before reading the body', async () => {
    const r = await upload(s, ann.token, await pngImage(8, 8), { query: { filter: 'sparkle' } });
    expect([r.status, r.body.error.code]).toEqual([400, 'invalid_request']);
  });
});

describe('limits', () => {
  let small: TestServer;
  beforeAll(async () => {
    small = await startMediaServer({ MEDIA_MAX_BYTES: '300000', MEDIA_QUOTA_BYTES: '500000' });
  });
  afterAll(() => small.close());

  it('stops an upload larger than MEDIA_MAX_BYTES while streaming, keeping nothing', async () => {
    const u = await registerUser(small.url);
    const before = await footprint(small);
    const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), randomBytes(400_000)]);
    const r = await upload(small, u.token, big, { contentType: 'image/jpeg' });
    expect([r.status, r.body.error.code]).toEqual([413, 'media_too_large']);
    // Without a Content-Length (chunked), the count while streaming stops it.
    const res = await fetch(`${small.url}/v1/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${u.token}`, 'content-type': 'application/octet-stream' },
      body: new Blob([big]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect([res.status, ((await res.json()) as { error: { code: string } }).error.code]).toEqual([
      413,
      'media_too_large',
    ]);
    expect(await footprint(small)).toEqual(before);
  });

  it('counts each distinct upload once against the quota and refuses past it', async () => {
    const u = await registerUser(small.url);
    const noise = (seed: number) =>
      sharp({
        create: {
          width: 300,
          height: 300,
          channels: 3,
          background: '#808080',
          noise: { type: 'gaussian', mean: seed, sigma: 60 },
        },
      })
        .png()
        .toBuffer();
    const [one, two] = [await noise(100), await noise(120)];
    const a = await upload(small, u.token, one);
    expect(a.status).toBe(201);
    const usage1 = (await api(small.url, 'GET', '/v1/me/media-usage', { token: u.token })).body;
    expect(usage1).toEqual({ usedBytes: a.body.media.size, quotaBytes: 500_000 });
    expect(a.body.media.size).toBeGreaterThan(250_000);
    // The same bytes again cost nothing; different bytes would pass the quota.
    expect((await upload(small, u.token, one)).body.media.id).toBe(a.body.media.id);
    const before = await footprint(small);
    const b = await upload(small, u.token, two);
    expect([b.status, b.body.error.code]).toEqual([413, 'media_quota_exceeded']);
    expect(await footprint(small)).toEqual(before);
    const usage2 = (await api(small.url, 'GET', '/v1/me/media-usage', { token: u.token })).body;
    expect(usage2.usedBytes).toBeLessThanOrEqual(500_000);
  });
});

describe('dedupe', () => {
  it('stores identical bytes once', async () => {
    const u = await registerUser(s.url);
    const rgb = () => Math.floor(Math.random() * 256);
    const bytes = await sharp({
      create: { width: 333, height: 222, channels: 3, background: { r: rgb(), g: rgb(), b: rgb() } },
    })
      .webp()
      .toBuffer();
    const before = await footprint(s);
    const a = await upload(s, u.token, bytes);
    const mid = await footprint(s);
    const b = await upload(s, u.token, bytes);
    expect(b.body.media.id).toBe(a.body.media.id);
    expect(await footprint(s)).toEqual(mid);
    expect(mid.files.length - before.files.length).toBe(5);
    // Another user with the same bytes gets their own item, on the same blob files.
    const c = await upload(s, bob.token, bytes);
    expect(c.body.media.id).not.toBe(a.body.media.id);
    expect((await footprint(s)).files).toEqual(mid.files);
  });
});

describe('access', () => {
  it('lets the uploader and members who got it in a message see it; others get 404', async () => {
    const carol = await registerUser(s.url);
    const r = await upload(s, ann.token, await pngImage(50, 40));
    const id = r.body.media.id as string;
    const get = (u: TestUser) => api(s.url, 'GET', `/v1/media/${id}`, { token: u.token });
    expect((await get(ann)).status).toBe(200);
    expect((await get(bob)).status).toBe(404);
    const byBearer = (u: TestUser) =>
      fetchBytes(`${s.url}/v1/media/${id}/original`, { authorization: `Bearer ${u.token}` });
    expect((await byBearer(ann)).status).toBe(200);
    expect((await byBearer(bob)).status).toBe(404);
    expect((await fetchBytes(`${s.url}/v1/media/${id}/original`)).status).toBe(404);
    const urls = async (u: TestUser) =>
      (
        await api(s.url, 'POST', '/v1/media/urls', {
          token: u.token,
          body: { ids: [id, '01900000-0000-7000-8000-000000000000'] },
        })
      ).body.urls;
    expect(Object.keys(await urls(ann))).toEqual([id]);
    expect(await urls(bob)).toEqual({});

    // Shared in a message of ann and bob: bob may see it, carol still not.
    const conv = await direct(s.url, ann, bob);
    const msg = (await send(s.url, ann, conv, 'look')).body.message;
    await s.server.ctx.storage.write(async (tx) => {
      await tx.db
        .insertInto('message_media')
        .values({ message_id: msg.id, media_id: id, conversation_id: conv, seq: msg.seq, kind: 'image', position: 0 })
        .execute();
    });
    expect((await get(bob)).status).toBe(200);
    expect((await byBearer(bob)).status).toBe(200);
    expect(Object.keys(await urls(bob))).toEqual([id]);
    expect((await get(carol)).status).toBe(404);
  });

  it('serves signed URLs without a token until they expire; tampered or expired ones are 404', async () => {
    const r = await upload(s, ann.token, await pngImage(30, 30));
    const m = r.body.media;
    expect((await fetchBytes(m.url)).status).toBe(200);
    const u = new URL(m.url);
    const sig = u.searchParams.get('sig')!;
    const tampered = new URL(m.url);
    tampered.searchParams.set('sig', (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1));
    expect((await fetchBytes(tampered.href)).status).toBe(404);
    const otherVariant = m.url.replace('/original?', '/thumb320?');
    expect((await fetchBytes(otherVariant)).status).toBe(404);
    const later = new URL(m.url);
    later.searchParams.set('exp', String(Number(u.searchParams.get('exp')) + 300));
    expect((await fetchBytes(later.href)).status).toBe(404);
    const past = Math.floor(Date.now() / 1000) - 10;
    const expired = s.url + s.server.media.signer.path(m.id, 'original', past);
    expect((await fetchBytes(expired)).status).toBe(404);
  });

  it('answers Range requests with 206 and the asked bytes', async () => {
    const r = await upload(s, ann.token, await webpImage(500, 500));
    const m = r.body.media;
    const whole = await fetchBytes(m.url);
    const part = await fetchBytes(m.url, { range: 'bytes=10-109' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 10-109/${m.size}`);
    expect(part.bytes.equals(whole.bytes.subarray(10, 110))).toBe(true);
    const tail = await fetchBytes(m.url, { range: 'bytes=-5' });
    expect(tail.bytes.equals(whole.bytes.subarray(-5))).toBe(true);
    expect((await fetchBytes(m.url, { range: `bytes=${m.size + 10}-` })).status).toBe(416);
  });
});

describe('multipart', () => {
  it('takes a file part, with its claimed type checked against the bytes', async () => {
    const form = new FormData();
    form.append('file', new Blob([await pngImage(20, 10)], { type: 'image/png' }), 'dot.png');
    const res = await fetch(`${s.url}/v1/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ann.token}` },
      body: form,
    });
    const body = (await res.json()) as { media: { fileName: string; width: number } };
    expect(res.status).toBe(201);
    expect(body.media).toMatchObject({ fileName: 'dot.png', width: 20 });
    const bad = new FormData();
    bad.append('file', new Blob([await pngImage(20, 10)], { type: 'image/gif' }), 'dot.gif');
    const res2 = await fetch(`${s.url}/v1/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ann.token}` },
      body: bad,
    });
    expect(res2.status).toBe(400);
  });
});
