// Devices for the secret-chat integration tests: each a client of the file's test server
// (setUpServerWorld) with its own in-memory key store, and MLS timings short enough for tests.
import { MemoryKeyStore } from '@anytime/crypto';
import type { AnytimeClient } from '../client.js';
import { device, PASSWORD } from './harness.js';
import type { ServerWorld } from './server-world.js';

export interface SecretDevice {
  client: AnytimeClient;
  store: MemoryKeyStore;
  userId: string;
  deviceId: string;
}

/** A client of the world's server, closed with the world, that has not signed in yet. */
export function secretClient(world: ServerWorld, store = new MemoryKeyStore(), fetchFn?: typeof fetch) {
  const { client } = device(world.server.url, {
    stores: { keys: store },
    secret: { followerDelayMs: 400, updateAfterJoinMs: 400 },
    ...(fetchFn ? { fetch: fetchFn } : {}),
  });
  world.clients.push(client);
  return client;
}

export interface SecretDeviceOptions {
  /**
   * How this device of an existing account gets the account's identity key: from another of its
   * devices (what restoring a backup amounts to), or by restoring the key backup with this
   * passphrase. Without it the account is new.
   */
  identityFrom?: SecretDevice | { passphrase: string };
  /** Start secret chats (MLS) on the device; default true. */
  secret?: boolean;
  fetch?: typeof fetch;
}

/** A signed-in, connected and synced device: an account's first, or another device of it. */
export async function secretDevice(
  world: ServerWorld,
  username: string,
  opts: SecretDeviceOptions & { another?: boolean } = {},
): Promise<SecretDevice> {
  const store = new MemoryKeyStore();
  const client = secretClient(world, store, opts.fetch);
  const from = opts.identityFrom;
  const res =
    from || opts.another
      ? await client.login({ username, password: PASSWORD })
      : await client.register({ username, password: PASSWORD });
  if (from && 'passphrase' in from) await client.backup.restore(from.passphrase);
  else if (from) await client.keys.importIdentity((await from.store.get('identity'))!);
  await client.connect();
  await client.whenSynced();
  if (opts.secret !== false) await client.secret.start();
  return { client, store, userId: res.user.id, deviceId: res.deviceId };
}
