// The realtime link: one WebSocket at a time to /v1/ws, resumed from the stored cursor,
// kept alive with pings, and reopened with backoff when it drops (not after 4003; after 4001
// only once the token is refreshed). Received events go through the event pipeline.
import {
  type CallRingFrame,
  type CallSignalServerFrame,
  type CallStateFrame,
  CLOSE_CODES,
  parseWith,
  ServerFrame,
  type AckFrame,
  type ClientFrame,
  type ErrorFrame,
  type HelloFrame,
  type PresenceFrame,
  type MediaProgressFrame,
  type TypingServerFrame,
} from '@anytime/protocol';
import { ApiError, isTransientError } from '../http/api-error.js';
import type { Auth } from '../auth/auth.js';
import { NotSignedInError } from '../auth/auth.js';
import type { EventPipeline } from '../sync/event-pipeline.js';
import { Backoff, type BackoffOptions } from './backoff.js';
import { Emitter } from './emitter.js';
import {
  messageText,
  resolveSocketConstructor,
  SOCKET_OPEN,
  socketUrl,
  type SocketConstructor,
  type SocketLike,
} from './socket.js';

/**
 * idle: not asked to connect; connecting: opening a socket; connected: hello received;
 * reconnecting: waiting to try again; closed: will not reconnect (device revoked, signed out).
 */
export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'closed';

export interface ConnectionStateChange {
  state: ConnectionState;
  /** Close code of the socket that ended, when a state change was caused by one. */
  code?: number;
  reason?: string;
  /** Delay before the next attempt, in the reconnecting state. */
  retryInMs?: number;
}

export interface ConnectionEvents {
  state: ConnectionStateChange;
  hello: HelloFrame;
  synced: { cursor: string };
  ack: AckFrame;
  /** Error frames from the server (a send or other frame that failed). */
  error: ErrorFrame;
  /** Ephemeral frames (not events): someone is typing; someone's presence. */
  typing: TypingServerFrame;
  presence: PresenceFrame;
  /** Ephemeral: processing progress of one of the user's uploads. */
  mediaProgress: MediaProgressFrame;
  /** Ephemeral call signaling: an incoming call, a call's new state, a WebRTC message. */
  callRing: CallRingFrame;
  callState: CallStateFrame;
  callSignal: CallSignalServerFrame;
}

export interface RealtimeOptions {
  baseUrl: string;
  auth: Auth;
  pipeline: EventPipeline;
  /** Catches up over HTTP when there is no stored cursor; returns the cursor to resume from. */
  catchUp: () => Promise<string>;
  WebSocket?: SocketConstructor;
  backoff?: BackoffOptions;
  /** How often to send a ping frame, ms. */
  pingIntervalMs?: number;
  /** Silence (no frame at all) after which the socket is considered dead, ms. */
  deadAfterMs?: number;
  /** How long opening may take until hello, ms. */
  connectTimeoutMs?: number;
  /** A connection that lasts this long resets the backoff, ms. */
  stableAfterMs?: number;
}

/** Local close code for a socket we dropped ourselves (dead or too slow to open). */
export const LOCAL_DEAD_CODE = 4999;

export class RealtimeConnection extends Emitter<ConnectionEvents> {
  private socket: SocketLike | null = null;
  private wanted = false;
  private attempt = 0;
  private current: ConnectionState = 'idle';
  private isSynced = false;
  /** The access token a socket was refused with (4001): refresh it before the next attempt. */
  private refusedToken: string | null = null;
  private tokenInUse: string | null = null;
  private lastFrameAt = 0;
  private ackedCursor: string | null = null;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private readonly backoff: Backoff;
  private readonly pingIntervalMs: number;
  private readonly deadAfterMs: number;
  private readonly connectTimeoutMs: number;
  private readonly stableAfterMs: number;

