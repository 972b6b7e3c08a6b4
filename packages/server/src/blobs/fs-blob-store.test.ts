// The filesystem BlobStore: content addressing, one file per distinct content, ranges, deletes,
// and no temp files left behind.
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { FsBlobStore } from './fs-blob-store.js';

let root: string;
let store: FsBlobStore;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'blobs-'));
  store = await FsBlobStore.open(root);
});
afterEach(async () => rm(root, { recursive: true, force: true }));

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

it('names blobs by their sha256 and keeps identical bytes once', async () => {
  const a = await store.put(Buffer.from('hello world'));
  expect(a).toEqual({ hash: sha('hello world'), size: 11 });
  const b = await store.put(Readable.from([Buffer.from('hello '), Buffer.from('world')]));
  expect(b.hash).toBe(a.hash);
  expect(await readdir(join(root, a.hash.slice(0, 2)))).toEqual([a.hash]);
  expect(await readdir(store.tempDir)).toEqual([]);
  expect(await text(await store.read(a.hash))).toBe('hello world');
  expect(await text(await store.read(a.hash, { start: 6, end: 10 }))).toBe('world');
  expect(await store.size(a.hash)).toBe(11);
});

it('moves a written file in, deletes, and reports absent blobs', async () => {
  const temp = join(store.tempDir, 'x');
  await writeFile(temp, 'abc');
  const info = await store.putFile(temp);
  expect(info).toEqual({ hash: sha('abc'), size: 3 });
  expect(await readdir(store.tempDir)).toEqual([]);
  await store.delete(info.hash);
  expect(await store.size(info.hash)).toBeNull();
  await expect(store.read(info.hash)).rejects.toMatchObject({ code: 'ENOENT' });
  await expect(store.read('../etc/passwd')).rejects.toThrow(/not a blob hash/);
});

it('clears temp files left by a crash when opened', async () => {
  await writeFile(join(store.tempDir, 'left-over'), 'x');
  await FsBlobStore.open(root);
  expect(await readdir(store.tempDir)).toEqual([]);
});

it('leaves nothing behind when the source stream fails', async () => {
  const failing = new Readable({
    read() {
      this.destroy(new Error('connection reset'));
    },
  });
  await expect(store.put(failing)).rejects.toThrow('connection reset');
  expect(await readdir(store.tempDir)).toEqual([]);
  expect((await readdir(root)).filter((n) => n !== '.tmp')).toEqual([]);
});
