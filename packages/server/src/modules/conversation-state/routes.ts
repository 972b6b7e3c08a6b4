// HTTP routes of the conversation-state module: the user's own state of a conversation, and
// delivered/read receipts.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { bind } from '../../http/route.js';
import { messageReceipts, receiptsForSender } from './receipt-queries.js';
import { reportReceipts } from './report-receipts.js';
import { updateConversationState } from './update-state.js';

export function conversationStateRoutes(app: FastifyInstance, ctx: AppContext): void {
  const db = ctx.storage.read;
  bind(app, ctx, 'updateConversationState', async ({ auth, params, body }) => ({
    state: await updateConversationState(ctx, auth, params.id, body),
  }));
  bind(app, ctx, 'reportReceipts', async ({ auth, params, body }) => ({
    state: await reportReceipts(ctx, auth, params.id, body),
  }));
  bind(app, ctx, 'listReceipts', async ({ auth, params }) => ({
    receipts: await receiptsForSender(db, params.id, auth.userId),
  }));
  bind(app, ctx, 'messageReceipts', async ({ auth, params }) => messageReceipts(db, params.id, auth.userId));
}
