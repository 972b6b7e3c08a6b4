// Push subscriptions, one per device: registered and removed by the device itself, gone when
// the device is revoked (revokeDevice calls forgetDeviceSubscription in its transaction).
import type { PushSubscriptionRequest } from '@anytime/protocol';
import type { Kysely } from 'kysely';
import { nowIso, type AppContext } from '../../context.js';
import { ApiError } from '../../http/errors.js';
import { HostAllowlist } from '../../outbound/address-policy.js';
import { checkUrl, OutboundRefused, type GuardOptions } from '../../outbound/guarded-request.js';
import type { DB } from '../../storage/schema.js';
import type { AuthContext } from '../accounts/tokens.js';

/** Where pushes may go: https on public addresses, or a host the config allowlists. */
export function pushGuard(ctx: AppContext): GuardOptions {
  return { allow: new HostAllowlist(ctx.config.PUSH_ALLOWED_HOSTS), allowPlainHttp: false };
}

export async function putSubscription(ctx: AppContext, auth: AuthContext, input: PushSubscriptionRequest) {
  try {
    checkUrl(new URL(input.endpoint), pushGuard(ctx));
  } catch (e) {
    if (e instanceof OutboundRefused) throw new ApiError('url_not_allowed', `push endpoint refused: ${e.message}`);
    throw e;
  }
  const row = { endpoint: input.endpoint, p256dh: input.keys.p256dh, auth: input.keys.auth, created_at: nowIso() };
  await ctx.storage.write(async (tx) => {
    await tx.db
      .insertInto('push_subscriptions')
      .values({ device_id: auth.deviceId, user_id: auth.userId, ...row })
      .onConflict((oc) => oc.column('device_id').doUpdateSet(row))
      .execute();
  });
}

export async function deleteSubscription(ctx: AppContext, auth: AuthContext): Promise<void> {
  await ctx.storage.write((tx) => forgetDeviceSubscription(tx.db, auth.deviceId));
}

/** Removes a device's subscription; call in the transaction that revokes the device. */
export async function forgetDeviceSubscription(db: Kysely<DB>, deviceId: string): Promise<void> {
  await db.deleteFrom('push_subscriptions').where('device_id', '=', deviceId).execute();
}
