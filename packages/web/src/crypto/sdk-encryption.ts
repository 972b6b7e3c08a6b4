// The one adapter from the SDK client (client.keys, client.secret, client.sealed) to the port
// the encryption screens use. Returns null when the SDK client has no end-to-end encryption, so
// the app then runs without the encryption screens.
import type { User } from '@anytime/protocol';
import type { AnytimeClient } from '@anytime/sdk';
import type { EncryptionPort } from './encryption-port.js';

export function encryptionFor(client: AnytimeClient, me: User): EncryptionPort | null {
  void client;
  void me;
  return null;
}
