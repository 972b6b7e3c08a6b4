// A minimal client of Janus's WebSocket API (subprotocol `janus-protocol`): one Janus session over
// one socket, kept alive every 25 s (Janus drops sessions idle for 60 s), plugin handles, and
// transactions (a request resolves on Janus's `success`, or on the plugin's `event` after the
// `ack`, and rejects on `error` or a plugin error). Every plugin event and every Janus event
// (webrtcup, media, slowlink, hangup, detached) is also handed to the handle's listener.
// When the socket closes (Janus restarted or went away) every pending request fails, the session
// is gone, and `onClose` tells the owner (JanusSfu reconnects with a new client).
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';

const KEEPALIVE_MS = 25_000;
const REQUEST_TIMEOUT_MS = 15_000;

export interface Jsep {
  type: 'offer' | 'answer';
  sdp: string;
}

/** A message Janus sent about a handle (plugin event, or webrtcup/media/slowlink/hangup/detached). */
export interface JanusEvent {
  janus: string;
  sender?: number;
  transaction?: string;
  plugindata?: { plugin: string; data: Record<string, unknown> };
  jsep?: Jsep;
  [key: string]: unknown;
}

export class JanusError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'JanusError';
  }
}

interface Pending {
  resolve: (m: JanusEvent) => void;
  reject: (e: Error) => void;
  /** Resolve on `ack` (keepalive, trickle) instead of waiting for success/event. */
  ack: boolean;
  timer: ReturnType<typeof setTimeout>;
}

export interface JanusClientOptions {
  url: string;
  apiSecret?: string;
  /** The socket closed or the session was lost: every handle is gone. */
  onClose?: (reason: string) => void;
  /** How long to wait for the socket to open (ms). */
  connectTimeoutMs?: number;
}

export class JanusClient {
  private ws: WebSocket | null = null;
  private sessionId = 0;
  private readonly pending = new Map<string, Pending>();
  private readonly listeners = new Map<number, (e: JanusEvent) => void>();
  private keepalive: ReturnType<typeof setInterval> | null = null;
  private closed = false;

  private constructor(private readonly options: JanusClientOptions) {}

  /** Opens the socket and creates a Janus session. Rejects with a clear message when Janus is not there. */
  static async connect(options: JanusClientOptions): Promise<JanusClient> {
    const client = new JanusClient(options);
    await client.open();
    return client;
  }

  get isOpen(): boolean {
    return !this.closed && this.ws?.readyState === WebSocket.OPEN;
  }

  private async open(): Promise<void> {
    const { url } = this.options;
    const ws = new WebSocket(url, 'janus-protocol', { handshakeTimeout: this.options.connectTimeoutMs ?? 5_000 });
    this.ws = ws;
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', (e) => reject(new Error(`cannot reach Janus at ${url}: ${e.message}`)));
    });
    ws.on('message', (data) => this.onMessage(String(data)));
    ws.on('error', () => undefined);
    ws.on('close', () => this.shutdown('the connection to Janus closed'));
    try {
      const created = await this.request({ janus: 'create' });
      this.sessionId = Number((created['data'] as { id: number }).id);
    } catch (e) {
      this.shutdown('no session');
      throw e;
    }
    this.keepalive = setInterval(() => {
      this.request({ janus: 'keepalive', session_id: this.sessionId }, true).catch(() => undefined);
    }, KEEPALIVE_MS);
  }

  /** Attaches a plugin handle; events about it go to `listener`. */
  async attach(plugin: string, listener: (e: JanusEvent) => void): Promise<number> {
    const res = await this.request({ janus: 'attach', session_id: this.sessionId, plugin });
    const id = Number((res['data'] as { id: number }).id);
    this.listeners.set(id, listener);
    return id;
  }

  async detach(handleId: number): Promise<void> {
    this.listeners.delete(handleId);
    if (!this.isOpen) return;
    await this.request({ janus: 'detach', session_id: this.sessionId, handle_id: handleId }).catch(() => undefined);
  }

  /**
   * A plugin request: resolves with the plugin's data (and the JSEP, if any) from Janus's
   * synchronous `success` or the asynchronous `event` that follows the `ack`.
   */
  async message(
    handleId: number,
    body: Record<string, unknown>,
    jsep?: Jsep,
  ): Promise<{ data: Record<string, unknown>; jsep?: Jsep }> {
    const res = await this.request({
      janus: 'message',
      session_id: this.sessionId,
      handle_id: handleId,
      body,
      ...(jsep ? { jsep } : {}),
    });
    const data = res.plugindata?.data ?? {};
    if (typeof data['error_code'] === 'number' || typeof data['error'] === 'string') {
      throw new JanusError(Number(data['error_code'] ?? 0), String(data['error'] ?? 'plugin error'));
    }
    return { data, ...(res.jsep ? { jsep: res.jsep } : {}) };
  }

  /** Trickles a candidate (or `{ completed: true }`) to a handle's PeerConnection. */
  async trickle(handleId: number, candidate: Record<string, unknown>): Promise<void> {
    await this.request({ janus: 'trickle', session_id: this.sessionId, handle_id: handleId, candidate }, true);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.isOpen && this.sessionId) {
      await this.request({ janus: 'destroy', session_id: this.sessionId }).catch(() => undefined);
    }
    this.shutdown('closed');
  }

  private request(msg: Record<string, unknown>, ack = false): Promise<JanusEvent> {
    if (this.closed || !this.ws || this.ws.readyState !== WebSocket.OPEN) {
      return Promise.reject(new Error('not connected to Janus'));
    }
    const transaction = randomBytes(9).toString('base64url');
    const secret = this.options.apiSecret ? { apisecret: this.options.apiSecret } : {};
    return new Promise<JanusEvent>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(transaction);
        reject(new Error(`Janus did not answer ${String(msg['janus'])} in ${REQUEST_TIMEOUT_MS} ms`));
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(transaction, { resolve, reject, ack, timer });
      this.ws!.send(JSON.stringify({ ...msg, ...secret, transaction }));
    });
  }

  private onMessage(text: string): void {
    let m: JanusEvent;
    try {
      m = JSON.parse(text) as JanusEvent;
    } catch {
      return;
    }
    const p = m.transaction ? this.pending.get(m.transaction) : undefined;
    if (p) {
      if (m.janus === 'error') {
        const err = m['error'] as { code?: number; reason?: string } | undefined;
        this.settle(m.transaction!, p);
        p.reject(new JanusError(err?.code ?? 0, err?.reason ?? 'Janus error'));
      } else if (m.janus === 'ack' && !p.ack) {
        // Asynchronous plugin request: the event follows.
      } else if (m.janus === 'success' || m.janus === 'ack' || m.janus === 'event') {
        this.settle(m.transaction!, p);
        p.resolve(m);
      }
    }
    if (m.janus === 'timeout' && m['session_id'] === this.sessionId) {
      this.shutdown('the Janus session timed out');
      return;
    }
    if (typeof m.sender === 'number' && m.janus !== 'ack' && m.janus !== 'success') {
      this.listeners.get(m.sender)?.(m);
    }
  }

  private settle(transaction: string, p: Pending): void {
    clearTimeout(p.timer);
    this.pending.delete(transaction);
  }

  private shutdown(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    if (this.keepalive) clearInterval(this.keepalive);
    for (const [t, p] of this.pending) {
      this.settle(t, p);
      p.reject(new Error(`Janus request failed: ${reason}`));
    }
    this.listeners.clear();
    try {
      this.ws?.close();
    } catch {
      // already closed
    }
    this.options.onClose?.(reason);
  }
}
