// The MLS authentication service (RFC 9420 §5.3.1) backed by the key directory: a leaf is
// accepted only if its credential names a user and device whose bundle (a) carries exactly the
// leaf's signature key and (b) is signed by that user's identity key. ts-mls calls it for every
// leaf it meets (key packages, commits' path leaves, the tree in a welcome). Clients feed it the
// directory (UserKeys from GET /v1/users/:id/keys) before processing handshakes.
import type { UserKeys } from '@anytime/protocol';
import type { AuthenticationService, Credential } from 'ts-mls';
import { toB64 } from '../encoding.js';
import { verifyDeviceBundle } from '../identity.js';
import { readCredential } from './credential.js';

/** How many verified bundles a service remembers (a group of 1,000 devices needs 1,000). */
const VERIFIED_LIMIT = 10_000;

export class DirectoryAuthService implements AuthenticationService {
  private readonly users = new Map<string, UserKeys>();
  /**
   * Bundles whose identity signature verified, by everything the verification reads: joining a
   * group checks every leaf, and each commit the committer's, so each bundle is verified once.
   */
  private readonly verified = new Set<string>();
  /** Identity keys pinned at first sight (trust on first use); a different key is rejected until re-pinned. */
  private readonly pinned = new Map<string, string>();

  /** Adds or replaces what the directory says about these users. */
  learn(keys: UserKeys[]): void {
    for (const k of keys) this.users.set(k.userId, k);
  }

  knows(userId: string): boolean {
    return this.users.has(userId);
  }

  /** Fixes the identity key expected for a user (after verification, or the first one seen). */
  pin(userId: string, identityKey: string): void {
    this.pinned.set(userId, identityKey);
  }

  /** Whether the signature key is a signed bundle of the device the credential names. */
  check(credential: Credential, signaturePublicKey: Uint8Array): boolean {
    const who = readCredential(credential);
    if (!who) return false;
    const keys = this.users.get(who.userId);
    if (!keys?.identityKey) return false;
    const pinned = this.pinned.get(who.userId);
    if (pinned !== undefined && pinned !== keys.identityKey) return false;
    const device = keys.devices.find((d) => d.deviceId === who.deviceId);
    if (!device || device.signingKey !== toB64(signaturePublicKey)) return false;
    const id = JSON.stringify([
      keys.identityKey,
      who.userId,
      device.deviceId,
      device.signingKey,
      device.hpkeKey,
      device.signature,
    ]);
    if (this.verified.has(id)) return true;
    if (!verifyDeviceBundle(keys.identityKey, who.userId, device)) return false;
    if (this.verified.size >= VERIFIED_LIMIT) this.verified.clear();
    this.verified.add(id);
    return true;
  }

  async validateCredential(credential: Credential, signaturePublicKey: Uint8Array): Promise<boolean> {
    return this.check(credential, signaturePublicKey);
  }
}
