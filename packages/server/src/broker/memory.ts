// In-process broker: the single-node default. Delivery is synchronous and in order.
import type { Broker, BrokerHandler } from './broker.js';

export class MemoryBroker implements Broker {
  readonly kind = 'memory' as const;
  private readonly subs = new Map<string, Set<BrokerHandler>>();

  publish(subject: string, payload: unknown): void {
    for (const h of this.subs.get(subject) ?? []) h(payload);
  }

  subscribe(subject: string, handler: BrokerHandler): () => void {
    let set = this.subs.get(subject);
    if (!set) this.subs.set(subject, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  onReconnect(): void {}

  connected(): boolean {
    return true;
  }

  async close(): Promise<void> {
    this.subs.clear();
  }
}
