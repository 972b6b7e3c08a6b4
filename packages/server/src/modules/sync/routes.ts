// HTTP route of the sync module.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { bind } from '../../http/route.js';
import { sync } from './actions.js';

export function syncRoutes(app: FastifyInstance, ctx: AppContext): void {
  bind(app, ctx, 'sync', async ({ auth, query }) => sync(ctx, auth, query.cursor, query.limit));
}
