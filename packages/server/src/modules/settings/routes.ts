// HTTP routes of the settings module.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { bind } from '../../http/route.js';
import { settingsOf, updateSettings } from './settings.js';

export function settingsRoutes(app: FastifyInstance, ctx: AppContext): void {
  bind(app, ctx, 'getSettings', async ({ auth }) => ({ settings: await settingsOf(ctx.storage.read, auth.userId) }));
  bind(app, ctx, 'updateSettings', async ({ auth, body }) => ({ settings: await updateSettings(ctx, auth, body) }));
}
