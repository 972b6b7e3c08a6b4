// HTTP route of the link preview module.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { bind } from '../../http/route.js';
import { getLinkPreview } from './previews.js';

export function linkPreviewRoutes(app: FastifyInstance, ctx: AppContext): void {
  bind(app, ctx, 'getLinkPreview', async ({ query }) => ({ preview: await getLinkPreview(ctx, query.url) }));
}
