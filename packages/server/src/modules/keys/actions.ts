// Changing the key directory: the account identity key (set once; replacing it is a reset that
// drops every device bundle signed by the old key) and the calling device's bundle, whose
// signature by the identity key is checked here, so that a bundle the server hands out was made
// by the account's owner. Each change emits keys.changed (keys-changed.ts).
import type { PublishDeviceKeysRequest, SetIdentityKeyRequest, UserKeys } from '@anytime/protocol';
import { verifyDeviceBundle } from '@anytime/crypto';
import { nowIso, type AppContext } from '../../context.js';
import { ApiError } from '../../http/errors.js';
import type { AuthContext } from '../accounts/tokens.js';
import { userKeysOf } from './directory.js';
import { appendKeysChanged } from './keys-changed.js';

export async function setIdentityKey(
  ctx: AppContext,
  auth: AuthContext,
  input: SetIdentityKeyRequest,
): Promise<UserKeys> {
  const { value } = await ctx.storage.write(
    async (tx) => {
      const current = await tx.db
        .selectFrom('identity_keys')
        .select('identity_key')
        .where('user_id', '=', auth.userId)
        .executeTakeFirst();
      if (current?.identity_key === input.identityKey) return (await userKeysOf(tx.db, [auth.userId]))[0]!;
      if (current && !input.replace) {
        throw new ApiError('identity_key_exists', 'the account has another identity key; send replace: true to reset');
      }
      const now = nowIso();
      if (current) {
        await tx.db
          .updateTable('identity_keys')
          .set({ identity_key: input.identityKey, changed_at: now })
          .where('user_id', '=', auth.userId)
          .execute();
        // Bundles signed by the old key no longer verify: each device publishes again.
        await tx.db.deleteFrom('device_keys').where('user_id', '=', auth.userId).execute();
        await tx.db.deleteFrom('mls_key_packages').where('user_id', '=', auth.userId).execute();
      } else {
        await tx.db
          .insertInto('identity_keys')
          .values({ user_id: auth.userId, identity_key: input.identityKey, changed_at: now })
          .execute();
      }
      await appendKeysChanged(tx, auth.userId, current !== undefined);
      return (await userKeysOf(tx.db, [auth.userId]))[0]!;
    },
    { lock: [`user:${auth.userId}`] },
  );
  return value;
}

export async function publishDeviceKeys(
  ctx: AppContext,
  auth: AuthContext,
  input: PublishDeviceKeysRequest,
): Promise<UserKeys> {
  const { value } = await ctx.storage.write(
    async (tx) => {
      const identity = await tx.db
        .selectFrom('identity_keys')
        .select('identity_key')
        .where('user_id', '=', auth.userId)
        .executeTakeFirst();
      if (!identity) throw new ApiError('identity_key_missing', 'set the account identity key first');
      if (!verifyDeviceBundle(identity.identity_key, auth.userId, { deviceId: auth.deviceId, ...input })) {
        throw new ApiError('invalid_signature', 'the bundle is not signed by the account identity key');
      }
      const existing = await tx.db
        .selectFrom('device_keys')
        .selectAll()
        .where('device_id', '=', auth.deviceId)
        .executeTakeFirst();
      const same =
        existing?.signing_key === input.signingKey &&
        existing.hpke_key === input.hpkeKey &&
        existing.signature === input.signature;
      if (!same) {
        const row = {
          signing_key: input.signingKey,
          hpke_key: input.hpkeKey,
          signature: input.signature,
          created_at: nowIso(),
        };
        if (existing) {
          await tx.db.updateTable('device_keys').set(row).where('device_id', '=', auth.deviceId).execute();
          // Key packages name the old signing key: they can no longer be used.
          await tx.db.deleteFrom('mls_key_packages').where('device_id', '=', auth.deviceId).execute();
        } else {
          await tx.db
            .insertInto('device_keys')
            .values({ device_id: auth.deviceId, user_id: auth.userId, ...row })
            .execute();
        }
        await appendKeysChanged(tx, auth.userId, false);
      }
      return (await userKeysOf(tx.db, [auth.userId]))[0]!;
    },
    { lock: [`user:${auth.userId}`] },
  );
  return value;
}
