// Reading the key directory: a user's identity key and the bundles of their devices that are not
// revoked (revocation deletes the bundle, see drop-device-keys.ts).
import type { UserKeys } from '@anytime/protocol';
import type { Kysely } from 'kysely';
import type { DB } from '../../storage/schema.js';

export async function userKeysOf(db: Kysely<DB>, userIds: string[]): Promise<UserKeys[]> {
  if (userIds.length === 0) return [];
  const ids = [...new Set(userIds)];
  const identities = await db.selectFrom('identity_keys').selectAll().where('user_id', 'in', ids).execute();
  const devices = await db
    .selectFrom('device_keys')
    .innerJoin('devices', 'devices.id', 'device_keys.device_id')
    .selectAll('device_keys')
    .where('device_keys.user_id', 'in', ids)
    .where('devices.revoked_at', 'is', null)
    .orderBy('device_keys.created_at')
    .orderBy('device_keys.device_id')
    .execute();
  return ids.map((userId) => {
    const identity = identities.find((i) => i.user_id === userId);
    return {
      userId,
      identityKey: identity?.identity_key ?? null,
      identityKeyChangedAt: identity?.changed_at ?? null,
      devices: devices
        .filter((d) => d.user_id === userId)
        .map((d) => ({
          deviceId: d.device_id,
          signingKey: d.signing_key,
          hpkeKey: d.hpke_key,
          signature: d.signature,
          createdAt: d.created_at,
        })),
    };
  });
}

/** Users who share at least one conversation with `userId` (not including them). */
export async function peersOf(db: Kysely<DB>, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('members as mine')
    .innerJoin('members as theirs', 'theirs.conversation_id', 'mine.conversation_id')
    .select('theirs.user_id')
    .distinct()
    .where('mine.user_id', '=', userId)
    .where('theirs.user_id', '!=', userId)
    .execute();
  return rows.map((r) => r.user_id);
}
