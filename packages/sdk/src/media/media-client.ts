// client.media: uploads (raw POST for small files, resumable tus for large ones), waiting until
// the server has processed them (media.updated on the socket, or polling without one), signed
// URLs cached until shortly before they expire, usage, the gallery and photo tags.
import type {
  AddPhotoTagRequest,
  FilterId,
  GalleryKind,
  GalleryResponse,
  Media,
  MediaProgressFrame,
  MediaUsageResponse,
  MediaVariant,
  Message,
} from '@anytime/protocol';
import { MediaResponse } from '@anytime/protocol';
import type { HttpRequest } from 'tus-js-client';
import { ApiError, NetworkError } from '../http/api-error.js';
import type { CallRoute } from '../state/load-state.js';

export type UploadStage = 'uploading' | 'queued' | 'probing' | 'transcoding' | 'thumbnails';

export interface UploadOptions {
  fileName?: string;
  voice?: boolean;
  filter?: FilterId;
  onProgress?: (p: { stage: UploadStage; percent: number }) => void;
  signal?: AbortSignal;
}

export type MediaUrls = Partial<Record<MediaVariant, string>>;

export interface MediaClientDeps {
  baseUrl: string;
  call: CallRoute;
  /** Runs fn with a fresh access token (refreshed when expired). */
  withToken<T>(fn: (token: string) => Promise<T>): Promise<T>;
  /** Subscribes to media.updated events and media.progress frames; each returns an unsubscribe. */
  onUpdated(fn: (media: Media) => void): () => void;
  onProgress(fn: (frame: MediaProgressFrame) => void): () => void;
  /** Files larger than this go over tus (default 8 MiB). */
  resumableAbove?: number;
  /** How often to ask for the state of a processing upload when no event came (default 2 s). */
  pollMs?: number;
  /** Bytes per tus PATCH (default 4 MiB): what a cut connection costs at most. */
  chunkSize?: number;
}

/** URLs are asked for again this long before they expire. */
const URL_MARGIN_MS = 60_000;
const DEFAULT_RESUMABLE_ABOVE = 8 * 1024 * 1024;

export class MediaClient {
  private readonly cache = new Map<string, { urls: MediaUrls; expiresAt: number }>();

  constructor(private readonly deps: MediaClientDeps) {}

  /** Uploads a file and resolves once the server has it ready (throws ApiError if processing failed). */
  async upload(file: Blob | Uint8Array, opts: UploadOptions = {}): Promise<Media> {
    const size = file instanceof Blob ? file.size : file.byteLength;
    // Listen before the upload starts: a short video may be done before the POST answers.
    const updates = new Map<string, Media>();
    const waiters = new Set<(m: Media) => void>();
    const offUpdated = this.deps.onUpdated((m) => {
      updates.set(m.id, m);
      for (const w of waiters) w(m);
    });
    let mediaId: string | null = null;
    const offProgress = this.deps.onProgress((f) => {
      if (f.mediaId === mediaId) opts.onProgress?.({ stage: f.stage, percent: f.percent });
    });
    try {
      opts.onProgress?.({ stage: 'uploading', percent: 0 });
      const uploaded =
        size > (this.deps.resumableAbove ?? DEFAULT_RESUMABLE_ABOVE)
          ? await this.uploadResumable(file, opts)
          : await this.uploadRaw(file, opts);
      opts.onProgress?.({ stage: 'uploading', percent: 100 });
      mediaId = uploaded.id;
      const ready = this.absolute(await this.whenProcessed(uploaded, updates, waiters, opts.signal));
      if (ready.status === 'failed') {
        throw new ApiError('invalid_media', ready.error ?? 'the server could not process this file', 400);
      }
      return ready;
    } finally {
      offUpdated();
      offProgress();
    }
  }

  get(id: string): Promise<Media> {
    return this.deps.call('getMedia', { params: { id } }).then((r) => this.absolute(r.media));
  }

  /** URLs in media.updated events are server-relative (written off the request path). */
  private absolute(m: Media): Media {
    const abs = (u: string) => (u.startsWith('/') ? this.deps.baseUrl + u : u);
    return { ...m, url: abs(m.url), ...(m.thumbnailUrl ? { thumbnailUrl: abs(m.thumbnailUrl) } : {}) };
  }

  /**
   * Signed URLs of every variant of each item, from the cache while they have over a minute
   * left. Items the caller may not see are left out.
   */
  async urls(ids: string[]): Promise<Record<string, MediaUrls>> {
    const now = Date.now();
    const missing = [...new Set(ids)].filter((id) => (this.cache.get(id)?.expiresAt ?? 0) - URL_MARGIN_MS <= now);
    for (let i = 0; i < missing.length; i += 100) {
      const r = await this.deps.call('mediaUrls', { body: { ids: missing.slice(i, i + 100) } });
      const expiresAt = Date.parse(r.expiresAt);
      for (const [id, urls] of Object.entries(r.urls)) this.cache.set(id, { urls, expiresAt });
    }
    const out: Record<string, MediaUrls> = {};
    for (const id of ids) {
      const hit = this.cache.get(id);
      if (hit) out[id] = hit.urls;
    }
    return out;
  }

