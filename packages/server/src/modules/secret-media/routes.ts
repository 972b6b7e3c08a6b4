// HTTP routes of encrypted attachments in secret chats (blobs.ts): upload (raw body, streamed,
// stored as it is), fetch (bearer token only: the bytes are useless without the key in the MLS
// message, and no signed URL ever leaves them on a link), and delete; and deleting a secret message
// for everyone, which removes the blobs it carried.
import { SECRET_BLOB_OVERHEAD } from '@anytime/protocol';
import type { FastifyInstance } from 'fastify';
import type { Readable } from 'node:stream';
import type { AppContext } from '../../context.js';
import { bind } from '../../http/route.js';
import { receiveToTemp, tooLarge } from '../media/receive.js';
import type { MediaService } from '../media/service.js';
import { deleteMlsMessage } from '../mls/delete.js';
import { requireSecretMember } from '../mls/secret-conversation.js';
import { deleteSecretBlob, readableBlob, storeSecretBlob } from './blobs.js';

export function secretMediaRoutes(app: FastifyInstance, ctx: AppContext, media: MediaService): void {
  const max = ctx.config.MEDIA_MAX_BYTES + SECRET_BLOB_OVERHEAD;
  void app.register(async (raw) => {
    raw.removeAllContentTypeParsers();
    // Any type: the request stream itself, read (and counted) by receiveToTemp.
    raw.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
    bind(raw, ctx, 'uploadSecretBlob', async ({ auth, params, req, reply }) => {
      try {
        // Refused before a byte is read: not a member, too large, over the quota.
        await requireSecretMember(ctx.storage.read, params.id, auth.userId);
        const declared = Number(req.headers['content-length'] ?? NaN);
        if (declared > max) throw tooLarge(max);
        if (declared > 0) await media.checkQuota(auth.userId, declared);
        const file = await receiveToTemp(req.body as Readable, media.tempDir, max);
        return { blob: await storeSecretBlob(ctx, media, auth, params.id, file) };
      } catch (e) {
        // The rest of the body may be unread: the connection cannot carry another request.
        void reply.header('connection', 'close');
        throw e;
      }
    });
  });

  bind(app, ctx, 'getSecretBlob', async ({ auth, params, reply }) => {
    const row = await readableBlob(ctx.storage.read, auth.userId, params.id, params.blobId);
    await reply
      .code(200)
      .header('content-type', 'application/octet-stream')
      .header('x-content-type-options', 'nosniff')
      .header('content-disposition', 'attachment')
      .header('etag', `"${row.hash}"`)
      .header('cache-control', 'private, max-age=300')
      .header('content-length', String(row.size))
      .send(await media.blobs.read(row.hash));
  });

  bind(app, ctx, 'deleteSecretBlob', async ({ auth, params }) => {
    await deleteSecretBlob(ctx, media, auth, params.id, params.blobId);
  });

  // Deleting a secret message for everyone takes its attachments' bytes with it (mls/delete.ts).
  bind(app, ctx, 'deleteMlsMessage', async ({ auth, params }) => ({
    message: await deleteMlsMessage(ctx, media, auth, params.id, params.messageId),
  }));
}
