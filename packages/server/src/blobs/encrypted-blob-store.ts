// BlobStore that keeps media encrypted at rest (docs/encryption-at-rest.md): DATA_DIR/blobs/
// <addr[0..2]>/<addr>, where the address is HMAC-SHA256 of the bytes under a key derived from the
// blob data key (scope `g:blobs`, wrapped by the master key): identical bytes are still stored
// once, but neither the file name nor the database reveals the plaintext's sha256. Files use the
// chunked format of blob-cipher.ts; a Range request decrypts only the chunks it needs. Plaintext
// touches the disk only in temp files that are removed: uploads being received (media/receive.ts)
// and the decrypted copy ffmpeg reads (localPath, inside the job's work directory).
import { createHmac, hkdfSync, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DataKey } from '../modules/at-rest/value-cipher.js';
import {
  CHUNK,
  fileKey,
  header,
  HEADER_BYTES,
  newSalt,
  openChunk,
  parseHeader,
  plainSize,
  SEALED_CHUNK,
  sealChunk,
} from './blob-cipher.js';
import { isBlobHash, type BlobInfo, type BlobStore } from './blob-store.js';

export class EncryptedBlobStore implements BlobStore {
  readonly tempDir: string;
  private readonly addressKey: Buffer;

  private constructor(
    private readonly root: string,
    private readonly key: DataKey,
    /** Finds an older blob data key by id (after a rotation). */
    private readonly keyById: (id: string) => Promise<DataKey | undefined>,
  ) {
    this.tempDir = join(root, '.tmp');
    this.addressKey = Buffer.from(hkdfSync('sha256', key.key, Buffer.alloc(0), 'anytime blob address v1', 32));
  }

  static async open(
    root: string,
    key: DataKey,
    keyById: (id: string) => Promise<DataKey | undefined>,
  ): Promise<EncryptedBlobStore> {
    const store = new EncryptedBlobStore(root, key, keyById);
    await mkdir(store.tempDir, { recursive: true });
    for (const name of await readdir(store.tempDir))
      await rm(join(store.tempDir, name), { recursive: true, force: true });
    return store;
  }

  private pathOf(hash: string): string {
    if (!isBlobHash(hash)) throw new Error(`not a blob hash: ${hash.slice(0, 80)}`);
    return join(this.root, hash.slice(0, 2), hash);
  }

  async put(source: Buffer | Readable): Promise<BlobInfo> {
    const temp = join(this.tempDir, randomUUID());
    const mac = createHmac('sha256', this.addressKey);
    const salt = newSalt();
    const fk = fileKey(this.key, salt);
    let size = 0;
    let index = 0;
    let pending: Buffer = Buffer.alloc(0);
    const input = Buffer.isBuffer(source) ? Readable.from([source]) : source;
    const head = header(this.key, salt);
    async function* encrypt(chunks: AsyncIterable<Buffer>) {
      yield head;
      for await (const chunk of chunks) {
        mac.update(chunk);
        size += chunk.length;
        pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
        // A full chunk is sealed once more bytes follow (only the last one is marked last).
        while (pending.length > CHUNK) {
          yield sealChunk(fk, index++, pending.subarray(0, CHUNK), false);
          pending = pending.subarray(CHUNK);
        }
      }
      yield sealChunk(fk, index++, pending, true);
    }
    try {
      await pipeline(input, encrypt, createWriteStream(temp));
      const info = { hash: mac.digest('hex'), size };
      const dest = this.pathOf(info.hash);
      if ((await this.size(info.hash)) === null) {
        await mkdir(join(this.root, info.hash.slice(0, 2)), { recursive: true });
        await rename(temp, dest);
      }
      return info;
    } finally {
      await rm(temp, { force: true });
    }
  }

  /** Encrypts a plaintext file into the store and removes it (the caller's hash is not the address). */
  async putFile(path: string): Promise<BlobInfo> {
    try {
      return await this.put(createReadStream(path));
    } finally {
      await rm(path, { force: true });
    }
  }

  async read(hash: string, range?: { start: number; end: number }): Promise<Readable> {
    const path = this.pathOf(hash);
    const fileSize = (await stat(path)).size;
    const total = plainSize(fileSize);
    const start = range?.start ?? 0;
    const end = Math.min(range?.end ?? total - 1, total - 1);
    const lastIndex = Math.max(0, Math.ceil(total / CHUNK) - 1);
    const keyOf = async (id: string) => (id === this.key.id ? this.key : await this.keyById(id));
    async function* chunks() {
      const fh = await open(path, 'r');
      try {
        const head = Buffer.alloc(HEADER_BYTES);
        await fh.read(head, 0, HEADER_BYTES, 0);
        const h = parseHeader(head);
        const k = await keyOf(h.keyId);
        if (!k) throw new Error(`blob ${hash.slice(0, 12)} is sealed under an unknown data key`);
        const fk = fileKey(k, h.salt);
        if (end < start) return;
        for (let i = Math.floor(start / CHUNK); i <= Math.floor(end / CHUNK); i++) {
          const buf = Buffer.alloc(SEALED_CHUNK);
          const { bytesRead } = await fh.read(buf, 0, SEALED_CHUNK, HEADER_BYTES + i * SEALED_CHUNK);
          const plain = openChunk(fk, i, buf.subarray(0, bytesRead), i === lastIndex);
          const from = i === Math.floor(start / CHUNK) ? start - i * CHUNK : 0;
          const to = i === Math.floor(end / CHUNK) ? end - i * CHUNK + 1 : plain.length;
          yield plain.subarray(from, to);
        }
      } finally {
        await fh.close();
      }
    }
    return Readable.from(chunks());
  }

  async size(hash: string): Promise<number | null> {
    try {
      return plainSize((await stat(this.pathOf(hash))).size);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  async delete(hash: string): Promise<void> {
    await rm(this.pathOf(hash), { force: true });
  }

  /** Decrypts the blob into `dir` (the caller's work directory, which it removes). */
  async localPath(hash: string, dir?: string): Promise<string> {
    const target = join(dir ?? this.tempDir, `plain-${hash.slice(0, 16)}-${randomUUID()}`);
    await pipeline(await this.read(hash), createWriteStream(target, { mode: 0o600 }));
    return target;
  }
}
