// The WebSocket gateway at /v1/ws: authenticates, resumes from the client's cursor (missed
// events first, then `synced`, then live), keeps connections alive with heartbeats, and closes
// them cleanly on shutdown.
import { CLOSE_CODES, PROTOCOL_VERSION, type Event } from '@anytime/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type {} from '@fastify/websocket';
import type { AppContext } from '../context.js';
import { decodeCursor, encodeCursor, type CursorValue } from '../events/cursor.js';
import type { Feed } from '../events/feed.js';
import { authenticate } from '../http/auth.js';
import { toApiError } from '../http/errors.js';
import { safeUrl } from '../logger.js';
import { Connection } from './connection.js';
import { handleFrame } from './frames.js';
import { PresenceTracker } from '../modules/presence/tracker.js';
import { TypingRelay } from '../modules/presence/typing.js';
import { CallService } from '../modules/calls/service.js';
import { Router } from './router.js';

const CATCH_UP_PAGE = 200;

/** A socket's connection once registered, and whether it has finished catching up. */
interface Slot {
  conn?: Connection;
  ready: boolean;
}

export class Gateway {
  readonly router: Router;
  /** Presence and typing: ephemeral, between connections, never in the event stream. */
  readonly presence: PresenceTracker;
  readonly typing: TypingRelay;
  /** Call signaling (modules/calls): frames, ringing, reconnect grace. */
  readonly calls: CallService;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly ctx: AppContext,
    private readonly feed: Feed,
  ) {
    this.router = new Router(ctx.storage, (err) => ctx.log.error({ err }, 'routing lookup failed'));
    this.presence = new PresenceTracker(ctx, this.router);
    this.typing = new TypingRelay(ctx, this.router);
    this.calls = new CallService(ctx, this.router);
    feed.onRows((rows) => this.router.route(rows));
    this.heartbeat = setInterval(() => this.beat(), ctx.config.WS_HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  register(app: FastifyInstance): void {
    app.get('/v1/ws', { websocket: true }, (ws, req) => this.accept(ws, req));
  }

  private accept(ws: WebSocket, req: FastifyRequest): void {
    // Frames that arrive while the connection is being set up (auth, catch-up) wait here, in order.
    const early: [Buffer, boolean][] = [];
    const slot: Slot = { ready: false };
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (slot.ready && slot.conn) this.handle(slot.conn, data, isBinary);
      else early.push([data, isBinary]);
    });
    ws.on('close', (code) => {
      // Also during catch-up: the connection is routed from the moment it is registered.
      if (slot.conn) {
        this.router.remove(slot.conn);
        this.presence.unfollow(slot.conn);
        this.presence.changed(slot.conn.userId);
        void this.calls
          .disconnected(slot.conn)
          .catch((err: unknown) => this.ctx.log.error({ err }, 'call disconnect failed'));
      }
      this.ctx.log.debug({ conn: slot.conn?.id, code }, 'socket closed');
    });
    ws.on('error', () => ws.terminate());
    void this.open(ws, req, slot).then(
      (c) => {
        if (!c) return;
        slot.ready = true;
        for (const [d, b] of early.splice(0)) this.handle(c, d, b);
      },
      (e: unknown) => {
        this.ctx.log.error({ err: e }, 'socket setup failed');
        ws.close(1011, 'internal error');
      },
    );
  }

  private handle(conn: Connection, data: Buffer, isBinary: boolean): void {
    conn.missedPongs = 0;
    void handleFrame(this.ctx, conn, data, isBinary, this).catch((e: unknown) =>
      this.ctx.log.error({ err: e }, 'frame handler failed'),
    );
  }

  private async open(ws: WebSocket, req: FastifyRequest, slot: Slot): Promise<Connection | null> {
    let auth;
    try {
      auth = await authenticate(this.ctx, req, true);
    } catch (e) {
      const err = toApiError(e);
      ws.send(JSON.stringify({ type: 'error', error: { code: err.code, message: err.message } }));
      ws.close(err.code === 'internal' ? 1011 : CLOSE_CODES.unauthorized, err.message.slice(0, 120));
      return null;
    }
    const rawCursor = (req.query as Record<string, unknown>)['cursor'];
    let start: CursorValue = this.feed.position();
    if (typeof rawCursor === 'string' && rawCursor.length > 0) {
      const c = decodeCursor(rawCursor);
      if (!c) {
        ws.send(JSON.stringify({ type: 'error', error: { code: 'invalid_cursor', message: 'cursor is not valid' } }));
        ws.close(CLOSE_CODES.invalidCursor, 'invalid cursor');
        return null;
      }
      start = c;
    }
    if (ws.readyState !== ws.OPEN) return null;
    const conn = new Connection(ws, auth, start, this.ctx.config.WS_BUFFER_LIMIT_BYTES);
    slot.conn = conn;
    this.ctx.log.info(
      { conn: conn.id, url: safeUrl(req.url), userId: auth.userId, deviceId: auth.deviceId },
      'socket open',
    );
    const indexed = this.router.add(conn);
    this.presence.changed(auth.userId);
    ws.on('pong', () => (conn.missedPongs = 0));
    conn.send({
      type: 'hello',
      protocolVersion: PROTOCOL_VERSION,
      userId: auth.userId,
      deviceId: auth.deviceId,
      heartbeatMs: this.ctx.config.WS_HEARTBEAT_MS,
      cursor: encodeCursor(start),
    });
    await indexed;
    await this.catchUp(conn);
    if (!conn.isOpen) return conn;
    conn.goLive();
    conn.send({ type: 'synced', cursor: encodeCursor(conn.cursor) });
    // Calls it is in continue on this socket; calls its user is rung for ring here too.
    await this.calls.connected(conn).catch((err: unknown) => this.ctx.log.error({ err }, 'call reconnect failed'));
    return conn;
  }

  /** Sends everything after the connection's cursor, page by page, from the database. */
  private async catchUp(conn: Connection): Promise<void> {
    for (;;) {
      const events: Event[] = await this.ctx.storage.readUserEvents(conn.userId, conn.cursor, CATCH_UP_PAGE);
      for (const e of events) {
        this.router.note(conn.userId, e);
        conn.sendEvent(e);
      }
      if (events.length < CATCH_UP_PAGE || !conn.isOpen) return;
      await conn.drained();
    }
  }

  private beat(): void {
    for (const conn of this.router.connections()) {
      if (conn.missedPongs >= 2) {
        conn.close(CLOSE_CODES.heartbeatTimeout, 'heartbeat timeout');
        // A peer that answers nothing will not finish the close handshake either.
        setTimeout(() => conn.ws.terminate(), 1_000).unref();
        continue;
      }
      conn.missedPongs += 1;
      if (conn.isOpen) conn.ws.ping();
    }
  }

  /** Stops presence and typing (after close, before the database and broker close). */
  async closeEphemeral(): Promise<void> {
    this.typing.close();
    await this.calls.close();
    await this.presence.close();
  }

  /** Closes every socket with 1001 so clients reconnect (to another node). */
  close(): void {
    clearInterval(this.heartbeat);
    for (const conn of this.router.connections()) conn.close(CLOSE_CODES.goingAway, 'server shutting down');
  }
}
