// The browser's KeyStore for the SDK client: sealed's BrowserKeyStore (IndexedDB, values wrapped
// by a non-extractable WebCrypto key), one database per signed-in account so that two accounts
// used in the same browser never share an identity key. The client is made before anyone signs
// in, so the database opens on first use, named after the account of the session at that time.
import { BrowserKeyStore, type KeyStore } from '@anytime/crypto';

export class PerUserKeyStore implements KeyStore {
  private opened = new Map<string, Promise<BrowserKeyStore>>();

  constructor(private readonly userId: () => string) {}

  private store(): Promise<BrowserKeyStore> {
    const id = this.userId();
    let s = this.opened.get(id);
    if (!s) {
      s = BrowserKeyStore.open({ name: `anytime-keys-${id}` });
      this.opened.set(id, s);
    }
    return s;
  }
  async get(name: string) {
    return (await this.store()).get(name);
  }
  async put(name: string, value: Uint8Array) {
    return (await this.store()).put(name, value);
  }
  async delete(name: string) {
    return (await this.store()).delete(name);
  }
  async list(prefix: string) {
    return (await this.store()).list(prefix);
  }
}
