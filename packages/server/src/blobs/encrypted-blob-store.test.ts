// The encrypted blob store on a real directory: files hold no plaintext, identical bytes are
// stored once under an HMAC address (not their sha256), every range (inside a chunk, across
// chunks, the last byte, a whole exact-chunk file, an empty file) reads back exactly, and a
// changed or truncated file does not authenticate.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataKey } from '../modules/at-rest/value-cipher.js';
import { CHUNK } from './blob-cipher.js';
import { EncryptedBlobStore } from './encrypted-blob-store.js';

const key: DataKey = { id: randomBytes(16).toString('base64url'), scope: 'g:blobs', version: 1, key: randomBytes(32) };
let root: string;
let store: EncryptedBlobStore;

async function bytes(r: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of r) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'anytime-eblobs-'));
  store = await EncryptedBlobStore.open(root, key, async () => undefined);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('EncryptedBlobStore', () => {
  it('stores identical bytes once, under an address that is not their sha256, with no plaintext in the file', async () => {
    const data = Buffer.concat([randomBytes(1000), Buffer.from('plainwordmarker'), randomBytes(200_000)]);
    const a = await store.put(data);
    const b = await store.put(data);
    expect(a).toEqual(b);
    expect(a.size).toBe(data.length);
    expect(a.hash).not.toBe(createHash('sha256').update(data).digest('hex'));
    const file = readFileSync(join(root, a.hash.slice(0, 2), a.hash));
    expect(file.includes(Buffer.from('plainwordmarker'))).toBe(false);
    expect(await store.size(a.hash)).toBe(data.length);
    expect((await bytes(await store.read(a.hash))).equals(data)).toBe(true);
  });

  it('reads every kind of range exactly', async () => {
    for (const len of [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 17]) {
      const data = randomBytes(len);
      const { hash, size } = await store.put(data);
      expect(size).toBe(len);
      expect(await store.size(hash)).toBe(len);
      expect((await bytes(await store.read(hash))).equals(data)).toBe(true);
      const ranges =
        len === 0
          ? []
          : [
              [0, 0],
              [len - 1, len - 1],
              [0, len - 1],
              [Math.floor(len / 3), Math.floor((2 * len) / 3)],
            ];
      if (len > CHUNK + 10) ranges.push([CHUNK - 5, CHUNK + 5]);
      for (const [start, end] of ranges) {
        const got = await bytes(await store.read(hash, { start: start!, end: end! }));
        expect(got.equals(data.subarray(start, end! + 1)), `${len} ${start}-${end}`).toBe(true);
      }
    }
  });

  it('refuses a changed or truncated file, and puts a file given by path, removing it', async () => {
    const data = randomBytes(2 * CHUNK + 100);
    const { hash } = await store.put(data);
    const path = join(root, hash.slice(0, 2), hash);
    const orig = readFileSync(path);
    const flipped = Buffer.from(orig);
    flipped[orig.length - 40]! ^= 1;
    writeFileSync(path, flipped);
    await expect(bytes(await store.read(hash))).rejects.toThrow(/does not authenticate/);
    writeFileSync(path, orig);
    // Cut after the second chunk: the second chunk was not sealed as the last one.
    truncateSync(path, 36 + 2 * (CHUNK + 16));
    await expect(bytes(await store.read(hash))).rejects.toThrow(/does not authenticate/);

    const plainFile = join(store.tempDir, 'upload');
    writeFileSync(plainFile, 'a caption file');
    const info = await store.putFile(plainFile);
    expect(readdirSync(store.tempDir)).toEqual([]);
    expect(await text(await store.read(info.hash))).toBe('a caption file');
    const copy = await store.localPath(info.hash, root);
    expect(readFileSync(copy, 'utf8')).toBe('a caption file');
  });
});
