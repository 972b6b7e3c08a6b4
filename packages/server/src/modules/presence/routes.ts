// HTTP route of presence: the current presence of some users, as the caller may see it.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { bind } from '../../http/route.js';
import type { PresenceTracker } from './tracker.js';

export function presenceRoutes(app: FastifyInstance, ctx: AppContext, tracker: PresenceTracker): void {
  bind(app, ctx, 'queryPresence', async ({ auth, body }) => ({
    presence: await tracker.visible(auth.userId, body.userIds),
  }));
}
