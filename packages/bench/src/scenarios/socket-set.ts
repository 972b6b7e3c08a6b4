// Opens the sockets a scenario needs, feeds every `message.created` they get into the
// scenario's delivery ledger, and on close lists what went wrong on them.
import { openSockets, type BenchSocket, type MessageCreatedFrame } from '../bench-socket.js';
import type { DeliveryKind, DeliveryLedger, SentRecord } from '../delivery-ledger.js';
import type { BenchUser } from '../http-client.js';
import type { BenchWorld } from './world.js';

export type DeliveryListener = (kind: DeliveryKind, record: SentRecord | undefined, at: number) => void;

export class SocketSet {
  private constructor(
    readonly sockets: BenchSocket[],
    private readonly world: BenchWorld,
  ) {}

  static async open(
    world: BenchWorld,
    users: readonly BenchUser[],
    ledger: DeliveryLedger,
    onDelivery?: DeliveryListener,
    /** The server of the i-th user's socket (default: the world's server). */
    wsUrlFor?: (i: number) => string,
  ): Promise<SocketSet> {
    const sockets = await openSockets(wsUrlFor ?? world.server.wsUrl, users, world.checker);
    for (const socket of sockets) {
      socket.handlers.onMessage = (frame: MessageCreatedFrame, at: number) => {
        const d = ledger.delivered(socket, frame);
        onDelivery?.(d.kind, d.record, at);
      };
    }
    return new SocketSet(sockets, world);
  }

  /** Closes every socket; returns unexpected closes and error frames seen, one line each. */
  async close(): Promise<string[]> {
    const problems: string[] = [];
    const closes = new Map<string, number>();
    for (const s of this.sockets) {
      if (s.unexpectedClose) {
        const key = `${s.unexpectedClose.code} ${s.unexpectedClose.reason}`.trim();
        closes.set(key, (closes.get(key) ?? 0) + 1);
      }
    }
    for (const [why, n] of closes) problems.push(`${n} socket(s) closed by the server: ${why}`);
    const odd = new Map<string, number>();
    for (const s of this.sockets) {
      for (const [type, n] of s.frameCounts) {
        if (type.startsWith('(')) odd.set(type, (odd.get(type) ?? 0) + n);
      }
    }
    for (const [type, n] of odd) problems.push(`${n} frame(s) ${type}`);
    await Promise.all(this.sockets.map((s) => s.close()));
    problems.push(...this.world.checker.problems.splice(0));
    return problems;
  }
}