  constructor(private readonly opts: RealtimeOptions) {
    super();
    this.backoff = new Backoff(opts.backoff);
    this.pingIntervalMs = opts.pingIntervalMs ?? 10_000;
    this.deadAfterMs = opts.deadAfterMs ?? this.pingIntervalMs * 2.5;
    this.connectTimeoutMs = opts.connectTimeoutMs ?? 15_000;
    this.stableAfterMs = opts.stableAfterMs ?? 10_000;
  }

  get state(): ConnectionState {
    return this.current;
  }

  /** Whether the socket is connected and has sent everything missed (live from here on). */
  get synced(): boolean {
    return this.isSynced;
  }

  /** Starts connecting (and keeps reconnecting) until disconnect(). */
  connect(): void {
    if (this.wanted) return;
    this.wanted = true;
    this.backoff.reset();
    void this.open();
  }

  /** Closes the socket and stops reconnecting. */
  disconnect(): void {
    this.wanted = false;
    this.attempt += 1;
    this.teardown(1000, 'client disconnect');
    if (this.current !== 'closed') this.setState({ state: 'idle' });
  }

  /** Sends a frame if the socket is connected; returns whether it was sent. */
  send(frame: ClientFrame): boolean {
    const ws = this.socket;
    if (!ws || this.current !== 'connected' || ws.readyState !== SOCKET_OPEN) return false;
    try {
      ws.send(JSON.stringify(frame));
      return true;
    } catch {
      return false;
    }
  }

