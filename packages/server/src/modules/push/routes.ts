// HTTP routes of the push module: the VAPID public key and this device's subscription.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { bind } from '../../http/route.js';
import { deleteSubscription, putSubscription } from './subscriptions.js';
import type { VapidKeys } from './vapid.js';

export function pushRoutes(app: FastifyInstance, ctx: AppContext, vapid: VapidKeys): void {
  bind(app, ctx, 'getVapidKey', async () => ({ publicKey: vapid.publicKey }));
  bind(app, ctx, 'putPushSubscription', ({ auth, body }) => putSubscription(ctx, auth, body));
  bind(app, ctx, 'deletePushSubscription', ({ auth }) => deleteSubscription(ctx, auth));
}
