// HTTP routes of the MLS delivery service (protocol mls.ts).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { bind, WithStatus } from '../../http/route.js';
import { claimKeyPackages, countKeyPackages, uploadKeyPackages } from './key-packages.js';
import { listMlsMessages, listWelcomes, sendMlsMessage, submitCommit } from './delivery.js';
import { expectedDevices, requireSecretMember } from './secret-conversation.js';

export function mlsRoutes(app: FastifyInstance, ctx: AppContext): void {
  const db = ctx.storage.read;
  bind(app, ctx, 'uploadKeyPackages', async ({ auth, body }) => uploadKeyPackages(ctx, auth, body));
  bind(app, ctx, 'countKeyPackages', async ({ auth }) => countKeyPackages(db, auth.deviceId));
  bind(app, ctx, 'claimKeyPackages', async ({ auth, body }) => ({
    keyPackages: await claimKeyPackages(ctx, auth, body.devices),
  }));
  bind(app, ctx, 'listMlsWelcomes', async ({ auth }) => ({ welcomes: await listWelcomes(db, auth) }));
  bind(app, ctx, 'getMlsGroup', async ({ auth, params }) => {
    const { group } = await requireSecretMember(db, params.id, auth.userId);
    return {
      group: {
        conversationId: params.id,
        epoch: group.epoch,
        creatorDeviceId: group.creator_device_id,
        devices: await expectedDevices(db, params.id),
      },
    };
  });
  bind(app, ctx, 'submitMlsCommit', async ({ auth, params, body }) => ({
    message: await submitCommit(ctx, auth, params.id, body),
  }));
  bind(app, ctx, 'sendMlsMessage', async ({ auth, params, body }) => {
    const r = await sendMlsMessage(ctx, auth, params.id, body);
    return new WithStatus(r.created ? 201 : 200, { message: r.message });
  });
  bind(app, ctx, 'listMlsMessages', async ({ auth, params, query }) => ({
    messages: await listMlsMessages(db, auth, params.id, query),
  }));
}
