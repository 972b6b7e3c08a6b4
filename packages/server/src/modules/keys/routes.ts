// HTTP routes of the key directory (protocol keys.ts); the backup routes live in modules/key-backup.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { bind } from '../../http/route.js';
import { requireUsersExist } from '../conversations/actions.js';
import { publishDeviceKeys, setIdentityKey } from './actions.js';
import { userKeysOf } from './directory.js';

export function keyRoutes(app: FastifyInstance, ctx: AppContext): void {
  const db = ctx.storage.read;
  bind(app, ctx, 'setIdentityKey', async ({ auth, body }) => ({ keys: await setIdentityKey(ctx, auth, body) }));
  bind(app, ctx, 'publishDeviceKeys', async ({ auth, body }) => ({ keys: await publishDeviceKeys(ctx, auth, body) }));
  bind(app, ctx, 'getUserKeys', async ({ params }) => {
    await requireUsersExist(db, [params.id]);
    return { keys: (await userKeysOf(db, [params.id]))[0]! };
  });
  bind(app, ctx, 'queryUserKeys', async ({ body }) => {
    const ids = [...new Set(body.userIds)];
    await requireUsersExist(db, ids);
    return { keys: await userKeysOf(db, ids) };
  });
}
