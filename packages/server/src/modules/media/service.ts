// The media service: turns received bytes into a stored media item (sniff, check claims, dedupe,
// quota, image pipeline or queued processing), and records the result of background processing.
// Routes (raw, multipart, tus) and the job worker all go through here, so every path applies the
// same checks and a refused upload leaves no row, no blob and no temp file behind.
import { rm } from 'node:fs/promises';
import type { Media, MediaKind, MediaVariant, UploadQuery } from '@anytime/protocol';
import type { BlobStore } from '../../blobs/blob-store.js';
import { openBlobStore } from '../../blobs/open.js';
import { nowIso, type AppContext } from '../../context.js';
import { ApiError } from '../../http/errors.js';
import { newId } from '../../ids.js';
import type { Tx } from '../../storage/storage.js';
import { processImage, type ImageOutput } from './image.js';
import { enqueueMediaJob, publishMediaProgress, type MediaJobKind } from './jobs/index.js';
import type { ProcessedMedia } from './processing/index.js';
import type { ReceivedFile } from './receive.js';
import { mediaRow, toMedia, usedBytes, variantsOf, type MediaRow, type VariantMap } from './rows.js';
import { checkClaims, sniffFile } from './sniff.js';
import { loadMediaUrlSecret, UrlSigner } from './signing.js';

export interface Claims {
  contentType?: string;
  fileName?: string;
}

/** A file to keep as a variant: bytes in memory or a file on the blob store's disk. */
export type VariantSource = { variant: MediaVariant; contentType: string } & (
  { data: Buffer } | { path: string; known?: { hash: string; size: number } }
);

/** At most n tasks at once (each image decode holds the whole bitmap in memory). */
class Gate {
  private running = 0;
  private waiting: (() => void)[] = [];
  constructor(private readonly n: number) {}
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.n) await new Promise<void>((r) => this.waiting.push(r));
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}

export class MediaService {
  private readonly images: Gate;
  /** Wakes this node's media worker after a job was queued (set by the server when it runs one). */
  wakeWorker: (() => void) | null = null;

  private constructor(
    private readonly ctx: AppContext,
    readonly blobs: BlobStore,
    readonly signer: UrlSigner,
  ) {
    this.images = new Gate(ctx.config.MEDIA_IMAGE_CONCURRENCY);
  }

  static async open(ctx: AppContext): Promise<MediaService> {
    const signer = new UrlSigner(await loadMediaUrlSecret(ctx.storage), ctx.config.MEDIA_URL_TTL_SECONDS);
    return new MediaService(ctx, await openBlobStore(ctx.config, ctx.storage), signer);
  }

  get tempDir(): string {
    return this.blobs.tempDir;
  }

  toMedia(row: MediaRow, base = ''): Media {
    return toMedia(row, this.signer, base);
  }

  /** Throws media_quota_exceeded when `extra` more bytes would take the user over their quota. */
  async checkQuota(userId: string, extra: number): Promise<void> {
    const used = await usedBytes(this.ctx.storage.read, userId);
    if (used + extra > this.ctx.config.MEDIA_QUOTA_BYTES) {
      throw new ApiError(
        'media_quota_exceeded',
        `this upload would take you over your storage quota of ${this.ctx.config.MEDIA_QUOTA_BYTES} bytes`,
      );
    }
  }

