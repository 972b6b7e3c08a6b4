// Devices with real keys for end-to-end encryption tests: an account identity key set through
// PUT /v1/keys/identity and each device's bundle, signed by it, through PUT /v1/keys/device
// (modules/keys), using the client glue of @anytime/crypto.
import {
  deviceKeys,
  generateIdentity,
  signDeviceBundle,
  toB64,
  type DeviceKeyPairs,
  type Identity,
} from '@anytime/crypto';
import { api, loginUser, registerUser, type TestUser } from './harness.js';

export interface KeyedDevice {
  user: TestUser;
  userId: string;
  deviceId: string;
  identity: Identity;
  keys: DeviceKeyPairs;
}

/** Publishes a bundle for the device `u` is signed in on. */
export async function publishKeys(base: string, u: TestUser, identity: Identity): Promise<KeyedDevice> {
  const keys = deviceKeys();
  const body = signDeviceBundle(identity, u.user.id, u.deviceId, keys);
  const r = await api(base, 'PUT', '/v1/keys/device', { token: u.token, body });
  if (r.status !== 200) throw new Error(`publish failed: ${r.status} ${JSON.stringify(r.body)}`);
  return { user: u, userId: u.user.id, deviceId: u.deviceId, identity, keys };
}

/** A new account with `devices` signed-in devices, each with a published bundle. */
export async function keyedUser(base: string, devices = 1): Promise<KeyedDevice[]> {
  const first = await registerUser(base);
  const identity = generateIdentity();
  const r = await api(base, 'PUT', '/v1/keys/identity', {
    token: first.token,
    body: { identityKey: toB64(identity.publicKey) },
  });
  if (r.status !== 200) throw new Error(`identity failed: ${r.status} ${JSON.stringify(r.body)}`);
  const out = [await publishKeys(base, first, identity)];
  for (let i = 1; i < devices; i++) out.push(await publishKeys(base, await loginUser(base, first), identity));
  return out;
}
