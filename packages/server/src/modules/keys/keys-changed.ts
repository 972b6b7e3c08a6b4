// The keys.changed event, to the user themself and to everyone who shares a conversation with
// them, inside the transaction that changed the keys. Secret-chat members react by adding a new
// device's leaf or removing a dropped one; identityChanged makes clients warn about the new key.
import { nowIso } from '../../context.js';
import type { Tx } from '../../storage/storage.js';
import { peersOf } from './directory.js';

export async function appendKeysChanged(tx: Tx, userId: string, identityChanged: boolean): Promise<void> {
  const at = nowIso();
  for (const to of [userId, ...(await peersOf(tx.db, userId))]) {
    await tx.append({ type: 'keys.changed', at, userId, identityChanged }, { userId: to });
  }
}
