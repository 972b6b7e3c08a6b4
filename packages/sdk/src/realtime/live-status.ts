// Who is typing where, and the presence of followed users: ephemeral, from socket frames, never
// part of the event-built state. A typing indicator expires when it is not renewed in time
// (senders repeat it every few seconds while typing); a `stopped` frame ends it at once.
import type { Presence, PresenceFrame, TypingServerFrame } from '@anytime/protocol';
import { Emitter } from './emitter.js';

/** How long a typing indicator lasts without renewal, ms. */
export const TYPING_EXPIRES_MS = 6_000;

export interface LiveStatusEvents {
  /** conversationId -> ids of the users typing there now. */
  typing: Readonly<Record<string, readonly string[]>>;
  presence: Readonly<Record<string, Presence>>;
}

export class LiveStatus extends Emitter<LiveStatusEvents> {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private typingNow: Record<string, readonly string[]> = {};
  private presenceNow: Record<string, Presence> = {};

  constructor(private readonly expiresMs = TYPING_EXPIRES_MS) {
    super();
  }

  get typing(): Readonly<Record<string, readonly string[]>> {
    return this.typingNow;
  }

  get presence(): Readonly<Record<string, Presence>> {
    return this.presenceNow;
  }

  onTyping({ conversationId, userId, stopped }: TypingServerFrame): void {
    const key = `${conversationId}\u0000${userId}`;
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    if (!stopped) {
      const t = setTimeout(() => {
        this.timers.delete(key);
        this.setTyping(conversationId, userId, false);
      }, this.expiresMs);
      (t as { unref?: () => void }).unref?.();
      this.timers.set(key, t);
    }
    this.setTyping(conversationId, userId, !stopped);
  }

  onPresence({ presence }: PresenceFrame): void {
    this.presenceNow = { ...this.presenceNow, [presence.userId]: presence };
    this.emit('presence', this.presenceNow);
  }

  /** Forgets everything (the socket closed: nobody's typing can be trusted any more). */
  clear(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    if (Object.keys(this.typingNow).length === 0) return;
    this.typingNow = {};
    this.emit('typing', this.typingNow);
  }

  private setTyping(conversationId: string, userId: string, on: boolean): void {
    const list = this.typingNow[conversationId] ?? [];
    const has = list.includes(userId);
    if (has === on) return;
    const next = on ? [...list, userId] : list.filter((u) => u !== userId);
    const { [conversationId]: _, ...rest } = this.typingNow;
    this.typingNow = next.length > 0 ? { ...rest, [conversationId]: next } : rest;
    this.emit('typing', this.typingNow);
  }
}
