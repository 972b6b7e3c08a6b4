// One device's WebSocket. Events reach it in stream order: while it catches up from its resume
// cursor, live events wait in a buffer; afterwards anything at or before its cursor is dropped,
// so the device sees no gap and no duplicate. A device that cannot keep up is closed (4008)
// rather than buffered without limit.
import { CLOSE_CODES, type Event, type ServerFrame } from '@anytime/protocol';
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import { compareCursors, cursorOf, type CursorValue } from '../events/cursor.js';
import type { AuthContext } from '../modules/accounts/tokens.js';
import { Turns } from '../turns.js';

/** Most live events held for a connection that is still catching up. */
const CATCH_UP_BUFFER_MAX = 10_000;
/** Unsent bytes past this many times the limit close the socket at once. */
const HARD_LIMIT_FACTOR = 8;
/** How long unsent bytes may stay over the limit before the socket is closed. */
const SLOW_FOR_MS = 3_000;

let nextId = 1;

export class Connection {
  readonly id = nextId++;
  missedPongs = 0;
  private live = false;
  private closed = false;
  private buffer: { event: Event; text: string; at: CursorValue }[] = [];
  private readonly turns = new Turns<string>();
  private corked = false;
  /** Since when the backlog has been over the limit (0: it is not). */
  private overSince = 0;

  constructor(
    readonly ws: WebSocket,
    readonly auth: AuthContext,
    public cursor: CursorValue,
    private readonly bufferLimit: number,
  ) {}

  get userId(): string {
    return this.auth.userId;
  }

  get isOpen(): boolean {
    return !this.closed && this.ws.readyState === this.ws.OPEN;
  }

  /** A live event from the feed (text and cursor are made once for all recipients). */
  deliver(event: Event, text: string, at: CursorValue): void {
    if (this.closed) return;
    if (!this.live) {
      if (this.buffer.length >= CATCH_UP_BUFFER_MAX) return this.close(CLOSE_CODES.slowConsumer, 'slow consumer');
      this.buffer.push({ event, text, at });
      return;
    }
    this.sendEvent(event, text, at);
  }

  /** Sends an event unless the device already has it; returns whether it was sent. */
  sendEvent(event: Event, text?: string, at?: CursorValue): boolean {
    const c = at ?? cursorOf(event);
    if (compareCursors(c, this.cursor) <= 0) return false;
    this.cursor = c;
    this.sendText(text ?? JSON.stringify(event));
    if (event.type === 'device.revoked' && event.deviceId === this.auth.deviceId) {
      this.close(CLOSE_CODES.deviceRevoked, 'device signed out');
    }
    return true;
  }

  /** Ends catch-up: sends what arrived meanwhile, then delivers live. */
  goLive(): void {
    const pending = this.buffer;
    this.buffer = [];
    this.live = true;
    for (const { event, text, at } of pending) this.sendEvent(event, text, at);
  }

  send(frame: ServerFrame): void {
    this.sendText(JSON.stringify(frame));
  }

  /**
   * A burst (a whole group commit's acks and events) may pass the limit within one turn and
   * drain a moment later; a consumer is slow when its backlog stays over the limit, or passes
   * a hard cap that bounds the memory one socket can hold.
   */
  private sendText(text: string): void {
    if (!this.isOpen) return;
    const backlog = this.ws.bufferedAmount;
    if (backlog > this.bufferLimit * HARD_LIMIT_FACTOR) return this.close(CLOSE_CODES.slowConsumer, 'slow consumer');
    if (!this.corked) {
      // The first frame of this turn: judge what earlier turns left unsent.
      if (backlog <= this.bufferLimit) this.overSince = 0;
      else if (this.overSince === 0) this.overSince = Date.now();
      else if (Date.now() - this.overSince > SLOW_FOR_MS) return this.close(CLOSE_CODES.slowConsumer, 'slow consumer');
    }
    this.cork();
    this.ws.send(text);
  }

  /**
   * Holds this turn's frames in the socket and writes them together at the end of the turn
   * (one writev instead of one per frame: an ack and an event often go out back to back).
   */
  private cork(): void {
    if (this.corked) return;
    const socket = (this.ws as unknown as { _socket?: Socket })._socket;
    if (!socket) return;
    this.corked = true;
    socket.cork();
    setImmediate(() => {
      this.corked = false;
      socket.uncork();
    });
  }

  /** Runs fn after every earlier fn with the same key has settled. */
  inOrder<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.turns.run(key, fn);
  }

  /** Resolves once the socket's send buffer has room (used while catching up). */
  async drained(): Promise<void> {
    while (this.isOpen && this.ws.bufferedAmount > this.bufferLimit / 4) {
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.buffer = [];
    try {
      this.ws.close(code, reason);
    } catch {
      this.ws.terminate();
    }
  }
}
