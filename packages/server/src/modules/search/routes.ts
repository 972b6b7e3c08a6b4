// HTTP route of the search module.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { bind } from '../../http/route.js';
import { searchMessages } from './search.js';

export function searchRoutes(app: FastifyInstance, ctx: AppContext): void {
  bind(app, ctx, 'searchMessages', ({ auth, query }) => searchMessages(ctx, auth, query));
}
