// Resumable uploads with the tus protocol (@tus/server) at /v1/uploads, for large files and flaky
// networks: the client creates an upload (POST, Upload-Length, Upload-Metadata with filename,
// filetype and the UploadQuery options), sends PATCHes, and after a cut resumes from the offset
// HEAD reports. Every request carries the bearer token; an upload belongs to whoever created it.
// Parts are kept by the FileStore under DATA_DIR/uploads. When the last byte arrives the same
// ingest as POST /v1/media runs; the final PATCH answers 200 with `{ media }` and the header
// `Anytime-Media-Id`. Refused uploads are removed entirely; unfinished ones after a day.
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { FileStore } from '@tus/file-store';
import { Server } from '@tus/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseWith, UploadQuery } from '@anytime/protocol';
import type { AppContext } from '../../context.js';
import { ApiError, toApiError } from '../../http/errors.js';
import { requireActiveDevice } from '../accounts/actions.js';
import type { AuthContext } from '../accounts/tokens.js';
import { hashFile } from '../../blobs/fs-blob-store.js';
import type { MediaService } from './service.js';

export const TUS_PATH = '/v1/uploads';
export const MEDIA_ID_HEADER = 'Anytime-Media-Id';

/** What @tus/server sends when a hook throws: our JSON error body with its status. */
const tusError = (e: unknown) => {
  const err = toApiError(e);
  return { status_code: err.status, body: JSON.stringify(err.toBody()) };
};

/** Unfinished uploads are removed this long after they were created. */
const EXPIRE_MS = 24 * 3_600_000;

export function tusRoutes(app: FastifyInstance, ctx: AppContext, media: MediaService): { stop(): void } {
  const directory = join(ctx.config.dataDir, 'uploads');
  const datastore = new FileStore({ directory, expirationPeriodInMilliseconds: EXPIRE_MS });
  const sweeper = setInterval(() => {
    datastore.deleteExpired().catch((err: unknown) => ctx.log.warn({ err }, 'removing expired uploads failed'));
  }, 3_600_000);
  sweeper.unref();

  const authOf = async (req: Request): Promise<AuthContext> => {
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.get('authorization') ?? '');
    if (!m) throw new ApiError('unauthorized', 'sign in first: send Authorization: Bearer <accessToken>');
    const auth = await ctx.tokens.verifyAccess(m[1]!);
    await requireActiveDevice(ctx, auth);
    return auth;
  };
  const removeParts = async (id: string) => {
    await rm(join(directory, id), { force: true });
    await rm(join(directory, `${id}.json`), { force: true });
  };

  const tus = new Server({
    path: TUS_PATH,
    datastore,
    maxSize: ctx.config.MEDIA_MAX_BYTES,
    exposedHeaders: [MEDIA_ID_HEADER],
    namingFunction: () => randomUUID().replaceAll('-', ''),
    async onIncomingRequest(req, uploadId) {
      if (req.method === 'OPTIONS') return;
      try {
        const auth = await authOf(req);
        if (req.method === 'POST') return;
        const upload = await datastore.getUpload(uploadId).catch(() => null);
        if (!upload || upload.metadata?.['owner'] !== auth.userId) throw new ApiError('not_found', 'no such upload');
      } catch (e) {
        throw tusError(e);
      }
    },
    async onUploadCreate(req, upload) {
      try {
        const auth = await authOf(req);
        const meta = upload.metadata ?? {};
        const query = parseWith(UploadQuery, pickQuery(meta));
        if (!query.ok) throw new ApiError(query.code, query.message);
        if (upload.size !== undefined) await media.checkQuota(auth.userId, upload.size);
        return { metadata: { ...meta, owner: auth.userId } };
      } catch (e) {
        throw tusError(e);
      }
    },
    async onUploadFinish(req, upload) {
      const path = join(directory, upload.id);
      try {
        const meta = upload.metadata ?? {};
        const owner = meta['owner'];
        if (!owner) throw new ApiError('not_found', 'no such upload');
        const query = parseWith(UploadQuery, pickQuery(meta));
        if (!query.ok) throw new ApiError(query.code, query.message);
        const { hash, size } = await hashFile(path);
        const claims = {
          ...(meta['filetype'] ? { contentType: meta['filetype'] } : {}),
          ...(meta['filename'] ? { fileName: meta['filename'] } : {}),
        };
        const row = await media.ingest(owner, { path, hash, size }, claims, query.value);
        const base = `${new URL(req.url).protocol}//${req.headers.get('host') ?? new URL(req.url).host}`;
        return {
          status_code: 200,
          headers: { [MEDIA_ID_HEADER]: row.id, 'Content-Type': 'application/json' },
          body: JSON.stringify({ media: media.toMedia(row, base) }),
        };
      } catch (e) {
        throw tusError(e);
      } finally {
        await removeParts(upload.id);
      }
    },
    onResponseError(_req, err) {
      // tus's own refusals in the catalog's words (Upload-Length over MEDIA_MAX_BYTES, ...).
      if ('status_code' in err && err.status_code === 413 && !err.body.startsWith('{')) {
        return tusError(
          new ApiError('media_too_large', `the upload is larger than ${ctx.config.MEDIA_MAX_BYTES} bytes`),
        );
      }
      return undefined;
    },
  });

  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    // tus reads the request stream itself.
    scope.addContentTypeParser('*', (_req, _payload, done) => done(null));
    const handle = async (req: FastifyRequest, reply: FastifyReply) => {
      reply.hijack();
      await tus.handle(req.raw, reply.raw);
    };
    scope.all(TUS_PATH, handle);
    scope.all(`${TUS_PATH}/*`, handle);
  });
  return { stop: () => clearInterval(sweeper) };
}

/** The UploadQuery options among tus metadata (filename, filetype and owner are tus's or ours). */
function pickQuery(meta: Record<string, string | null>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ['voice', 'filter', 'fileName'] as const) {
    const v = meta[key];
    if (typeof v === 'string') out[key] = v;
  }
  if (!out['fileName'] && typeof meta['filename'] === 'string' && meta['filename']) out['fileName'] = meta['filename'];
  return out;
}
