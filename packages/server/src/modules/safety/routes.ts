// HTTP routes of contacts, blocks and reports.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { bind, WithStatus } from '../../http/route.js';
import { blockUser, listBlocks, unblockUser } from './blocks.js';
import { listContacts, removeContact, saveContact } from './contacts.js';
import { createReport } from './reports.js';

export function safetyRoutes(app: FastifyInstance, ctx: AppContext): void {
  bind(app, ctx, 'listContacts', async ({ auth }) => ({ contacts: await listContacts(ctx.storage.read, auth.userId) }));
  bind(app, ctx, 'saveContact', async ({ auth, body }) => ({ contact: await saveContact(ctx, auth, body) }));
  bind(app, ctx, 'removeContact', ({ auth, params }) => removeContact(ctx, auth, params.id));
  bind(app, ctx, 'listBlocks', async ({ auth }) => ({ blocks: await listBlocks(ctx.storage.read, auth.userId) }));
  bind(app, ctx, 'blockUser', ({ auth, body }) => blockUser(ctx, auth, body.userId));
  bind(app, ctx, 'unblockUser', ({ auth, params }) => unblockUser(ctx, auth, params.id));
  bind(app, ctx, 'report', async ({ auth, body }) => {
    const r = await createReport(ctx, auth, body);
    return r.created ? { report: r.report } : new WithStatus(200, { report: r.report });
  });
}