  /**
   * Stores a received upload as a media item of `userId`. The temp file is always gone afterwards.
   * Images are processed now (status ready); video and audio are queued (status processing).
   * The same bytes uploaded again by the same user (same kind and filter) return the existing item.
   */
  async ingest(userId: string, file: ReceivedFile, claims: Claims, query: UploadQuery): Promise<MediaRow> {
    try {
      if (file.size === 0) throw new ApiError('invalid_media', 'the upload is empty');
      const sniffed = await sniffFile(file.path, query.voice !== undefined);
      const fileName = query.fileName ?? claims.fileName ?? null;
      checkClaims(sniffed, { ...claims, ...(fileName ? { fileName } : {}) });
      const filter = query.filter && query.filter !== 'none' ? query.filter : null;
      const same = await this.ctx.storage.read
        .selectFrom('media')
        .selectAll()
        .where('uploader_id', '=', userId)
        .where('source_hash', '=', file.hash)
        .where('kind', '=', sniffed.kind)
        .where('status', '!=', 'failed')
        .where((eb) => (filter ? eb('filter', '=', filter) : eb('filter', 'is', null)))
        .executeTakeFirst();
      if (same) return same;
      await this.checkQuota(userId, file.size);

      const base = {
        id: newId(),
        uploader_id: userId,
        kind: sniffed.kind,
        file_name: fileName,
        duration_ms: null,
        waveform: null,
        filter,
        source_hash: file.hash,
        error: null,
        created_at: nowIso(),
      };
      if (sniffed.kind === 'image') {
        const img = await this.images.run(() =>
          processImage(file.path, sniffed.mime, {
            maxPixels: this.ctx.config.MEDIA_MAX_PIXELS,
            ...(filter ? { filter } : {}),
          }),
        );
        const variants = await this.storeVariants(img.outputs);
        const row: MediaRow = {
          ...base,
          status: 'ready',
          content_type: img.contentType,
          size: variants.original!.size,
          width: img.width,
          height: img.height,
          placeholder: img.placeholder,
          variants: JSON.stringify(variants),
        };
        await this.insert(row, variants);
        return row;
      }
      const queued = sniffed.kind !== 'file';
      // Hashed while it was received: moved in without reading it again.
      const known = { hash: file.hash, size: file.size };
      const variants = await this.storeVariants([
        { variant: 'original', contentType: sniffed.mime, path: file.path, known },
      ]);
      const row: MediaRow = {
        ...base,
        status: queued ? 'processing' : 'ready',
        content_type: sniffed.mime,
        size: file.size,
        width: null,
        height: null,
        placeholder: null,
        variants: JSON.stringify(variants),
      };
      await this.insert(row, variants, async (tx) => {
        if (!queued) return;
        const kind = row.kind as MediaJobKind;
        await enqueueMediaJob(tx, { mediaId: row.id, uploaderId: userId, kind, payload: filter ? { filter } : {} });
      });
      if (queued) {
        publishMediaProgress(this.ctx.broker, userId, { mediaId: row.id, stage: 'queued', percent: 0 });
        this.wakeWorker?.();
      }
      return row;
    } finally {
      await rm(file.path, { force: true });
    }
  }

  /** Writes each output into the blob store (a path is moved in, bytes are written). */
  async storeVariants(sources: (VariantSource | ImageOutput)[]): Promise<VariantMap> {
    const out: VariantMap = {};
    for (const s of sources) {
      const info =
        'path' in s
          ? await this.blobs.putFile(s.path, 'known' in s ? s.known : undefined)
          : await this.blobs.put(s.data);
      out[s.variant] = { hash: info.hash, contentType: s.contentType, size: info.size };
    }
    return out;
  }

  /** Inserts the media row and its blob rows; on failure removes blob files no row names. */
  private async insert(row: MediaRow, variants: VariantMap, more?: (tx: Tx) => Promise<void>): Promise<void> {
    await this.insertRows(variants, async (tx) => {
      await tx.db.insertInto('media').values(row).execute();
      await more?.(tx);
    });
  }

  /**
   * Records stored variants' blob rows and whatever rows name them (`rows`) in one transaction;
   * on failure removes the blob files no row names.
   */
  async insertRows(variants: VariantMap, rows: (tx: Tx) => Promise<unknown>): Promise<void> {
    try {
      await this.ctx.storage.write(async (tx) => {
        await this.recordBlobs(tx, variants);
        await rows(tx);
      });
    } catch (e) {
      await this.dropUnrecorded(variants);
      throw e;
    }
  }

  private async recordBlobs(tx: Tx, variants: VariantMap): Promise<void> {
    const now = nowIso();
    for (const v of Object.values(variants)) {
      await tx.db
        .insertInto('blobs')
        .values({ hash: v.hash, size: v.size, created_at: now })
        .onConflict((oc) => oc.column('hash').doNothing())
        .execute();
    }
  }

  private async dropUnrecorded(variants: VariantMap): Promise<void> {
    for (const v of Object.values(variants)) {
      const known = await this.ctx.storage.read
        .selectFrom('blobs')
        .select('hash')
        .where('hash', '=', v.hash)
        .executeTakeFirst();
      if (!known) await this.blobs.delete(v.hash);
    }
  }

