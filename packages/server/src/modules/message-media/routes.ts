// HTTP routes of media inside messages: photo tags after the send, and the gallery.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { bind } from '../../http/route.js';
import { listGallery } from './gallery.js';
import { addPhotoTag, removePhotoTag } from './tags.js';

export function messageMediaRoutes(app: FastifyInstance, ctx: AppContext): void {
  bind(app, ctx, 'addPhotoTag', async ({ auth, params, body }) => ({
    message: await addPhotoTag(ctx, auth, params.id, body),
  }));
  bind(app, ctx, 'removePhotoTag', async ({ auth, params }) => ({
    message: await removePhotoTag(ctx, auth, params.id, params.tagId),
  }));
  bind(app, ctx, 'listGallery', async ({ auth, params, query }) =>
    listGallery(ctx.storage.read, auth.userId, params.id, query),
  );
}
