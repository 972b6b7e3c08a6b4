// client.keys, the key-directory part: this device's identity and device keys (kept in the
// KeyStore), publishing them on first use, and reading other users' keys. The identity private
// key is made on the account's first device; other devices get it from the key backup (or
// importIdentity) before they can sign their own bundle.
import {
  deviceKeysFromPrivate,
  generateIdentity,
  identityFromPrivateKey,
  deviceKeys as newDeviceKeys,
  signDeviceBundle,
  toB64,
  type DeviceKeyPairs,
  type Identity,
  type KeyStore,
} from '@anytime/crypto';
import type { UserKeys } from '@anytime/protocol';
import type { CallRoute } from '../state/load-state.js';

export const IDENTITY_NAME = 'identity';
export const DEVICE_SIGNING_NAME = 'device/signing';
export const DEVICE_HPKE_NAME = 'device/hpke';

/** The account already has an identity key this device does not hold: restore it from the backup first. */
export class IdentityMissingError extends Error {
  override name = 'IdentityMissingError';
}

export interface Me {
  userId: string;
  deviceId: string;
}

export class KeysClient {
  private ready: Promise<{ identity: Identity; device: DeviceKeyPairs }> | undefined;

  constructor(
    private readonly call: CallRoute,
    readonly store: KeyStore,
    private readonly me: () => Me,
  ) {}

  /** The identity key pair held by this device, if any. */
  async identity(): Promise<Identity | undefined> {
    const stored = await this.store.get(IDENTITY_NAME);
    return stored ? identityFromPrivateKey(stored) : undefined;
  }

  /** Gives this device the account's identity private key (from the key backup). */
  async importIdentity(privateKey: Uint8Array): Promise<void> {
    await this.store.put(IDENTITY_NAME, privateKey);
    this.ready = undefined;
  }

  /** This device's own keys (made on first use). */
  async deviceKeys(): Promise<DeviceKeyPairs> {
    const signing = await this.store.get(DEVICE_SIGNING_NAME);
    const hpke = await this.store.get(DEVICE_HPKE_NAME);
    if (signing && hpke) return deviceKeysFromPrivate(signing, hpke);
    const made = newDeviceKeys();
    await this.store.put(DEVICE_SIGNING_NAME, made.signing.privateKey);
    await this.store.put(DEVICE_HPKE_NAME, made.hpke.privateKey);
    return made;
  }

  /**
   * Makes sure the account has an identity key and this device a published bundle signed by it.
   * `reset: true` replaces the account's identity key with a new one (contacts see a warning).
   */
  setUp(options: { reset?: boolean } = {}): Promise<{ identity: Identity; device: DeviceKeyPairs }> {
    if (options.reset) this.ready = undefined;
    this.ready ??= this.doSetUp(options.reset === true).catch((e: unknown) => {
      this.ready = undefined;
      throw e;
    });
    return this.ready;
  }

  private async doSetUp(reset: boolean) {
    const { userId, deviceId } = this.me();
    const published = await this.userKeys(userId);
    let identity = reset ? undefined : await this.identity();
    if (!identity && published.identityKey && !reset) {
      throw new IdentityMissingError('this account has an identity key elsewhere: restore it from the key backup');
    }
    if (!identity) {
      identity = generateIdentity();
      await this.store.put(IDENTITY_NAME, identity.privateKey);
    }
    const identityKey = toB64(identity.publicKey);
    if (published.identityKey !== identityKey) {
      await this.call('setIdentityKey', { body: { identityKey, ...(published.identityKey ? { replace: true } : {}) } });
    }
    const device = await this.deviceKeys();
    const mine =
      published.identityKey === identityKey ? published.devices.find((d) => d.deviceId === deviceId) : undefined;
    if (mine?.signingKey !== toB64(device.signing.publicKey) || mine.hpkeKey !== toB64(device.hpke.publicKey)) {
      await this.call('publishDeviceKeys', { body: signDeviceBundle(identity, userId, deviceId, device) });
    }
    return { identity, device };
  }

  async userKeys(userId: string): Promise<UserKeys> {
    return (await this.call('getUserKeys', { params: { id: userId } })).keys;
  }

  /** Keys of many users (100 per request). */
  async queryKeys(userIds: string[]): Promise<UserKeys[]> {
    const ids = [...new Set(userIds)];
    const out: UserKeys[] = [];
    for (let i = 0; i < ids.length; i += 100) {
      out.push(...(await this.call('queryUserKeys', { body: { userIds: ids.slice(i, i + 100) } })).keys);
    }
    return out;
  }
}
