// HTTP routes of the conversations module.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { bind, WithStatus } from '../../http/route.js';
import { withStates } from '../conversation-state/conversation-list.js';
import { createConversation } from './actions.js';
import { listForUser, listMembers, loadConversation, requireMember } from './queries.js';

export function conversationRoutes(app: FastifyInstance, ctx: AppContext): void {
  const db = ctx.storage.read;
  bind(app, ctx, 'createConversation', async ({ auth, body }) => {
    const r = await createConversation(ctx, auth, body);
    return new WithStatus(r.created ? 201 : 200, { conversation: r.conversation });
  });
  bind(app, ctx, 'listConversations', async ({ auth }) =>
    withStates(db, auth.userId, await listForUser(db, auth.userId)),
  );
  bind(app, ctx, 'getConversation', async ({ auth, params }) => {
    await requireMember(db, params.id, auth.userId);
    return { conversation: await loadConversation(db, params.id) };
  });
  bind(app, ctx, 'listMembers', async ({ auth, params, query }) => {
    await requireMember(db, params.id, auth.userId);
    return listMembers(db, params.id, query);
  });
}
