// The account's history key in this device's KeyStore: made on the account's first device, taken
// from the key backup on the others (a device must not invent a second one, or its archive
// records would be unreadable to the rest of the account).
import { newHistoryKey, type KeyStore } from '@anytime/crypto';

export const HISTORY_KEY_NAME = 'history-key';

export class HistoryKeyHolder {
  constructor(private readonly store: KeyStore) {}

  async get(): Promise<Uint8Array> {
    const stored = await this.store.get(HISTORY_KEY_NAME);
    if (stored) return stored;
    const made = newHistoryKey();
    await this.store.put(HISTORY_KEY_NAME, made);
    return made;
  }

  async has(): Promise<boolean> {
    return (await this.store.get(HISTORY_KEY_NAME)) !== undefined;
  }

  async set(key: Uint8Array): Promise<void> {
    await this.store.put(HISTORY_KEY_NAME, key);
  }
}
