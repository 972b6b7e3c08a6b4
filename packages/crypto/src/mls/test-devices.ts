// Test support for the MLS glue: users with identity keys and devices with signed bundles, a
// shared directory (what GET /v1/keys/query would return) and each device's KeyStore.
import type { UserKeys } from '@anytime/protocol';
import { toB64 } from '../encoding.js';
import { deviceKeys, generateIdentity, signDeviceBundle, type DeviceKeyPairs, type Identity } from '../identity.js';
import { MemoryKeyStore } from '../key-store.js';
import { DirectoryAuthService } from './auth-service.js';
import { generateKeyPackages } from './key-packages.js';

export interface TestDevice {
  userId: string;
  deviceId: string;
  keys: DeviceKeyPairs;
  store: MemoryKeyStore;
  auth: DirectoryAuthService;
}

export class TestDirectory {
  readonly users = new Map<string, { identity: Identity; keys: UserKeys }>();
  readonly devices: TestDevice[] = [];

  device(userId: string, deviceId: string): TestDevice {
    let user = this.users.get(userId);
    if (!user) {
      const identity = generateIdentity();
      user = {
        identity,
        keys: { userId, identityKey: toB64(identity.publicKey), identityKeyChangedAt: null, devices: [] },
      };
      this.users.set(userId, user);
    }
    const keys = deviceKeys();
    const bundle = signDeviceBundle(user.identity, userId, deviceId, keys);
    user.keys.devices.push({ deviceId, ...bundle, createdAt: new Date().toISOString() });
    const device = { userId, deviceId, keys, store: new MemoryKeyStore(), auth: new DirectoryAuthService() };
    this.devices.push(device);
    this.share();
    return device;
  }

  /** Drops a device's bundle from the directory (as revoking it does on the server). */
  revoke(device: TestDevice): void {
    const user = this.users.get(device.userId)!;
    user.keys = { ...user.keys, devices: user.keys.devices.filter((d) => d.deviceId !== device.deviceId) };
    this.share();
  }

  /** Every device learns the current directory. */
  share(): void {
    const all = [...this.users.values()].map((u) => u.keys);
    for (const d of this.devices) d.auth.learn(all);
  }
}

/** One key package of the device, its private half saved in the device's store. */
export async function keyPackageOf(device: TestDevice): Promise<string> {
  const [kp] = await generateKeyPackages(device, device.keys.signing, 1);
  await device.store.put(`mls/kp/${kp!.ref}`, kp!.privateBytes);
  return kp!.publicB64;
}
