// HTTP routes of media: uploads (raw body or multipart, streamed), the media item, its variants
// (bearer token or signed URL, with Range), signed URLs in bulk, and the caller's usage.
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MediaVariant } from '@anytime/protocol';
import type { Readable } from 'node:stream';
import type { AppContext } from '../../context.js';
import { authenticate } from '../../http/auth.js';
import { ApiError } from '../../http/errors.js';
import { bind } from '../../http/route.js';
import { visibleMediaIds, canSeeMedia } from './access.js';
import { receiveToTemp, tooLarge } from './receive.js';
import { mediaRow, usedBytes, variantsOf } from './rows.js';
import type { MediaService } from './service.js';

/** The scheme and host the client reached us at, for absolute URLs in answers. */
export const originOf = (req: FastifyRequest): string => `${req.protocol}://${req.host}`;

const notFound = () => new ApiError('not_found', 'no such media');

/** Parses a single `bytes=a-b` range; null when absent, 'bad' when unsatisfiable. */
function parseRange(header: string | undefined, size: number): { start: number; end: number } | null | 'bad' {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return 'bad';
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start > end || start >= size) return 'bad';
  return { start, end };
}

async function receiveUpload(media: MediaService, ctx: AppContext, req: FastifyRequest) {
  const max = ctx.config.MEDIA_MAX_BYTES;
  if (req.isMultipart()) {
    const part = await req.file({ limits: { fileSize: max + 1, files: 1 } });
    if (!part) throw new ApiError('invalid_media', 'the multipart body has no file');
    const file = await receiveToTemp(part.file, media.tempDir, max);
    return { file, claims: { contentType: part.mimetype, fileName: part.filename || undefined } };
  }
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > max) throw tooLarge(max);
  const body = req.body as Readable | undefined;
  const file = await receiveToTemp(body ?? (await emptyStream()), media.tempDir, max);
  return { file, claims: { contentType: req.headers['content-type'] } };
}

async function emptyStream(): Promise<Readable> {
  const { Readable } = await import('node:stream');
  return Readable.from([]);
}

export function mediaRoutes(app: FastifyInstance, ctx: AppContext, media: MediaService): void {
  void app.register(async (raw) => {
    raw.removeAllContentTypeParsers();
    await raw.register(multipart, { limits: { files: 1, fields: 0, parts: 1 } });
    // Any other type: the request stream itself, read (and counted) by receiveToTemp.
    raw.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
    bind(raw, ctx, 'uploadMedia', async ({ auth, query, req, reply }) => {
      const { file, claims } = await receiveUpload(media, ctx, req).catch((e: unknown) => {
        // The rest of the body is not read: the connection cannot carry another request.
        void reply.header('connection', 'close');
        throw e;
      });
      const row = await media.ingest(auth.userId, file, claims, query);
      return { media: media.toMedia(row, originOf(req)) };
    });
  });

  bind(app, ctx, 'getMedia', async ({ auth, params, req }) => {
    const row = await mediaRow(ctx.storage.read, params.id);
    if (!row || !(await canSeeMedia(ctx.storage.read, auth.userId, row.id))) throw notFound();
    return { media: media.toMedia(row, originOf(req)) };
  });

  bind(app, ctx, 'getMediaVariant', async ({ params, query, req, reply }) => {
    const signed = media.signer.verify(params.id, params.variant, query.exp, query.sig);
    if (!signed) {
      // Without a valid signature, a bearer token of someone who may see the item.
      if (!req.headers.authorization) throw notFound();
      const auth = await authenticate(ctx, req);
      if (!(await canSeeMedia(ctx.storage.read, auth.userId, params.id))) throw notFound();
    }
    const row = await mediaRow(ctx.storage.read, params.id);
    const v = row ? variantsOf(row)[params.variant] : undefined;
    if (!row || !v) throw notFound();
    await sendVariant(media, req, reply, v, row.kind === 'file' ? (row.file_name ?? 'file') : null, Boolean(signed));
  });

  bind(app, ctx, 'mediaUrls', async ({ auth, body, req }) => {
    const ids = [...new Set(body.ids)];
    const visible = await visibleMediaIds(ctx.storage.read, auth.userId, ids);
    const rows = visible.size
      ? await ctx.storage.read
          .selectFrom('media')
          .selectAll()
          .where('id', 'in', [...visible])
          .execute()
      : [];
    const exp = media.signer.expiry();
    const base = originOf(req);
    const urls: Record<string, Partial<Record<MediaVariant, string>>> = {};
    for (const row of rows) {
      const variants = variantsOf(row);
      urls[row.id] = Object.fromEntries(
        MediaVariant.options.filter((v) => variants[v]).map((v) => [v, base + media.signer.path(row.id, v, exp)]),
      );
    }
    return { urls, expiresAt: new Date(exp * 1000).toISOString() };
  });

  bind(app, ctx, 'mediaUsage', async ({ auth }) => ({
    usedBytes: await usedBytes(ctx.storage.read, auth.userId),
    quotaBytes: ctx.config.MEDIA_QUOTA_BYTES,
  }));
}

async function sendVariant(
  media: MediaService,
  req: FastifyRequest,
  reply: FastifyReply,
  v: { hash: string; contentType: string; size: number },
  attachmentName: string | null,
  signed: boolean,
): Promise<void> {
  void reply
    .header('content-type', v.contentType)
    .header('x-content-type-options', 'nosniff')
    .header('accept-ranges', 'bytes')
    .header('etag', `"${v.hash}"`)
    // Blobs never change; a signed URL is good until it expires, a bearer fetch for a while.
    .header('cache-control', signed ? 'private, max-age=3600' : 'private, max-age=300');
  if (attachmentName !== null) {
    void reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(attachmentName)}`);
  }
  if (req.headers['if-none-match'] === `"${v.hash}"`) {
    await reply.code(304).send();
    return;
  }
  const range = parseRange(req.headers.range, v.size);
  if (range === 'bad') {
    await reply.code(416).header('content-range', `bytes */${v.size}`).send();
    return;
  }
  if (range) {
    const stream = await media.blobs.read(v.hash, range);
    await reply
      .code(206)
      .header('content-range', `bytes ${range.start}-${range.end}/${v.size}`)
      .header('content-length', String(range.end - range.start + 1))
      .send(stream);
    return;
  }
  const stream = await media.blobs.read(v.hash);
  await reply.code(200).header('content-length', String(v.size)).send(stream);
}
