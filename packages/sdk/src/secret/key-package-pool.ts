// Keeps this device's key packages stocked on the server: below LOW one-time packages it uploads
// a batch (and a last-resort package when there is none), keeping each private half in the
// KeyStore under mls/kp/<ref> where a welcome finds it.
import { generateKeyPackages, type KeyPair, type KeyStore } from '@anytime/crypto';
import type { CallRoute } from '../state/load-state.js';
import type { Me } from './keys-client.js';

export const KEY_PACKAGES_LOW = 10;
export const KEY_PACKAGES_BATCH = 30;

export async function replenishKeyPackages(
  call: CallRoute,
  store: KeyStore,
  me: Me,
  signing: KeyPair,
): Promise<number> {
  const now = await call('countKeyPackages', undefined);
  if (now.count >= KEY_PACKAGES_LOW && now.lastResort) return 0;
  const fresh = now.count < KEY_PACKAGES_LOW ? await generateKeyPackages(me, signing, KEY_PACKAGES_BATCH) : [];
  const lastResort = now.lastResort ? [] : await generateKeyPackages(me, signing, 1, { lastResort: true });
  for (const kp of [...fresh, ...lastResort]) await store.put(`mls/kp/${kp.ref}`, kp.privateBytes);
  await call('uploadKeyPackages', {
    body: {
      keyPackages: fresh.map((k) => k.publicB64),
      ...(lastResort[0] ? { lastResort: lastResort[0].publicB64 } : {}),
    },
  });
  return fresh.length + lastResort.length;
}
