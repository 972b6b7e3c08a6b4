// HTTP routes of the accounts module.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { bind } from '../../http/route.js';
import { listDevices, login, refresh, register, revokeDevice, updateProfile } from './actions.js';
import { getUser, searchUsers } from './users.js';

export function accountRoutes(app: FastifyInstance, ctx: AppContext): void {
  bind(app, ctx, 'register', async ({ body }) => register(ctx, body));
  bind(app, ctx, 'login', async ({ body, req }) => login(ctx, body, req.ip));
  bind(app, ctx, 'refresh', async ({ body }) => refresh(ctx, body.refreshToken));
  bind(app, ctx, 'logout', async ({ auth }) => revokeDevice(ctx, auth, auth.deviceId));
  bind(app, ctx, 'me', async ({ auth }) => ({ user: await getUser(ctx.storage, auth.userId) }));
  bind(app, ctx, 'updateMe', async ({ auth, body }) => ({ user: await updateProfile(ctx, auth, body) }));
  bind(app, ctx, 'searchUsers', async ({ query }) => ({
    users: await searchUsers(ctx.storage, query.prefix, query.limit),
  }));
  bind(app, ctx, 'getUser', async ({ params }) => ({ user: await getUser(ctx.storage, params.id) }));
  bind(app, ctx, 'listDevices', async ({ auth }) => ({ devices: await listDevices(ctx, auth) }));
  bind(app, ctx, 'revokeDevice', async ({ auth, params }) => revokeDevice(ctx, auth, params.id));
}
