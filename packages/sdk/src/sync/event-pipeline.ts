// Where every received event goes, from the socket or from /v1/sync: drops what was already
// applied (no duplicates), applies the rest in order, and persists the cursor after them so a
// reconnect resumes exactly there.
import { isConversationEvent, type Event } from '@anytime/protocol';
import type { OutboxStore } from '../outbox/outbox-store.js';

export type CursorStore = Pick<OutboxStore, 'getCursor' | 'setCursor'>;

/** Recently applied cursors kept for duplicate checks of events that have no seq. */
const RECENT_CURSORS_MAX = 4096;

export class EventPipeline {
  private readonly recent = new Set<string>();
  private readonly lastSeq = new Map<string, number>();
  /** The cursor to persist next (latest applied), and the write in progress. */
  private wanted: string | null | undefined;
  private writing: Promise<void> | null = null;
  private persisted: string | null | undefined;
  private failure: unknown = null;

  constructor(
    private readonly store: CursorStore,
    private readonly apply: (event: Event) => void,
  ) {}

  /** Applies the event unless it was applied before; returns whether it was applied. */
  accept(event: Event): boolean {
    if (this.recent.has(event.cursor)) return false;
    if (isConversationEvent(event)) {
      const last = this.lastSeq.get(event.conversationId) ?? 0;
      if (event.seq <= last) return false;
      this.lastSeq.set(event.conversationId, event.seq);
    }
    this.remember(event.cursor);
    this.apply(event);
    return true;
  }

  /** Forgets what was applied and the stored cursor: the next connection starts from scratch. */
  reset(): void {
    this.recent.clear();
    this.lastSeq.clear();
    this.commit(null);
  }

  /** The stored cursor (where a new connection resumes). */
  async cursor(): Promise<string | null> {
    await this.flush();
    this.persisted = await this.store.getCursor();
    return this.persisted;
  }

  /** Records that everything up to `cursor` is applied; writes are coalesced, latest wins. */
  commit(cursor: string | null): void {
    this.wanted = cursor;
    this.kick(true);
  }

  /** Resolves when the latest committed cursor is durable; rejects if storing it failed. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    if (this.failure) {
      const e = this.failure;
      this.failure = null;
      throw e;
    }
  }

  /** The last cursor known to be stored (undefined before the first read or write). */
  get durableCursor(): string | null | undefined {
    return this.persisted;
  }

  /** Starts a writer unless one runs; it keeps writing until the latest cursor is stored. */
  private kick(afterFailure = false): void {
    if (this.writing || this.wanted === undefined || this.wanted === this.persisted) return;
    if (this.failure && !afterFailure) return; // a failed write waits for the next commit
    this.writing = this.writeLoop().finally(() => {
      this.writing = null;
      this.kick();
    });
  }

  private async writeLoop(): Promise<void> {
    while (this.wanted !== undefined && this.wanted !== this.persisted) {
      const c = this.wanted;
      try {
        await this.store.setCursor(c);
        this.persisted = c;
        this.failure = null;
      } catch (e) {
        this.failure = e;
        return;
      }
    }
  }

  private remember(cursor: string): void {
    this.recent.add(cursor);
    if (this.recent.size > RECENT_CURSORS_MAX) {
      const oldest = this.recent.values().next().value;
      if (oldest !== undefined) this.recent.delete(oldest);
    }
  }
}
