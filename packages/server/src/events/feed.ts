// A node's feed: every committed event, once, in stream order, handed to the gateway's router.
// SQLite (one node): events come straight from the writer after each commit, already in order.
// PostgreSQL (one or many nodes): the feed reads the event log in stable order; the broker only
// says "something committed" so that nodes read promptly, and a slow timer covers lost wake-ups.
import type { Broker } from '../broker/broker.js';
import type { Storage, StreamRow } from '../storage/storage.js';
import { compareCursors, cursorOf, type CursorValue } from './cursor.js';

export type FeedListener = (rows: StreamRow[]) => void;

export interface Feed {
  /** Position of the last event handed out; a new connection without a cursor starts here. */
  position(): CursorValue;
  onRows(listener: FeedListener): void;
  close(): Promise<void>;
}

export const FEED_SUBJECT = 'anytime.feed';

class DirectFeed implements Feed {
  private pos: CursorValue;
  private readonly listeners: FeedListener[] = [];

  constructor(storage: Storage, start: CursorValue) {
    this.pos = start;
    storage.onCommit((rows) => {
      const last = rows.at(-1);
      if (last) this.pos = cursorOf(last.event);
      for (const l of this.listeners) l(rows);
    });
  }

  position(): CursorValue {
    return this.pos;
  }

  onRows(listener: FeedListener): void {
    this.listeners.push(listener);
  }

  async close(): Promise<void> {}
}

const PAGE = 1_000;
const RETRY_MS = 5;
const FALLBACK_POLL_MS = 1_000;

class PollingFeed implements Feed {
  private pos: CursorValue;
  private readonly listeners: FeedListener[] = [];
  private polling = false;
  private again = false;
  /** The newest transaction some node said it committed; the feed reads until it has passed it. */
  private wanted = 0;
  private closed = false;
  private readonly timer: NodeJS.Timeout;
  private readonly unsubscribe: () => void;
  private retry: NodeJS.Timeout | undefined;
  /** The newest transaction committed here and not yet announced to the other nodes. */
  private announce: number | undefined;

  constructor(
    private readonly storage: Storage,
    broker: Broker,
    start: CursorValue,
    private readonly onError: (e: unknown) => void,
  ) {
    this.pos = start;
    this.unsubscribe = broker.subscribe(FEED_SUBJECT, (p) => this.wake(typeof p === 'number' ? p : 0));
    broker.onReconnect(() => this.wake(0));
    storage.onCommit((rows) => {
      const t = rows.length ? cursorOf(rows.at(-1)!.event).t : 0;
      // One message to the broker for the commits of one turn of the event loop (each is a
      // socket write): the newest transaction stands for them all, as readers read up to it.
      if (this.announce === undefined) {
        this.announce = t;
        setImmediate(() => {
          const newest = this.announce ?? 0;
          this.announce = undefined;
          if (this.closed) return;
          try {
            broker.publish(FEED_SUBJECT, newest);
          } catch (e) {
            this.onError(e);
          }
        });
      } else if (t > this.announce) this.announce = t;
      this.wake(t);
    });
    this.timer = setInterval(() => this.wake(0), FALLBACK_POLL_MS);
    this.timer.unref();
  }

  position(): CursorValue {
    return this.pos;
  }

  onRows(listener: FeedListener): void {
    this.listeners.push(listener);
  }

  private wake(txid: number): void {
    if (this.closed) return;
    if (txid > this.wanted) this.wanted = txid;
    if (this.polling) {
      this.again = true;
      return;
    }
    void this.poll();
  }

  private async poll(): Promise<void> {
    this.polling = true;
    try {
      do {
        this.again = false;
        for (;;) {
          const rows = await this.storage.readStream(this.pos, PAGE);
          const last = rows.at(-1);
          if (!last) break;
          const next = cursorOf(last.event);
          if (compareCursors(next, this.pos) > 0) this.pos = next;
          for (const l of this.listeners) l(rows);
          if (rows.length < PAGE) break;
        }
      } while (this.again && !this.closed);
    } catch (e) {
      this.onError(e);
    } finally {
      this.polling = false;
    }
    // An event can commit while an older transaction still runs; it becomes readable once
    // that one ends. Re-read shortly until the feed has passed every announced commit.
    if (this.pos.t < this.wanted && !this.closed && !this.retry) {
      this.retry = setTimeout(() => {
        this.retry = undefined;
        if (!this.polling) void this.poll();
      }, RETRY_MS);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    if (this.retry) clearTimeout(this.retry);
    this.unsubscribe();
  }
}

export async function openFeed(storage: Storage, broker: Broker, onError: (e: unknown) => void): Promise<Feed> {
  const start = await storage.head();
  if (storage.dialect === 'sqlite') return new DirectFeed(storage, start);
  return new PollingFeed(storage, broker, start, onError);
}
