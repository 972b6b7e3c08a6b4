// Reports this device's delivered and read positions to the server. Delivered positions are
// reported automatically when the client applies messages from others, coalesced per
// conversation over a short delay; markRead reports at once. Both go over the socket (a
// `receipts` frame) when it is connected, else over HTTP. Positions only move forward: a report
// at or behind what this device already reported is not sent.
import type { ReceiptsFrame } from '@anytime/protocol';
import type { CallRoute } from '../state/load-state.js';

type Position = { deliveredSeq?: number; readSeq?: number };

export interface ReceiptReporterOptions {
  /** Sends a frame on the socket; false when it is not connected. */
  transmit: (frame: ReceiptsFrame) => boolean;
  call: CallRoute;
  /** How long delivered reports wait to be coalesced, ms. */
  delayMs?: number;
}

export class ReceiptReporter {
  private readonly pending = new Map<string, Position>();
  private readonly reported = new Map<string, { delivered: number; read: number }>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight = new Set<Promise<unknown>>();

  constructor(private readonly opts: ReceiptReporterOptions) {}

  delivered(conversationId: string, seq: number): void {
    if (!this.merge(conversationId, { deliveredSeq: seq })) return;
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.flush().catch(() => undefined);
    }, this.opts.delayMs ?? 50);
  }

  /** Reports the read position now (over the socket if connected); resolves once it is handed over. */
  async read(conversationId: string, seq: number): Promise<void> {
    this.merge(conversationId, { readSeq: seq });
    await this.flush(conversationId);
  }

  /** Resolves once nothing is waiting or on its way. */
  async idle(): Promise<void> {
    while (this.timer !== undefined || this.inFlight.size > 0) {
      if (this.timer !== undefined) {
        clearTimeout(this.timer);
        this.timer = undefined;
        await this.flush().catch(() => undefined);
      }
      await Promise.allSettled([...this.inFlight]);
    }
  }

  /** Forgets everything (a new session). */
  reset(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
    this.reported.clear();
  }

  /** Adds to the pending report; returns whether it moves past what was already reported. */
  private merge(conversationId: string, p: Position): boolean {
    const done = this.reported.get(conversationId) ?? { delivered: 0, read: 0 };
    const cur = this.pending.get(conversationId) ?? {};
    const next: Position = { ...cur };
    if (p.deliveredSeq !== undefined && p.deliveredSeq > Math.max(done.delivered, cur.deliveredSeq ?? 0)) {
      next.deliveredSeq = p.deliveredSeq;
    }
    if (p.readSeq !== undefined && p.readSeq > Math.max(done.read, cur.readSeq ?? 0)) next.readSeq = p.readSeq;
    if (next.deliveredSeq === cur.deliveredSeq && next.readSeq === cur.readSeq) return false;
    this.pending.set(conversationId, next);
    return true;
  }

  private async flush(only?: string): Promise<void> {
    const ids = only !== undefined ? [only] : [...this.pending.keys()];
    const sends: Promise<unknown>[] = [];
    for (const conversationId of ids) {
      const p = this.pending.get(conversationId);
      if (!p) continue;
      this.pending.delete(conversationId);
      const done = this.reported.get(conversationId) ?? { delivered: 0, read: 0 };
      this.reported.set(conversationId, {
        delivered: Math.max(done.delivered, p.deliveredSeq ?? 0, p.readSeq ?? 0),
        read: Math.max(done.read, p.readSeq ?? 0),
      });
      if (this.opts.transmit({ type: 'receipts', conversationId, ...p })) continue;
      const sent = this.opts.call('reportReceipts', { params: { id: conversationId }, body: p });
      this.inFlight.add(sent);
      void sent.catch(() => undefined).finally(() => this.inFlight.delete(sent));
      sends.push(sent);
    }
    await Promise.all(sends);
  }
}
