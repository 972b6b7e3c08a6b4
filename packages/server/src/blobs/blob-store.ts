// The store of media bytes: content-addressed (the sha256 of the bytes is the name), so identical
// bytes are kept once. The interface is what the media module uses; the filesystem store below is
// the only implementation today, chosen in openBlobStore so that object storage can come later.
import type { Readable } from 'node:stream';

export interface BlobInfo {
  hash: string;
  size: number;
}

export interface BlobStore {
  /** Stores bytes (a buffer or a stream), hashing while writing; returns their hash and size. */
  put(source: Buffer | Readable): Promise<BlobInfo>;
  /**
   * Moves a file the caller wrote into the store (temp file on the same disk). `known` skips
   * re-hashing when the caller hashed the bytes while writing them.
   */
  putFile(path: string, known?: BlobInfo): Promise<BlobInfo>;
  /** The bytes (or the inclusive byte range start..end); rejects with code ENOENT when absent. */
  read(hash: string, range?: { start: number; end: number }): Promise<Readable>;
  /** Size in bytes, or null when there is no such blob. */
  size(hash: string): Promise<number | null>;
  /** Removes a blob; absent blobs are fine. */
  delete(hash: string): Promise<void>;
  /**
   * A local path with the blob's bytes, for tools that read files (ffmpeg). An encrypted store
   * writes a decrypted copy into `dir` (the caller's work directory, removed by the caller).
   */
  localPath(hash: string, dir?: string): Promise<string>;
  /** A directory for temp files on the same disk as the store (renames stay atomic). */
  readonly tempDir: string;
}

export const isBlobHash = (s: string): boolean => /^[0-9a-f]{64}$/.test(s);
