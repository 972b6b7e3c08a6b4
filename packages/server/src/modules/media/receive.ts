// Receiving an upload's bytes: streamed to a temp file next to the blob store while they are
// hashed and counted, stopping at MEDIA_MAX_BYTES. On any failure the temp file is removed, so a
// refused or broken upload leaves nothing behind.
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ApiError } from '../../http/errors.js';

export interface ReceivedFile {
  path: string;
  /** sha256 hex of the bytes as uploaded. */
  hash: string;
  size: number;
}

export const tooLarge = (max: number): ApiError =>
  new ApiError('media_too_large', `the upload is larger than ${max} bytes`);

export async function receiveToTemp(source: Readable, tempDir: string, maxBytes: number): Promise<ReceivedFile> {
  const path = join(tempDir, `upload-${randomUUID()}`);
  const hasher = createHash('sha256');
  let size = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > maxBytes) return done(tooLarge(maxBytes));
      hasher.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(source, limit, createWriteStream(path));
  } catch (e) {
    await rm(path, { force: true });
    if (e instanceof ApiError) throw e;
    throw new ApiError('invalid_media', 'the upload was cut off before its end');
  }
  return { path, hash: hasher.digest('hex'), size };
}
