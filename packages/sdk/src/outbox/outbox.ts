// The outbox: a send is stored first (with a fresh clientId) and returned at once; it goes out
// over the socket whenever one is connected, again with the SAME clientId after reconnects,
// until an ack (done) or a permanent error (failed) arrives. Per conversation, messages go out
// one at a time in the order they were sent, so the server stores them in that order.
import {
  parseWith,
  SendFrame,
  type AckFrame,
  type ErrorBody,
  type ErrorCode,
  type ErrorFrame,
  type Message,
  type SendMessageRequest,
} from '@anytime/protocol';
import { ApiError } from '../http/api-error.js';
import { Emitter } from '../realtime/emitter.js';
import type { OutboxStore, PendingMessage } from './outbox-store.js';

export interface SendOptions {
  replyToId?: string;
  mediaIds?: string[];
  /** @mention entities (UTF-16 offsets into the text). */
  entities?: NonNullable<SendMessageRequest['entities']>;
  /** People tagged in the attached photos (each mediaId one of mediaIds); they get a mention. */
  photoTags?: NonNullable<SendMessageRequest['photoTags']>;
}

export interface OutboxEvents {
  /** The outbox's content changed (queued, sent or failed). */
  changed: readonly PendingMessage[];
  sent: { pending: PendingMessage; message: Message };
  failed: { pending: PendingMessage; error: ErrorBody };
}

/** Error codes after which the same send may succeed later; anything else fails the message. */
const RETRYABLE: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'internal',
  'unavailable',
  'rate_limited',
  'unauthorized',
  'token_expired',
]);

export interface OutboxOptions {
  store: OutboxStore;
  /** Puts a frame on the wire; false when there is no connected socket. */
  transmit: (frame: SendFrame) => boolean;
  /** Delay before retrying after a retryable error, ms (grows per attempt, capped at 30 s). */
  retryDelayMs?: number;
}

export class Outbox extends Emitter<OutboxEvents> {
  private items: PendingMessage[] = [];
  private readonly inFlight = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly holds = new Map<string, ReturnType<typeof setTimeout>>();
  private online = false;
  private nextOrder = 0;
  private loading: Promise<void> | null = null;
  private readonly writes = new Set<Promise<void>>();

  constructor(private readonly opts: OutboxOptions) {
    super();
  }

  /** Loads what an earlier run left in the store (once). */
  load(): Promise<void> {
    return (this.loading ??= this.opts.store.list().then((stored) => {
      const known = new Set(this.items.map((m) => m.clientId));
      this.items = [...stored.filter((m) => !known.has(m.clientId)), ...this.items].sort((a, b) => a.order - b.order);
      this.nextOrder = Math.max(this.nextOrder, ...this.items.map((m) => m.order + 1));
    }));
  }

  /** Pending messages in send order. */
  get pending(): readonly PendingMessage[] {
    return this.items;
  }

  /** Stores the message durably, then returns it; it is sent as soon as a socket allows. */
  async send(conversationId: string, text: string, options: SendOptions = {}): Promise<PendingMessage> {
    await this.load();
    const fields = {
      conversationId,
      clientId: crypto.randomUUID(),
      text,
      ...(options.replyToId !== undefined ? { replyToId: options.replyToId } : {}),
      ...(options.mediaIds !== undefined ? { mediaIds: [...options.mediaIds] } : {}),
      ...(options.entities !== undefined ? { entities: [...options.entities] } : {}),
      ...(options.photoTags !== undefined ? { photoTags: options.photoTags.map((t) => ({ ...t })) } : {}),
    };
    const checked = parseWith(SendFrame, { type: 'send', ...fields });
    if (!checked.ok) throw new ApiError(checked.code, checked.message);
    const message: PendingMessage = { ...fields, order: this.nextOrder++, createdAt: new Date().toISOString() };
    await this.opts.store.put(message);
    this.items = [...this.items, message];
    this.emit('changed', this.items);
    this.flush();
    return message;
  }

  /** A socket is connected: everything not acknowledged goes (again), in order. */
  connected(): void {
    this.online = true;
    this.inFlight.clear();
    this.flush();
  }

  /** The socket is gone: nothing is in flight any more. */
  disconnected(): void {
    this.online = false;
    this.inFlight.clear();
  }

  handleAck(frame: AckFrame): void {
    const pending = this.take(frame.clientId);
    if (pending) this.emit('sent', { pending, message: frame.message });
    this.flush();
  }

  handleError(frame: ErrorFrame): void {
    const clientId = frame.clientId;
    if (clientId === undefined || !this.items.some((m) => m.clientId === clientId)) return;
    this.inFlight.delete(clientId);
    if (RETRYABLE.has(frame.error.code)) {
      this.holdAndRetry(clientId, (frame.retryAfterSeconds ?? 0) * 1000);
      return;
    }
    const pending = this.take(clientId);
    if (pending) this.emit('failed', { pending, error: frame.error });
    this.flush();
  }

  /** Resolves when every background store write has finished. */
  async settle(): Promise<void> {
    while (this.writes.size > 0) await Promise.all(this.writes);
  }

  /** Forgets every pending message (sign-out). */
  async clear(): Promise<void> {
    await this.load();
    const all = this.items;
    this.items = [];
    this.inFlight.clear();
    for (const t of this.holds.values()) clearTimeout(t);
    this.holds.clear();
    await Promise.all(all.map((m) => this.opts.store.remove(m.clientId)));
    this.emit('changed', this.items);
  }

  /** Sends, per conversation, the oldest message if none of that conversation is in flight. */
  private flush(): void {
    if (!this.online) return;
    const busy = new Set<string>();
    for (const m of this.items) {
      if (this.inFlight.has(m.clientId) || this.holds.has(m.clientId)) busy.add(m.conversationId);
    }
    for (const m of this.items) {
      if (busy.has(m.conversationId)) continue;
      busy.add(m.conversationId);
      const { order: _o, createdAt: _c, ...fields } = m;
      if (!this.opts.transmit({ type: 'send', ...fields })) return;
      this.inFlight.add(m.clientId);
    }
  }

  /**
   * Keeps the conversation waiting on this message for a while (a growing backoff, and not less
   * than the server's Retry-After), then tries it again.
   */
  private holdAndRetry(clientId: string, notBeforeMs = 0): void {
    const n = (this.failures.get(clientId) ?? 0) + 1;
    this.failures.set(clientId, n);
    const delay = Math.max(notBeforeMs, Math.min(30_000, (this.opts.retryDelayMs ?? 1000) * 2 ** (n - 1)));
    const t = setTimeout(() => {
      this.holds.delete(clientId);
      this.flush();
    }, delay);
    this.holds.set(clientId, t);
  }

  /** Removes a message from the outbox (memory now, store in the background). */
  private take(clientId: string): PendingMessage | undefined {
    const pending = this.items.find((m) => m.clientId === clientId);
    this.inFlight.delete(clientId);
    this.failures.delete(clientId);
    const hold = this.holds.get(clientId);
    if (hold) clearTimeout(hold);
    this.holds.delete(clientId);
    if (!pending) return undefined;
    this.items = this.items.filter((m) => m !== pending);
    const write = this.opts.store
      .remove(clientId)
      .catch((e: unknown) => console.error('anytime: outbox store remove failed', e))
      .finally(() => this.writes.delete(write));
    this.writes.add(write);
    this.emit('changed', this.items);
    return pending;
  }
}
