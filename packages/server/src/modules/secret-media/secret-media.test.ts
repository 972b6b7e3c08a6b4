// Encrypted attachments of secret chats against a real server and database: stored byte for byte
// and never processed, readable only by the uploader until an MLS message names them, then by the
// chat's members (never by anyone outside it), refused options and sizes leave nothing behind,
// counted in the quota, and deleted by their uploader with their bytes.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../testing.js';
import { api } from '../../test-support/harness.js';
import { fetchBytes, footprint, startMediaServer, upload as mediaUpload } from '../media/media-test-kit.js';
import { pngImage } from '../media/test-images.js';
import * as kit from '../../test-support/secret-chat.js';

let s: TestServer;
beforeAll(async () => {
  s = await startMediaServer({ MEDIA_MAX_BYTES: '100000', MEDIA_QUOTA_BYTES: '250000' });
});
afterAll(() => s.close());

const keyed = () => kit.keyed(s);
const secretChat = (alice: kit.Dev, bob: kit.Dev) => kit.secretChat(s, alice, bob);
const upload = (token: string, conv: string, bytes: Uint8Array, query = '') => kit.upload(s, token, conv, bytes, query);
const download = (token: string, conv: string, blobId: string) => kit.download(s, token, conv, blobId);
const usage = (token: string) => kit.usage(s, token);

describe('encrypted attachments of secret chats', () => {
  it('stores the bytes as they came, for the uploader only until a message names them, then for members, never outsiders', async () => {
    const alice = await keyed();
    const bob = await keyed();
    const stranger = await keyed();
    const { conv, send } = await secretChat(alice, bob);
    // A real PNG: were it processed, it would be re-encoded, thumbnailed and become a media row.
    const jpeg = new Uint8Array(await pngImage(64, 48));
    const before = await footprint(s);
    const up = await upload(alice.token, conv, jpeg);
    expect(up.status).toBe(201);
    expect(up.body.blob).toMatchObject({
      conversationId: conv,
      uploaderId: alice.user.id,
      size: jpeg.length,
      seq: null,
    });
    const id = up.body.blob.id as string;
    const after = await footprint(s);
    expect(after.media).toBe(before.media);
    expect(after.blobs).toBe(before.blobs + 1);
    expect(after.files.length).toBe(before.files.length + 1);

    const own = await download(alice.token, conv, id);
    expect(own.status).toBe(200);
    expect(own.type).toBe('application/octet-stream');
    expect(own.bytes.equals(Buffer.from(jpeg))).toBe(true);
    // Not sent yet: the other member cannot read it; an outsider never can.
    expect((await download(bob.token, conv, id)).status).toBe(404);
    expect((await download(stranger.token, conv, id)).status).toBe(404);

    expect((await send([id])).status).toBe(201);
    const bobs = await download(bob.token, conv, id);
    expect(bobs.status).toBe(200);
    expect(bobs.bytes.equals(Buffer.from(jpeg))).toBe(true);
    expect((await download(stranger.token, conv, id)).status).toBe(404);
    // The outsider cannot upload into the chat either, nor read it through the media routes.
    expect((await upload(stranger.token, conv, randomBytes(10))).status).toBe(404);
    expect((await api(s.url, 'GET', `/v1/media/${id}`, { token: bob.token })).status).toBe(404);

    // A blob goes out with one message only, and only its uploader's.
    const again = await send([id]);
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('media_not_found');
    const bobsBlob = await upload(bob.token, conv, randomBytes(100));
    expect((await send([bobsBlob.body.blob.id])).body.error.code).toBe('media_not_found');
  });

  it('refuses processing options, empty, oversized and over-quota uploads and cloud chats, keeping nothing', async () => {
    const alice = await keyed();
    const bob = await keyed();
    const { conv } = await secretChat(alice, bob);
    const before = await footprint(s);
    const voice = await upload(alice.token, conv, randomBytes(100), '?voice=1');
    expect(voice.status).toBe(400);
    expect((await upload(alice.token, conv, randomBytes(100), '?filter=mono')).status).toBe(400);
    const empty = await upload(alice.token, conv, new Uint8Array());
    expect(empty.body.error.code).toBe('invalid_media');
    const big = await upload(alice.token, conv, randomBytes(100_000 + 29));
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('media_too_large');
    const cloud = await api(s.url, 'POST', '/v1/conversations', {
      token: alice.token,
      body: { kind: 'direct', memberIds: [bob.user.id] },
    });
    const inCloud = await upload(alice.token, cloud.body.conversation.id as string, randomBytes(100));
    expect(inCloud.body.error.code).toBe('not_secret_conversation');
    expect(await footprint(s)).toEqual(before);

    // Quota: 250,000 bytes; blobs count like any upload.
    expect(await usage(alice.token)).toBe(0);
    const a = await upload(alice.token, conv, randomBytes(100_000 + 28));
    const b = await upload(alice.token, conv, randomBytes(100_000));
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(await usage(alice.token)).toBe(200_028);
    const over = await upload(alice.token, conv, randomBytes(60_000));
    expect(over.status).toBe(413);
    expect(over.body.error.code).toBe('media_quota_exceeded');

    // Deleting: not someone else's; the uploader's frees the quota and the bytes.
    const mid = await footprint(s);
    const del = (token: string, id: string) =>
      api(s.url, 'DELETE', `/v1/conversations/${conv}/mls/blobs/${id}`, { token });
    expect((await del(bob.token, a.body.blob.id as string)).status).toBe(404);
    expect((await del(alice.token, a.body.blob.id as string)).status).toBe(204);
    expect((await download(alice.token, conv, a.body.blob.id as string)).status).toBe(404);
    expect(await usage(alice.token)).toBe(100_000);
    const gone = await footprint(s);
    expect(gone.blobs).toBe(mid.blobs - 1);
    expect(gone.files.length).toBe(mid.files.length - 1);
  });

  it('deleting a blob keeps bytes that an ordinary upload of the same content still uses', async () => {
    const [alice, bob] = await Promise.all([keyed(), keyed()]);
    const { conv } = await secretChat(alice, bob);
    // Storage is content-addressed: the same bytes uploaded as a file and as a blob share a file.
    const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(5_000)]);
    const file = await mediaUpload(s, alice.token, bytes, {
      contentType: 'application/pdf',
      query: { fileName: 'same.pdf' },
    });
    expect(file.status).toBe(201);
    const id = file.body.media.id as string;
    const blob = await upload(alice.token, conv, bytes);
    expect(blob.status).toBe(201);
    const del = await api(s.url, 'DELETE', `/v1/conversations/${conv}/mls/blobs/${blob.body.blob.id as string}`, {
      token: alice.token,
    });
    expect(del.status).toBe(204);
    await new Promise((r) => setTimeout(r, 300));
    const original = await fetchBytes(`${s.url}/v1/media/${id}/original`, { authorization: `Bearer ${alice.token}` });
    expect(original.status).toBe(200);
    expect(original.bytes.equals(bytes)).toBe(true);
  });
});
