// BlobStore on the local filesystem: DATA_DIR/blobs/<hash[0..2]>/<hash>. Every write goes to a
// temp file first and is renamed into place, so a reader never sees half a blob and a crash
// leaves at most a temp file (cleared at start).
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isBlobHash, type BlobInfo, type BlobStore } from './blob-store.js';

export class FsBlobStore implements BlobStore {
  readonly tempDir: string;

  private constructor(private readonly root: string) {
    this.tempDir = join(root, '.tmp');
  }

  /** Opens (creating) the store under `root`, removing temp files left by a crash. */
  static async open(root: string): Promise<FsBlobStore> {
    const store = new FsBlobStore(root);
    await mkdir(store.tempDir, { recursive: true });
    for (const name of await readdir(store.tempDir)) await rm(join(store.tempDir, name), { force: true });
    return store;
  }

  private pathOf(hash: string): string {
    if (!isBlobHash(hash)) throw new Error(`not a blob hash: ${hash.slice(0, 80)}`);
    return join(this.root, hash.slice(0, 2), hash);
  }

  async put(source: Buffer | Readable): Promise<BlobInfo> {
    const temp = join(this.tempDir, randomUUID());
    const hasher = createHash('sha256');
    let size = 0;
    const count = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hasher.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    try {
      const input = Buffer.isBuffer(source) ? Readable.from([source]) : source;
      await pipeline(input, count, createWriteStream(temp));
      return await this.putFile(temp, { hash: hasher.digest('hex'), size });
    } finally {
      await rm(temp, { force: true });
    }
  }

  async putFile(path: string, known?: BlobInfo): Promise<BlobInfo> {
    const info = known ?? (await hashFile(path));
    const dest = this.pathOf(info.hash);
    if ((await this.size(info.hash)) !== null) {
      await rm(path, { force: true });
      return info;
    }
    await mkdir(join(this.root, info.hash.slice(0, 2)), { recursive: true });
    await rename(path, dest);
    return info;
  }

  async read(hash: string, range?: { start: number; end: number }): Promise<Readable> {
    const path = this.pathOf(hash);
    await stat(path);
    return createReadStream(path, range);
  }

  async size(hash: string): Promise<number | null> {
    try {
      return (await stat(this.pathOf(hash))).size;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  async delete(hash: string): Promise<void> {
    await rm(this.pathOf(hash), { force: true });
  }

  async localPath(hash: string): Promise<string> {
    const path = this.pathOf(hash);
    await stat(path);
    return path;
  }
}

/** sha256 and size of a file, read as a stream. */
export async function hashFile(path: string): Promise<BlobInfo> {
  const hasher = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    hasher.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { hash: hasher.digest('hex'), size };
}
