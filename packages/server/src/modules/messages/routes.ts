// HTTP routes of the messages module.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { bind, WithStatus } from '../../http/route.js';
import { requireMember } from '../conversations/queries.js';
import { sendMessage } from './actions.js';
import { history } from './queries.js';

export function messageRoutes(app: FastifyInstance, ctx: AppContext): void {
  bind(app, ctx, 'sendMessage', async ({ auth, params, body }) => {
    const r = await sendMessage(ctx, auth, params.id, body);
    return new WithStatus(r.created ? 201 : 200, { message: r.message });
  });
  bind(app, ctx, 'listMessages', async ({ auth, params, query }) => {
    const member = await requireMember(ctx.storage.read, params.id, auth.userId);
    return { messages: await history(ctx.storage.read, params.id, member.joined_seq, query, auth.userId) };
  });
}
