// The sweep of encrypted attachments uploaded but never sent, against a real server (its periodic
// sweeper on, with a 2 s age limit): a blob with no message goes with its bytes and frees the
// quota; a sent blob stays; bytes another blob or an ordinary upload still uses stay; two sweeps
// at once (two nodes) delete each blob once.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../testing.js';
import { fetchBytes, footprint, startMediaServer, upload as mediaUpload } from '../media/media-test-kit.js';
import * as kit from '../../test-support/secret-chat.js';
import { sweepUnsentBlobs } from './unsent-sweep.js';

let s: TestServer;
beforeAll(async () => {
  s = await startMediaServer({ SECRET_BLOB_UNSENT_TTL_SECONDS: '2', EXPIRY_SWEEP_INTERVAL_MS: '100' });
});
afterAll(() => s.close());

const upload = async (token: string, conv: string, bytes: Uint8Array) => {
  const r = await kit.upload(s, token, conv, bytes);
  expect(r.status).toBe(201);
  return r.body.blob.id as string;
};

async function until(check: () => Promise<boolean>, ms = 8_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('unsent encrypted attachments', () => {
  it('are deleted with their bytes once older than the limit; sent blobs and shared bytes stay', async () => {
    const [alice, bob] = await Promise.all([kit.keyed(s), kit.keyed(s)]);
    const { conv, send } = await kit.secretChat(s, alice, bob);
    const shared = randomBytes(3_000);
    const asFile = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(2_000)]);
    const file = await mediaUpload(s, alice.token, asFile, {
      contentType: 'application/pdf',
      query: { fileName: 'same.pdf' },
    });
    expect(file.status).toBe(201);
    const usageBefore = await kit.usage(s, alice.token);
    const before = await footprint(s);

    const lone = await upload(alice.token, conv, randomBytes(1_000)); // bytes of its own
    const sent = await upload(alice.token, conv, shared);
    const twin = await upload(alice.token, conv, shared); // same bytes as the sent one
    const fileTwin = await upload(alice.token, conv, asFile); // same bytes as the ordinary upload
    expect((await send([sent])).status).toBe(201);
    // Young: nothing goes yet.
    expect((await kit.download(s, alice.token, conv, lone)).status).toBe(200);
    expect((await footprint(s)).files.length).toBe(before.files.length + 2);

    await until(async () => (await kit.download(s, alice.token, conv, lone)).status === 404);
    await until(async () => (await kit.download(s, alice.token, conv, twin)).status === 404);
    await until(async () => (await kit.download(s, alice.token, conv, fileTwin)).status === 404);
    // The sent blob stays for both members, and so do the bytes it shares with the swept twin.
    const bobs = await kit.download(s, bob.token, conv, sent);
    expect(bobs.status).toBe(200);
    expect(bobs.bytes.equals(shared)).toBe(true);
    // The ordinary upload still has its bytes.
    const original = await fetchBytes(`${s.url}/v1/media/${file.body.media.id as string}/original`, {
      authorization: `Bearer ${alice.token}`,
    });
    expect(original.status).toBe(200);
    expect(original.bytes.equals(asFile)).toBe(true);
    // Only the lone blob's file is gone; the quota counts the sent blob only.
    const after = await footprint(s);
    expect(after.files.length).toBe(before.files.length + 1);
    expect(after.blobs).toBe(before.blobs + 1);
    expect(await kit.usage(s, alice.token)).toBe(usageBefore + shared.length);
  });

  it('two sweeps at once (two nodes) delete each unsent blob once', async () => {
    const [alice, bob] = await Promise.all([kit.keyed(s), kit.keyed(s)]);
    const { conv } = await kit.secretChat(s, alice, bob);
    // An hour on: blobs uploaded now are due (the running sweeper, on the real clock, leaves them
    // alone so soon). Whatever else is due goes first.
    const later = new Date(Date.now() + 3_600_000);
    const { ctx, media } = s.server;
    await sweepUnsentBlobs(ctx, media, later);
    const before = await footprint(s);
    const ids = [];
    for (let i = 0; i < 6; i++) ids.push(await upload(alice.token, conv, randomBytes(500)));
    const [a, b] = await Promise.all([sweepUnsentBlobs(ctx, media, later), sweepUnsentBlobs(ctx, media, later)]);
    expect(a + b).toBe(6);
    for (const id of ids) expect((await kit.download(s, alice.token, conv, id)).status).toBe(404);
    expect(await footprint(s)).toEqual(before);
    expect(await kit.usage(s, alice.token)).toBe(0);
  });
});
