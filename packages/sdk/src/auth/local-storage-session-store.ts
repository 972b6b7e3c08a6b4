// Session store for browsers: one localStorage key per account slot.
import { asSession, type Session, type SessionStore } from './session.js';

export class LocalStorageSessionStore implements SessionStore {
  constructor(
    private readonly key = 'anytime.session',
    private readonly storage: Storage = globalThis.localStorage,
  ) {}

  async load(): Promise<Session | null> {
    const raw = this.storage.getItem(this.key);
    if (raw === null) return null;
    try {
      return asSession(JSON.parse(raw));
    } catch {
      return null;
    }
  }

  async save(session: Session): Promise<void> {
    this.storage.setItem(this.key, JSON.stringify(session));
  }

  async clear(): Promise<void> {
    this.storage.removeItem(this.key);
  }
}
