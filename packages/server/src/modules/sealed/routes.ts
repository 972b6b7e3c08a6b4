// HTTP routes of sealed messages (protocol sealed.ts).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { bind, WithStatus } from '../../http/route.js';
import { revealSealed } from './reveal.js';
import { sendSealed } from './send.js';
import { requireSealedMessage, sealedStatus } from './status.js';

export function sealedRoutes(app: FastifyInstance, ctx: AppContext): void {
  bind(app, ctx, 'sendSealed', async ({ auth, params, body }) => {
    const r = await sendSealed(ctx, auth, params.id, body);
    return new WithStatus(r.created ? 201 : 200, { message: r.message });
  });
  bind(app, ctx, 'getSealed', async ({ auth, params }) => {
    const row = await requireSealedMessage(ctx.storage.read, params.id, auth.userId);
    return { sealed: await sealedStatus(ctx.storage.read, auth, row) };
  });
  bind(app, ctx, 'revealSealed', async ({ auth, params }) => revealSealed(ctx, auth, params.id));
}