  /**
   * The slow half of recording processed media (outside any transaction): B's output files are
   * moved into the blob store, and a poster gets thumbnails and a placeholder from the image
   * pipeline. Returns the row update that commitProcessed writes.
   */
  async prepareProcessed(row: MediaRow, result: ProcessedMedia, kind: MediaKind): Promise<Partial<MediaRow>> {
    const extra: ImageOutput[] = [];
    let placeholder: string | null = null;
    const poster = result.files.find((f) => f.variant === 'poster');
    if (poster) {
      const img = await this.images.run(() =>
        processImage(poster.path, 'image/jpeg', { maxPixels: this.ctx.config.MEDIA_MAX_PIXELS, thumbnailsOnly: true }),
      );
      extra.push(...img.outputs);
      placeholder = img.placeholder;
    }
    const variants: VariantMap = { ...variantsOf(row), ...(await this.storeVariants([...result.files, ...extra])) };
    // The normalized playback file becomes the original (its type and size are what clients get);
    // audio that browsers play as it is keeps the upload as its original.
    if (variants.playback) variants.original = variants.playback;
    return {
      kind,
      status: 'ready',
      width: result.width,
      height: result.height,
      duration_ms: result.durationMs,
      waveform: result.waveform ? JSON.stringify(result.waveform) : null,
      placeholder,
      variants: JSON.stringify(variants),
      content_type: variants.original!.contentType,
      size: variants.original!.size,
      error: null,
    };
  }

  /**
   * Writes the outcome of processing (a prepared update, or a failure) in the job's transaction
   * and tells the uploader's devices (media.updated). Returns the upload's source blob when no
   * media item or secret blob names it any more (releaseHashes); dropBlobLater removes it once
   * that is committed.
   */
  async commitProcessed(tx: Tx, mediaId: string, update: Partial<MediaRow>): Promise<string | null> {
    const row = await mediaRow(tx.db, mediaId);
    if (!row || row.status !== 'processing') return null;
    const next: MediaRow = { ...row, ...update };
    if (update.variants) await this.recordBlobs(tx, JSON.parse(update.variants) as VariantMap);
    await tx.db.updateTable('media').set(update).where('id', '=', mediaId).execute();
    await tx.append({ type: 'media.updated', at: nowIso(), media: this.toMedia(next) }, { userId: row.uploader_id });
    const source = variantsOf(row).original?.hash;
    if (!source || update.status !== 'ready') return null;
    const [released] = await releaseHashes(tx, [source]);
    return released ?? null;
  }

  /**
   * Removes a blob file once its row is gone for good (the deleting transaction committed and no
   * new upload of the same bytes recorded it again meanwhile).
   */
  dropBlobLater(hash: string, delayMs = 2_000): void {
    setTimeout(() => {
      void this.dropBlob(hash).catch((err: unknown) => this.ctx.log.warn({ err }, 'dropping a media blob failed'));
    }, delayMs).unref();
  }

  /** Removes a blob file now, unless a row names it again (call after the deleting transaction). */
  async dropBlob(hash: string): Promise<void> {
    const again = await this.ctx.storage.read
      .selectFrom('blobs')
      .select('hash')
      .where('hash', '=', hash)
      .executeTakeFirst();
    if (!again) await this.blobs.delete(hash);
  }
}

/**
 * Whether a stored blob is still named by a media item's variants or by a secret chat's encrypted
 * attachment. Storage is content-addressed, so the same bytes uploaded both ways share one blob.
 */
async function blobInUse(tx: Tx, hash: string): Promise<boolean> {
  const media = await tx.db.selectFrom('media').select('id').where('variants', 'like', `%${hash}%`).executeTakeFirst();
  if (media) return true;
  const secret = await tx.db.selectFrom('mls_blobs').select('id').where('hash', '=', hash).executeTakeFirst();
  return secret !== undefined;
}

/**
 * Once the rows naming some blobs are gone or changed (in the same transaction): the blob-store
 * rows of those hashes that no media item or secret blob names any more are deleted too. Returns them: drop their bytes after the commit.
 */
export async function releaseHashes(tx: Tx, hashes: Iterable<string>): Promise<string[]> {
  const orphans: string[] = [];
  for (const hash of new Set(hashes)) {
    if (await blobInUse(tx, hash)) continue;
    await tx.db.deleteFrom('blobs').where('hash', '=', hash).execute();
    orphans.push(hash);
  }
  return orphans;
}