  usage(): Promise<MediaUsageResponse> {
    return this.deps.call('mediaUsage', {});
  }

  gallery(
    conversationId: string,
    q: { kind: GalleryKind; beforeSeq?: number; limit?: number },
  ): Promise<GalleryResponse> {
    return this.deps.call('listGallery', { params: { id: conversationId }, query: q });
  }

  async addTag(messageId: string, req: AddPhotoTagRequest): Promise<Message> {
    return (await this.deps.call('addPhotoTag', { params: { id: messageId }, body: req })).message;
  }

  async removeTag(messageId: string, tagId: string): Promise<Message> {
    return (await this.deps.call('removePhotoTag', { params: { id: messageId, tagId } })).message;
  }

  private query(opts: UploadOptions): Record<string, string> {
    return {
      ...(opts.voice ? { voice: '1' } : {}),
      ...(opts.filter ? { filter: opts.filter } : {}),
      ...(opts.fileName ? { fileName: opts.fileName } : {}),
    };
  }

  private async uploadRaw(file: Blob | Uint8Array, opts: UploadOptions): Promise<Media> {
    opts.signal?.throwIfAborted();
    const r = await this.deps.call('uploadMedia', { query: this.query(opts), body: file });
    return r.media;
  }

  private async uploadResumable(file: Blob | Uint8Array, opts: UploadOptions): Promise<Media> {
    // Loaded when a large file is first sent: kept out of a web app's first load.
    const { Upload } = await import('tus-js-client');
    const type = file instanceof Blob ? file.type : '';
    // Node reads Buffers; browsers read Blobs.
    const input =
      file instanceof Blob
        ? file
        : typeof Buffer !== 'undefined'
          ? Buffer.from(file)
          : new Blob([new Uint8Array(file)]);
    return new Promise<Media>((resolve, reject) => {
      const upload = new Upload(input, {
        endpoint: `${this.deps.baseUrl}/v1/uploads`,
        chunkSize: this.deps.chunkSize ?? 4 * 1024 * 1024,
        retryDelays: [0, 500, 1500, 3000, 5000],
        removeFingerprintOnSuccess: true,
        metadata: { ...(type ? { filetype: type } : {}), ...this.query(opts) },
        onBeforeRequest: (req: HttpRequest) =>
          this.deps.withToken(async (token) => req.setHeader('Authorization', `Bearer ${token}`)),
        onProgress: (sent, total) =>
          opts.onProgress?.({ stage: 'uploading', percent: total ? Math.min(99, (sent / total) * 100) : 0 }),
        onSuccess: ({ lastResponse }) => {
          try {
            const parsed = MediaResponse.safeParse(JSON.parse(lastResponse.getBody()));
            if (parsed.success) return resolve(parsed.data.media);
          } catch {
            // fall through: ask for it by id
          }
          const id = lastResponse.getHeader('Anytime-Media-Id');
          if (!id) return reject(new ApiError('internal', 'the upload finished without a media id', 500));
          this.get(id).then(resolve, reject);
        },
        onError: (err) => reject(toError(err)),
      });
      opts.signal?.addEventListener('abort', () => {
        void upload.abort(true);
        reject(opts.signal!.reason as Error);
      });
      upload.start();
    });
  }

  /** The item once it is no longer processing: from media.updated, or by asking every pollMs. */
  private async whenProcessed(
    media: Media,
    updates: Map<string, Media>,
    waiters: Set<(m: Media) => void>,
    signal?: AbortSignal,
  ): Promise<Media> {
    if (media.status !== 'processing') return media;
    const early = updates.get(media.id);
    if (early && early.status !== 'processing') return early;
    const pollMs = this.deps.pollMs ?? 2_000;
    return new Promise<Media>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = (m: Media) => {
        if (m.id !== media.id || m.status === 'processing') return;
        clearTimeout(timer);
        waiters.delete(done);
        resolve(m);
      };
      waiters.add(done);
      const poll = () => {
        timer = setTimeout(() => {
          this.get(media.id).then(
            (m) => (m.status === 'processing' ? poll() : done(m)),
            (e: unknown) => (e instanceof NetworkError ? poll() : reject(e)),
          );
        }, pollMs);
      };
      poll();
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        waiters.delete(done);
        reject(signal.reason as Error);
      });
    });
  }
}

function toError(err: Error & { originalResponse?: { getBody(): string; getStatus(): number } | null }): Error {
  const res = err.originalResponse;
  if (!res) return new NetworkError(err.message, { cause: err });
  try {
    const body = JSON.parse(res.getBody()) as { error?: { code?: string; message?: string } };
    if (body.error?.code)
      return new ApiError(body.error.code as never, body.error.message ?? err.message, res.getStatus());
  } catch {
    // not our JSON
  }
  return new ApiError('internal', err.message, res.getStatus());
}
