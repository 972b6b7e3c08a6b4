// The server's VAPID key pair (RFC 8292), made once and kept in server_secrets like the token
// signing key, so every node signs pushes with the same key and subscriptions survive restarts.
import webpush from 'web-push';
import type { Storage } from '../../storage/storage.js';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

const NAME = 'vapid_p256';

/** Loads the key pair, creating it on first start (the first node to insert wins). */
export async function loadVapidKeys(storage: Storage): Promise<VapidKeys> {
  const fresh = webpush.generateVAPIDKeys();
  await storage.write(async ({ db }) => {
    await db
      .insertInto('server_secrets')
      .values({ name: NAME, value: JSON.stringify(fresh) })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
  });
  const row = await storage.read
    .selectFrom('server_secrets')
    .select('value')
    .where('name', '=', NAME)
    .executeTakeFirstOrThrow();
  return JSON.parse(row.value) as VapidKeys;
}
