// client.verification: safety numbers and key-change warnings. For each contact it remembers the
// identity key it has seen (in the KeyStore, under verify/<userId>) and whether the user marked
// them verified. When the key directory shows a different identity key (a keys.changed event
// with identityChanged, or a lookup), the contact's state becomes "changed" - a warning the app
// shows in chats with them - until the user acknowledges it (or verifies again).
import { safetyNumber, compareQr, toB64, type QrCheck, type SafetyNumber } from '@anytime/crypto';
import type { KeysClient, Me } from '../secret/keys-client.js';

export type VerificationState = 'unverified' | 'verified' | 'changed' | 'no-key';

interface Seen {
  identityKey: string;
  verified: boolean;
  changed: boolean;
  previousKey?: string;
}

/** KeyStore names of the per-contact verification state (carried in the key backup). */
export const VERIFY_PREFIX = 'verify/';
const nameOf = (userId: string) => `${VERIFY_PREFIX}${userId}`;

export class VerificationClient {
  private listeners = new Set<(e: { userId: string; state: VerificationState }) => void>();

  constructor(
    private readonly keys: KeysClient,
    private readonly me: () => Me,
  ) {}

  /** Called when a contact's state changes (a key change warning appears or clears). */
  onChange(fn: (e: { userId: string; state: VerificationState }) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private async read(userId: string): Promise<Seen | undefined> {
    const raw = await this.keys.store.get(nameOf(userId));
    return raw ? (JSON.parse(new TextDecoder().decode(raw)) as Seen) : undefined;
  }

  private async write(userId: string, seen: Seen): Promise<void> {
    await this.keys.store.put(nameOf(userId), new TextEncoder().encode(JSON.stringify(seen)));
    const state = stateOf(seen);
    for (const fn of this.listeners) fn({ userId, state });
  }

  /** Compares the directory's identity key with the one seen before; returns the state. */
  async check(userId: string): Promise<VerificationState> {
    const current = (await this.keys.userKeys(userId)).identityKey;
    if (!current) return 'no-key';
    const seen = await this.read(userId);
    if (!seen) {
      await this.write(userId, { identityKey: current, verified: false, changed: false });
      return 'unverified';
    }
    if (seen.identityKey !== current) {
      const next = { identityKey: current, verified: false, changed: true, previousKey: seen.identityKey };
      await this.write(userId, next);
      return 'changed';
    }
    return stateOf(seen);
  }

  async state(userId: string): Promise<VerificationState> {
    const seen = await this.read(userId);
    return seen ? stateOf(seen) : 'unverified';
  }

  /** The safety number with a contact, from both identity keys as the directory has them now. */
  async safetyNumber(userId: string): Promise<SafetyNumber> {
    const { identity } = await this.keys.setUp();
    const theirs = (await this.keys.userKeys(userId)).identityKey;
    if (!theirs) throw new Error('this user has not set up encryption yet');
    await this.check(userId);
    return safetyNumber(
      { userId: this.me().userId, identityKey: toB64(identity.publicKey) },
      { userId, identityKey: theirs },
    );
  }

  /** Checks a scanned QR code; a match marks the contact verified. */
  async scan(userId: string, payload: string): Promise<QrCheck> {
    const result = compareQr(await this.safetyNumber(userId), payload);
    if (result === 'match') await this.markVerified(userId);
    return result;
  }

  /** The user compared the numbers (or scanned the code): this key is the right one. */
  async markVerified(userId: string): Promise<void> {
    const current = (await this.keys.userKeys(userId)).identityKey;
    if (!current) throw new Error('this user has no identity key');
    await this.write(userId, { identityKey: current, verified: true, changed: false });
  }

  /** Dismisses a key-change warning without verifying (the contact stays unverified). */
  async acknowledge(userId: string): Promise<void> {
    const seen = await this.read(userId);
    if (seen) await this.write(userId, { identityKey: seen.identityKey, verified: false, changed: false });
  }

  /** For keys.changed events: re-checks when the identity key changed. */
  async handleKeysChanged(e: { userId: string; identityChanged: boolean }): Promise<void> {
    if (e.userId === this.me().userId) return;
    if (e.identityChanged || (await this.read(e.userId))) await this.check(e.userId);
  }
}

function stateOf(seen: Seen): VerificationState {
  if (seen.changed) return 'changed';
  return seen.verified ? 'verified' : 'unverified';
}
