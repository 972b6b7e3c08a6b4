// A cache of other people's profiles by id, filled on demand from GET /v1/users/:id, so
// conversation titles and sender names can show display names.
import type { User } from '@anytime/protocol';

export type FetchUser = (id: string) => Promise<User>;

export class UserDirectory {
  private readonly users = new Map<string, User>();
  private readonly requested = new Set<string>();
  private readonly listeners = new Set<() => void>();
  private changes = 0;

  constructor(private readonly fetchUser: FetchUser) {}

  get(id: string): User | undefined {
    return this.users.get(id);
  }

  /** Changes with every profile added: a cheap snapshot for React. */
  get version(): number {
    return this.changes;
  }

  /** Adds profiles already at hand (search results, the signed-in user). */
  remember(...users: User[]): void {
    let changed = false;
    for (const u of users) {
      const old = this.users.get(u.id);
      if (old && old.displayName === u.displayName && old.username === u.username) continue;
      this.users.set(u.id, u);
      changed = true;
    }
    if (changed) this.notify();
  }

  /** Fetches the profiles not known yet (each at most once; a failure allows a later retry). */
  request(ids: Iterable<string>): void {
    for (const id of ids) {
      if (this.users.has(id) || this.requested.has(id)) continue;
      this.requested.add(id);
      this.fetchUser(id).then(
        (u) => this.remember(u),
        () => this.requested.delete(id),
      );
    }
  }

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  private notify(): void {
    this.changes += 1;
    for (const fn of this.listeners) fn();
  }
}
