// Revoking a device (modules/accounts) drops its key bundle and its unclaimed MLS key packages in
// the same transaction, and tells the user's contacts (keys.changed), so that a remaining device
// of each secret chat removes the revoked device's leaf.
import type { Tx } from '../../storage/storage.js';
import { appendKeysChanged } from './keys-changed.js';

export async function dropDeviceKeys(tx: Tx, userId: string, deviceId: string): Promise<void> {
  await tx.db.deleteFrom('mls_key_packages').where('device_id', '=', deviceId).execute();
  const r = await tx.db
    .deleteFrom('device_keys')
    .where('device_id', '=', deviceId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (Number(r.numDeletedRows) > 0) await appendKeysChanged(tx, userId, false);
}
