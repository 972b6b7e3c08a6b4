// HTTP routes of calls: the ICE servers (with TURN credentials) for a call, the caller's call
// log, and one call. Signaling itself is on the WebSocket (gateway/frames.ts -> service.ts).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { bind } from '../../http/route.js';
import { iceServersFor } from './ice-servers.js';
import { listCalls } from './call-log.js';
import type { CallService } from './service.js';

export function callRoutes(app: FastifyInstance, ctx: AppContext, calls: CallService): void {
  bind(app, ctx, 'iceServers', async ({ auth }) => iceServersFor(ctx.config, auth.userId));
  bind(app, ctx, 'listCalls', async ({ auth, query }) => ({ calls: await listCalls(ctx, auth.userId, query) }));
  bind(app, ctx, 'getCall', async ({ auth, params }) => ({ call: await calls.visibleCall(auth.userId, params.id) }));
}
