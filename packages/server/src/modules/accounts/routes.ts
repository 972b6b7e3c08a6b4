// HTTP routes of the accounts module.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { rawBody, rawImageRoutes, sendAvatar } from '../../http/avatar-image.js';
import { bind } from '../../http/route.js';
import { listDevices, login, refresh, register, revokeDevice, updateProfile } from './actions.js';
import { getUser, searchUsers } from './users.js';
import { getUserAvatar, setUserAvatar } from './avatar.js';

export function accountRoutes(app: FastifyInstance, ctx: AppContext): void {
  bind(app, ctx, 'register', async ({ body }) => register(ctx, body));
  bind(app, ctx, 'login', async ({ body, req }) => login(ctx, body, req.ip));
  bind(app, ctx, 'refresh', async ({ body }) => refresh(ctx, body.refreshToken));
  bind(app, ctx, 'logout', async ({ auth }) => revokeDevice(ctx, auth, auth.deviceId));
  bind(app, ctx, 'me', async ({ auth }) => ({ user: await getUser(ctx.storage, auth.userId) }));
  bind(app, ctx, 'updateMe', async ({ auth, body }) => ({ user: await updateProfile(ctx, auth, body) }));
  bind(app, ctx, 'deleteMyAvatar', async ({ auth }) => ({ user: await setUserAvatar(ctx, auth, null) }));
  rawImageRoutes(app, (raw) =>
    bind(raw, ctx, 'setMyAvatar', async ({ auth, req }) => ({ user: await setUserAvatar(ctx, auth, rawBody(req)) })),
  );
  bind(app, ctx, 'getUserAvatar', async ({ params, reply }) => sendAvatar(reply, await getUserAvatar(ctx, params.id)));
  bind(app, ctx, 'searchUsers', async ({ query }) => ({
    users: await searchUsers(ctx.storage, query.prefix, query.limit),
  }));
  bind(app, ctx, 'getUser', async ({ params }) => ({ user: await getUser(ctx.storage, params.id) }));
  bind(app, ctx, 'listDevices', async ({ auth }) => ({ devices: await listDevices(ctx, auth) }));
  bind(app, ctx, 'revokeDevice', async ({ auth, params }) => revokeDevice(ctx, auth, params.id));
}
