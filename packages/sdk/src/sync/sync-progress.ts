// How far catching up has got: from the moment the client starts (re)connecting until the
// server says `synced`, counts the events applied (from /v1/sync pages or the socket's replay)
// and the messages among them, and reports whether more is known to follow.
import type { Event } from '@anytime/protocol';

export interface SyncProgress {
  /** True while catching up (connecting, paging /v1/sync, or receiving the socket's replay). */
  catchingUp: boolean;
  /** Events applied since this catch-up began. */
  events: number;
  /** New messages (message.created) among them. */
  messages: number;
  /** True while more is known to follow (a /v1/sync page said hasMore, or `synced` has not come). */
  hasMore: boolean;
}

export const IDLE_PROGRESS: SyncProgress = Object.freeze({ catchingUp: false, events: 0, messages: 0, hasMore: false });

/** During the socket's replay, a report every this many events (and at each page and the end). */
export const PROGRESS_EVERY = 50;

export class SyncProgressTracker {
  private now: SyncProgress = IDLE_PROGRESS;

  constructor(private readonly report: (p: SyncProgress) => void) {}

  get current(): SyncProgress {
    return this.now;
  }

  /** A connection attempt began: a new catch-up (nothing reported until something is applied). */
  started(): void {
    if (this.now.catchingUp) return;
    this.now = { catchingUp: true, events: 0, messages: 0, hasMore: true };
  }

  /** An event was applied; counts it if catching up. */
  applied(event: Event): void {
    if (!this.now.catchingUp) return;
    const messages = this.now.messages + (event.type === 'message.created' ? 1 : 0);
    this.now = { ...this.now, events: this.now.events + 1, messages };
    if (this.now.events % PROGRESS_EVERY === 0) this.report(this.now);
  }

  /** A /v1/sync page was applied. */
  page(hasMore: boolean): void {
    if (!this.now.catchingUp) return;
    this.now = { ...this.now, hasMore };
    if (this.now.events > 0) this.report(this.now);
  }

  /** The server said `synced`, or the connection stopped: caught up (or given up) for now. */
  finished(): void {
    if (!this.now.catchingUp) return;
    const last = this.now;
    this.now = { ...last, catchingUp: false, hasMore: false };
    if (last.events > 0) this.report(this.now);
    this.now = IDLE_PROGRESS;
  }
}
