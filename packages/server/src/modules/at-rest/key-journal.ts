// Data keys made inside a transaction that has not committed yet, on one connection. The keyring
// caches a key as soon as it is made (the values sealed next in the same transaction need it);
// if that transaction, or the savepoint it was made under, rolls back, the key's row is gone and
// the cached key must go too, or values sealed under it later would commit without their key
// (unreadable after a restart). The sealing dialect records every data key insert here; the
// transaction's owner (the Kysely driver, or SQLite's batch writer for its own BEGIN / SAVEPOINT /
// COMMIT) says how it ended.
import type { Keyring } from './keyring.js';

export class KeyJournal {
  private readonly pending: { id: string; scope: string }[] = [];
  /** Inside a transaction begun through the Kysely driver. */
  inTransaction = false;

  /**
   * `ownerCommits`: the connection's owner runs BEGIN / COMMIT itself (SqliteStorage's writer),
   * so a key made outside a driver transaction waits for its commit() or rollbackTo() too.
   */
  constructor(
    private readonly keyring: Keyring,
    private readonly ownerCommits = false,
  ) {}

  /** A data key row was inserted on this connection (or not: another writer's came first). */
  made(id: string, scope: string): void {
    this.pending.push({ id, scope });
    // A statement outside any transaction committed by itself.
    if (!this.inTransaction && !this.ownerCommits) this.commit();
  }

  /** A position to roll back to (taken when a transaction or savepoint begins). */
  mark(): number {
    return this.pending.length;
  }

  /** The transaction or savepoint begun at `mark` rolled back: its keys never existed. */
  rollbackTo(mark: number): void {
    const gone = this.pending.splice(mark);
    if (gone.length > 0) this.keyring.forgetKeys(gone);
  }

  /** The transaction committed: its keys are stored for good. */
  commit(): void {
    this.keyring.committed(this.pending);
    this.pending.length = 0;
  }
}