  /** Resolves once the connection is synced (at once if it is); rejects if it stops for good. */
  whenSynced(): Promise<void> {
    if (this.isSynced) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const offSynced = this.on('synced', () => {
        offState();
        offSynced();
        resolve();
      });
      const offState = this.on('state', (s) => {
        if (s.state !== 'closed' && s.state !== 'idle') return;
        offState();
        offSynced();
        reject(new Error(`connection ${s.state}${s.reason ? `: ${s.reason}` : ''}`));
      });
    });
  }

  private async open(): Promise<void> {
    const attempt = ++this.attempt;
    const stale = () => attempt !== this.attempt || !this.wanted;
    this.setState({ state: 'connecting' });
    try {
      if (this.refusedToken !== null) {
        await this.opts.auth.refresh(this.refusedToken);
        this.refusedToken = null;
      }
      let cursor = await this.opts.pipeline.cursor();
      if (stale()) return;
      if (cursor === null) cursor = await this.opts.catchUp();
      const token = await this.opts.auth.accessToken();
      const Ctor = await resolveSocketConstructor(this.opts.WebSocket);
      if (stale()) return;
      const ws = new Ctor(socketUrl(this.opts.baseUrl, { access_token: token, cursor }));
      this.socket = ws;
      this.tokenInUse = token;
      this.lastFrameAt = Date.now();
      this.later(this.connectTimeoutMs, () => {
        if (this.socket === ws && this.current !== 'connected') this.drop(ws, 'connect timeout');
      });
      ws.onmessage = (ev) => {
        if (this.socket === ws) this.onMessage(ev.data);
      };
      ws.onclose = (ev) => {
        if (this.socket === ws) this.onClose(ev.code, ev.reason);
      };
      ws.onerror = () => undefined; // onclose follows and decides what to do
    } catch (e) {
      if (stale()) return;
      if (e instanceof NotSignedInError || (e instanceof ApiError && e.code === 'invalid_refresh_token')) {
        this.stop({ state: 'closed', reason: e.message });
        return;
      }
      if (e instanceof ApiError && e.code === 'invalid_cursor') this.opts.pipeline.commit(null);
      if (!isTransientError(e) && !(e instanceof ApiError)) console.error('anytime: connecting failed', e);
      this.retry({ reason: e instanceof Error ? e.message : String(e) });
    }
  }

  private onMessage(data: unknown): void {
    this.lastFrameAt = Date.now();
    const text = messageText(data);
    let raw: unknown;
    try {
      raw = text === null ? undefined : JSON.parse(text);
    } catch {
      raw = undefined;
    }
    const parsed = parseWith(ServerFrame, raw);
    if (!parsed.ok) {
      console.warn(`anytime: ignoring a server frame that does not match the protocol: ${parsed.message}`);
      return;
    }
    const frame = parsed.value;
    switch (frame.type) {
      case 'hello':
        return this.onHello(frame);
      case 'synced':
        this.isSynced = true;
        this.opts.pipeline.commit(frame.cursor);
        this.ackCursor(frame.cursor);
        this.emit('synced', { cursor: frame.cursor });
        return;
      case 'ack':
        this.emit('ack', frame);
        return;
      case 'error':
        this.emit('error', frame);
        return;
      case 'pong':
        return;
      case 'typing':
        this.emit('typing', frame);
        return;
      case 'presence':
        this.emit('presence', frame);
        return;
      case 'media.progress':
        this.emit('mediaProgress', frame);
        return;
      case 'call.ring':
        this.emit('callRing', frame);
        return;
      case 'call.state':
        this.emit('callState', frame);
        return;
      case 'call.signal':
        this.emit('callSignal', frame);
        return;
      default:
        if (this.opts.pipeline.accept(frame)) this.opts.pipeline.commit(frame.cursor);
    }
  }

  private onHello(frame: HelloFrame): void {
    this.setState({ state: 'connected' });
    this.heartbeat = setInterval(() => this.beat(), this.pingIntervalMs);
    const ws = this.socket;
    this.later(this.stableAfterMs, () => {
      if (this.socket === ws && this.current === 'connected') this.backoff.reset();
    });
    this.emit('hello', frame);
  }

  private beat(): void {
    const ws = this.socket;
    if (!ws) return;
    if (Date.now() - this.lastFrameAt > this.deadAfterMs) return this.drop(ws, 'heartbeat timeout');
    this.send({ type: 'ping' });
    const durable = this.opts.pipeline.durableCursor;
    if (this.isSynced && durable && durable !== this.ackedCursor) this.ackCursor(durable);
  }

  /** Tells the server how far this device has applied, for /v1/sync without a cursor. */
  private ackCursor(cursor: string): void {
    if (this.send({ type: 'cursor', cursor })) this.ackedCursor = cursor;
  }

  private onClose(code: number, reason: string): void {
    this.teardown();
    if (!this.wanted) return;
    if (code === CLOSE_CODES.deviceRevoked) {
      this.stop({ state: 'closed', code, reason });
      void this.opts.auth.end('revoked');
      return;
    }
    if (code === CLOSE_CODES.unauthorized) this.refusedToken = this.tokenInUse;
    if (code === CLOSE_CODES.invalidCursor) this.opts.pipeline.commit(null);
    this.retry({ code, reason });
  }

  /** Gives up on a socket that is not answering: no close handshake, reconnect at once. */
  private drop(ws: SocketLike, reason: string): void {
    const terminate = (ws as { terminate?: () => void }).terminate;
    ws.onclose = null;
    try {
      if (typeof terminate === 'function') terminate.call(ws);
      else ws.close(4000, reason);
    } catch {
      // already closed
    }
    if (this.socket === ws) this.onClose(LOCAL_DEAD_CODE, reason);
  }

  private retry(change: Omit<ConnectionStateChange, 'state'>): void {
    const delay = this.backoff.next();
    this.setState({ state: 'reconnecting', ...change, retryInMs: delay });
    const attempt = this.attempt;
    this.later(delay, () => {
      if (attempt === this.attempt && this.wanted) void this.open();
    });
  }

  private stop(change: ConnectionStateChange): void {
    this.wanted = false;
    this.teardown();
    this.setState(change);
  }

  private teardown(code?: number, reason?: string): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.isSynced = false;
    this.ackedCursor = null;
    const ws = this.socket;
    this.socket = null;
    if (ws && code !== undefined) {
      ws.onclose = null;
      ws.onmessage = null;
      try {
        ws.close(code, reason);
      } catch {
        // already closed
      }
    }
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private setState(change: ConnectionStateChange): void {
    this.current = change.state;
    this.emit('state', change);
  }
}
