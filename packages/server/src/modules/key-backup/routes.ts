// HTTP routes of the key backup and the secret-chat history archive (protocol keys.ts, sealed.ts).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { bind } from '../../http/route.js';
import { getKeyBackup, putKeyBackup } from './backup.js';
import { deleteHistory, listHistory, putHistory } from './history-archive.js';

export function keyBackupRoutes(app: FastifyInstance, ctx: AppContext): void {
  bind(app, ctx, 'getKeyBackup', async ({ auth }) => ({ backup: await getKeyBackup(ctx.storage.read, auth.userId) }));
  bind(app, ctx, 'putKeyBackup', async ({ auth, body }) => ({ backup: await putKeyBackup(ctx, auth, body) }));
  bind(app, ctx, 'putHistory', async ({ auth, body }) => putHistory(ctx, auth, body));
  bind(app, ctx, 'listHistory', async ({ auth, query }) => listHistory(ctx.storage.read, auth.userId, query));
  bind(app, ctx, 'deleteHistory', async ({ auth, params }) => {
    await deleteHistory(ctx, auth.userId, params.key);
  });
}
