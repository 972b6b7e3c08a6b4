// One benchmark WebSocket at /v1/ws: connects with a bearer token, waits for `hello` and
// `synced`, sends `send` frames and hands acks, deliveries and errors to its handlers with
// the arrival time (performance.now()).
import type { AckFrame, ErrorFrame, EventOf, SendFrame, ServerFrame } from '@anytime/protocol';
import WebSocket from 'ws';
import type { BenchUser } from './http-client.js';
import type { FrameChecker } from './frame-check.js';
import type { DeliveredMessage, LoadSocket } from './load-socket.js';

export type MessageCreatedFrame = EventOf<'message.created'>;

export interface SocketHandlers {
  onAck?(frame: AckFrame, at: number): void;
  onMessage?(frame: MessageCreatedFrame, at: number): void;
  onError?(frame: ErrorFrame, at: number): void;
}

export class BenchSocket implements LoadSocket {
  handlers: SocketHandlers = {};
  onAcked: LoadSocket['onAcked'];
  onRefused: LoadSocket['onRefused'];
  onDelivered: LoadSocket['onDelivered'];
  /** Frames received, by type. */
  readonly frameCounts = new Map<string, number>();
  /** Set when the connection closed without us asking. */
  unexpectedClose: { code: number; reason: string } | undefined;
  private closing = false;

  private constructor(
    readonly user: BenchUser,
    private readonly ws: WebSocket,
    private readonly checker: FrameChecker,
  ) {}

  static open(wsUrl: string, user: BenchUser, checker: FrameChecker, timeoutMs = 10_000): Promise<BenchSocket> {
    const ws = new WebSocket(wsUrl, {
      headers: { authorization: `Bearer ${user.accessToken}` },
      perMessageDeflate: false,
    });
    const socket = new BenchSocket(user, ws, checker);
    return new Promise((resolve, reject) => {
      const seen: string[] = [];
      const fail = (why: string) => {
        clearTimeout(timer);
        ws.terminate();
        reject(new Error(`socket for ${user.username}: ${why}; frames seen: ${seen.join(', ') || 'none'}`));
      };
      const timer = setTimeout(() => fail(`no synced frame within ${timeoutMs} ms`), timeoutMs);
      ws.on('unexpected-response', (_req, res) => fail(`upgrade refused with HTTP ${res.statusCode}`));
      ws.on('error', (e) => fail(e.message));
      ws.on('close', (code, reason) => {
        if (!socket.closing) socket.unexpectedClose = { code, reason: reason.toString() };
        fail(`closed ${code} ${reason.toString()}`);
      });
      ws.on('message', (data, isBinary) => {
        const frame = socket.receive(data, isBinary);
        if (!frame) return;
        seen.push(frame.type);
        if (frame.type === 'synced') {
          clearTimeout(timer);
          ws.removeAllListeners('error').on('error', () => undefined);
          ws.removeAllListeners('close').on('close', (code, reason) => {
            if (!socket.closing) socket.unexpectedClose = { code, reason: reason.toString() };
          });
          ws.removeAllListeners('message').on('message', (d, b) => socket.dispatch(d, b));
          resolve(socket);
        }
      });
    });
  }

  send(frame: SendFrame): void {
    this.ws.send(JSON.stringify(frame));
  }

  sendText(conversationId: string, clientId: string, text: string): void {
    this.send({ type: 'send', conversationId, clientId, text });
  }

  /** Bytes queued locally but not yet written to the network. */
  get bufferedAmount(): number {
    return this.ws.bufferedAmount;
  }

  close(): Promise<void> {
    this.closing = true;
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.ws.terminate();
        resolve();
      }, 2_000);
      this.ws.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      this.ws.close(1000, 'bench done');
    });
  }

  private receive(data: WebSocket.RawData, isBinary: boolean): ServerFrame | undefined {
    if (isBinary) {
      this.count('(binary)');
      return undefined;
    }
    let frame: ServerFrame;
    try {
      frame = JSON.parse(rawToString(data)) as ServerFrame;
    } catch {
      this.count('(not json)');
      return undefined;
    }
    this.count(frame.type);
    this.checker.check(frame);
    return frame;
  }

  private dispatch(data: WebSocket.RawData, isBinary: boolean): void {
    const at = performance.now();
    const frame = this.receive(data, isBinary);
    if (!frame) return;
    switch (frame.type) {
      case 'ack':
        this.handlers.onAck?.(frame, at);
        this.onAcked?.(frame.clientId, at);
        break;
      case 'message.created':
        this.handlers.onMessage?.(frame, at);
        this.onDelivered?.(deliveredOf(frame), at);
        break;
      case 'error':
        this.handlers.onError?.(frame, at);
        this.onRefused?.(frame.error.code, frame.clientId, at);
        break;
      default:
        break;
    }
  }

  private count(type: string): void {
    this.frameCounts.set(type, (this.frameCounts.get(type) ?? 0) + 1);
  }
}

/** The protocol-neutral view of a `message.created` frame. */
export function deliveredOf(frame: MessageCreatedFrame): DeliveredMessage {
  return { conversationId: frame.conversationId, clientId: frame.message.clientId, seq: frame.seq };
}

function rawToString(data: WebSocket.RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

/** Opens sockets for many users, a few at a time. */
export async function openSockets(
  /** One server for every socket, or the server of the i-th user (sockets spread over nodes). */
  wsUrl: string | ((i: number) => string),
  users: readonly BenchUser[],
  checker: FrameChecker,
  concurrency = 16,
): Promise<BenchSocket[]> {
  const sockets: BenchSocket[] = new Array<BenchSocket>(users.length);
  let next = 0;
  const worker = async () => {
    while (next < users.length) {
      const i = next++;
      sockets[i] = await BenchSocket.open(typeof wsUrl === 'string' ? wsUrl : wsUrl(i), users[i] as BenchUser, checker);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, users.length) }, worker));
  } catch (e) {
    await Promise.all(sockets.filter(Boolean).map((s) => s.close()));
    throw e;
  }
  return sockets;
}
